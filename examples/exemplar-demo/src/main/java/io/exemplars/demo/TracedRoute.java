package io.exemplars.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.io.IOException;

/**
 * Serves one route as an instrumented HTTP server request: a SERVER span around the route's work,
 * the {@code http.server.request.duration} histogram, and the {@code http.server.errors} counter on
 * a 5xx. Both measurements are recorded while the server span is current, which is what lets the
 * exemplar reservoirs attach that span's trace id to them.
 */
public final class TracedRoute implements HttpHandler {

    /** A route's work, run inside the server span. */
    @FunctionalInterface
    public interface Work {
        /**
         * @return the response to send
         * @throws InterruptedException if the request thread is interrupted (the demo is stopping)
         */
        RouteResponse run() throws InterruptedException;
    }

    /**
     * The server span's attribute holding the exact duration recorded in the histogram, in
     * seconds: an exemplar's value, found again on its trace (the span itself lasts a little
     * longer: the response is written before the measurement, the span ends after it).
     */
    public static final AttributeKey<Double> RECORDED_SECONDS = AttributeKey.doubleKey("demo.recorded_seconds");

    /** The response header naming the request's trace: {@code 00-<trace id>-<span id>-<flags>}. */
    public static final String TRACE_RESPONSE_HEADER = "traceresponse";

    private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final double NANOS_PER_SECOND = 1e9;
    private static final int SERVICE_UNAVAILABLE = 503;

    private final String route;
    private final Work work;
    private final Tracer tracer;
    private final DoubleHistogram requestDuration;
    private final LongCounter serverErrors;

    /**
     * @param route           the route template, e.g. {@code /api/users}
     * @param work            the route's work
     * @param telemetry       source of the tracer and the two instruments
     */
    public TracedRoute(String route, Work work, DemoTelemetry telemetry) {
        this.route = route;
        this.work = work;
        this.tracer = telemetry.tracer();
        this.requestDuration = telemetry.requestDuration();
        this.serverErrors = telemetry.serverErrors();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        final String method = exchange.getRequestMethod();
        final Span span = tracer.spanBuilder(method + " " + route)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(HTTP_METHOD, method)
                .setAttribute(HTTP_ROUTE, route)
                .setAttribute(URL_PATH, exchange.getRequestURI().getPath())
                .startSpan();
        // Timed from the span's start to just before its end, so the recorded duration never
        // exceeds the duration of the trace an exemplar links it to.
        final long startNanos = System.nanoTime();
        try (Scope ignored = span.makeCurrent()) {
            RouteResponse response;
            try {
                response = work.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response = new RouteResponse(SERVICE_UNAVAILABLE,
                        new JsonWriter().beginObject().name("error").value("shutting down").endObject().toString());
            }
            span.setAttribute(HTTP_STATUS, (long) response.status());
            if (response.isServerError()) {
                span.setStatus(StatusCode.ERROR, "HTTP " + response.status());
            }
            // W3C Trace Context level 2: tells the caller which trace served it.
            exchange.getResponseHeaders().set(TRACE_RESPONSE_HEADER, "00-" + span.getSpanContext().getTraceId()
                    + "-" + span.getSpanContext().getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
            try {
                response.writeTo(exchange);
            } finally {
                final double seconds = (System.nanoTime() - startNanos) / NANOS_PER_SECOND;
                final Attributes attributes = Attributes.of(
                        HTTP_METHOD, method, HTTP_ROUTE, route, HTTP_STATUS, (long) response.status());
                span.setAttribute(RECORDED_SECONDS, seconds);
                requestDuration.record(seconds, attributes);
                if (response.isServerError()) {
                    serverErrors.add(1, Attributes.of(
                            HTTP_ROUTE, route, ERROR_TYPE, Integer.toString(response.status())));
                }
            }
        } finally {
            span.end();
            exchange.close();
        }
    }
}
