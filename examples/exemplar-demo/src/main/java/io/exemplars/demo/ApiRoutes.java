package io.exemplars.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.util.concurrent.TimeUnit;

/**
 * The demo's business routes. Each simulates its work in child spans of the request's server span
 * (started by {@link TracedRoute}), so a trace shows which part of a request was slow or failed:
 * <ul>
 *   <li>{@code /api/users}: a "database query" that is occasionally slow (about 800 ms);</li>
 *   <li>{@code /api/orders}: a fast "database query", then an "external payment" call that is
 *       occasionally slow (0.6 to 1.2 s);</li>
 *   <li>{@code /api/checkout}: "reserve stock", then "charge card", which occasionally fails: the
 *       child and the request get span status ERROR and the request answers 500.</li>
 * </ul>
 */
public final class ApiRoutes {

    /** Name of the child span that is slow on {@code /api/users}. */
    public static final String DATABASE_QUERY_SPAN = "database query";
    /** Name of the child span that is slow on {@code /api/orders}. */
    public static final String EXTERNAL_PAYMENT_SPAN = "external payment";
    public static final String RESERVE_STOCK_SPAN = "reserve stock";
    /** Name of the child span that fails on {@code /api/checkout}. */
    public static final String CHARGE_CARD_SPAN = "charge card";

    /** Set to true on a child span whose slowness or failure was injected. */
    public static final AttributeKey<Boolean> INJECTED_FAULT = AttributeKey.booleanKey("demo.injected_fault");
    private static final AttributeKey<String> DB_STATEMENT = AttributeKey.stringKey("db.query.text");
    private static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");

    // Simulated durations in milliseconds. Slow work starts well above 0.5 s and fast work ends well
    // below it, so the histogram's >= 0.5 s buckets hold exactly the slow requests.
    private static final long FAST_QUERY_MIN_MS = 2;
    private static final long FAST_QUERY_MAX_MS = 25;
    private static final long SLOW_QUERY_MIN_MS = 700;
    private static final long SLOW_QUERY_MAX_MS = 900;
    private static final long FAST_PAYMENT_MIN_MS = 10;
    private static final long FAST_PAYMENT_MAX_MS = 60;
    private static final long SLOW_PAYMENT_MIN_MS = 600;
    private static final long SLOW_PAYMENT_MAX_MS = 1200;
    private static final long RESERVE_MIN_MS = 2;
    private static final long RESERVE_MAX_MS = 10;
    private static final long CHARGE_MIN_MS = 10;
    private static final long CHARGE_MAX_MS = 40;

    private static final int OK = 200;
    private static final int INTERNAL_ERROR = 500;

    private final Tracer tracer;
    private final FaultInjector usersSlow;
    private final FaultInjector ordersSlow;
    private final FaultInjector checkoutErrors;

    /**
     * @param tracer         starts the child spans
     * @param usersSlow      decides which {@code /api/users} requests are slow
     * @param ordersSlow     decides which {@code /api/orders} requests are slow
     * @param checkoutErrors decides which {@code /api/checkout} requests fail
     */
    public ApiRoutes(Tracer tracer, FaultInjector usersSlow, FaultInjector ordersSlow,
                     FaultInjector checkoutErrors) {
        this.tracer = tracer;
        this.usersSlow = usersSlow;
        this.ordersSlow = ordersSlow;
        this.checkoutErrors = checkoutErrors;
    }

    /** {@code GET /api/users}: one database query, occasionally slow. */
    public RouteResponse users() throws InterruptedException {
        final boolean slow = usersSlow.strikes();
        final long millis = slow
                ? usersSlow.millisBetween(SLOW_QUERY_MIN_MS, SLOW_QUERY_MAX_MS)
                : usersSlow.millisBetween(FAST_QUERY_MIN_MS, FAST_QUERY_MAX_MS);
        final Span query = tracer.spanBuilder(DATABASE_QUERY_SPAN)
                .setAttribute(DB_STATEMENT, "SELECT id, name FROM users LIMIT 3")
                .setAttribute(INJECTED_FAULT, slow)
                .startSpan();
        try (Scope ignored = query.makeCurrent()) {
            pause(millis);
        } finally {
            query.end();
        }
        final JsonWriter json = new JsonWriter().beginObject().name("users").beginArray();
        for (String name : new String[] {"ada", "grace", "edsger"}) {
            json.value(name);
        }
        return new RouteResponse(OK, json.endArray().endObject().toString());
    }

    /** {@code GET /api/orders}: a fast query, then an external payment call, occasionally slow. */
    public RouteResponse orders() throws InterruptedException {
        final boolean slow = ordersSlow.strikes();
        final long queryMillis = ordersSlow.millisBetween(FAST_QUERY_MIN_MS, FAST_QUERY_MAX_MS);
        final long paymentMillis = slow
                ? ordersSlow.millisBetween(SLOW_PAYMENT_MIN_MS, SLOW_PAYMENT_MAX_MS)
                : ordersSlow.millisBetween(FAST_PAYMENT_MIN_MS, FAST_PAYMENT_MAX_MS);
        final Span query = tracer.spanBuilder(DATABASE_QUERY_SPAN)
                .setAttribute(DB_STATEMENT, "SELECT id, total FROM orders WHERE user_id = ?")
                .setAttribute(INJECTED_FAULT, false)
                .startSpan();
        try (Scope ignored = query.makeCurrent()) {
            pause(queryMillis);
        } finally {
            query.end();
        }
        final Span payment = tracer.spanBuilder(EXTERNAL_PAYMENT_SPAN)
                .setAttribute(PEER_SERVICE, "payments")
                .setAttribute(INJECTED_FAULT, slow)
                .startSpan();
        try (Scope ignored = payment.makeCurrent()) {
            pause(paymentMillis);
        } finally {
            payment.end();
        }
        return new RouteResponse(OK, new JsonWriter().beginObject()
                .name("orders").beginArray().value(1001).value(1002).endArray()
                .name("paymentStatus").value("settled")
                .endObject().toString());
    }

    /** {@code GET /api/checkout}: reserve stock, then charge the card, which occasionally fails. */
    public RouteResponse checkout() throws InterruptedException {
        final boolean fails = checkoutErrors.strikes();
        final long reserveMillis = checkoutErrors.millisBetween(RESERVE_MIN_MS, RESERVE_MAX_MS);
        final long chargeMillis = checkoutErrors.millisBetween(CHARGE_MIN_MS, CHARGE_MAX_MS);
        final Span reserve = tracer.spanBuilder(RESERVE_STOCK_SPAN).startSpan();
        try (Scope ignored = reserve.makeCurrent()) {
            pause(reserveMillis);
        } finally {
            reserve.end();
        }
        final Span charge = tracer.spanBuilder(CHARGE_CARD_SPAN)
                .setAttribute(PEER_SERVICE, "payments")
                .setAttribute(INJECTED_FAULT, fails)
                .startSpan();
        try (Scope ignored = charge.makeCurrent()) {
            pause(chargeMillis);
            if (fails) {
                charge.setStatus(StatusCode.ERROR, "card processor unavailable");
            }
        } finally {
            charge.end();
        }
        if (fails) {
            return new RouteResponse(INTERNAL_ERROR, new JsonWriter().beginObject()
                    .name("error").value("card processor unavailable")
                    .endObject().toString());
        }
        return new RouteResponse(OK, new JsonWriter().beginObject()
                .name("checkout").value("confirmed")
                .endObject().toString());
    }

    private static void pause(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }
}
