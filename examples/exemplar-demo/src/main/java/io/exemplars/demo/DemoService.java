package io.exemplars.demo;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The running demo: the API routes and {@code /traces} on the JDK's {@code HttpServer}, the
 * metrics endpoint, the trace store and, if asked, the traffic generator. {@link #close()} stops
 * all of it.
 */
public final class DemoService implements AutoCloseable {

    public static final String USERS_ROUTE = "/api/users";
    public static final String ORDERS_ROUTE = "/api/orders";
    public static final String CHECKOUT_ROUTE = "/api/checkout";
    /** The routes, in the order of their {@link FaultInjector} route indexes. */
    public static final List<String> ROUTES = List.of(USERS_ROUTE, ORDERS_ROUTE, CHECKOUT_ROUTE);

    /**
     * Request threads. Slow requests sleep on their thread for up to 1.2 s, so a pool (rather
     * than the server's single dispatcher thread) keeps fast requests flowing meanwhile; 32 covers
     * the default traffic many times over.
     */
    private static final int REQUEST_THREADS = 32;
    private static final int BACKLOG = 128;
    private static final int STOP_DELAY_SECONDS = 1;
    private static final long STOP_TIMEOUT_SECONDS = 5;
    private static final String METRICS_PATH = "/metrics";

    private final DemoOptions options;
    private final RecentTraceStore traces;
    private final DemoTelemetry telemetry;
    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final TrafficGenerator traffic;

    private DemoService(DemoOptions options, RecentTraceStore traces, DemoTelemetry telemetry,
                        HttpServer server, ExecutorService requestThreads) {
        this.options = options;
        this.traces = traces;
        this.telemetry = telemetry;
        this.server = server;
        this.requestThreads = requestThreads;
        this.traffic = options.generateTraffic()
                ? new TrafficGenerator(ROUTES.stream().map(this::uri).toList(), options.trafficRate(), options.seed())
                : null;
    }

    /**
     * Starts the demo.
     *
     * @param options validated options
     * @return the running demo
     * @throws IOException if a port cannot be bound
     */
    public static DemoService start(DemoOptions options) throws IOException {
        final RecentTraceStore traces = new RecentTraceStore(options.traceCapacity());
        final DemoTelemetry telemetry = DemoTelemetry.start(options.bind(), options.metricsPort(), traces);
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), BACKLOG);
        } catch (IOException | RuntimeException e) {
            telemetry.close();
            throw e;
        }
        final ApiRoutes routes = new ApiRoutes(telemetry.tracer(),
                new FaultInjector(options.usersSlowRate(), options.seed(), ROUTES.indexOf(USERS_ROUTE)),
                new FaultInjector(options.ordersSlowRate(), options.seed(), ROUTES.indexOf(ORDERS_ROUTE)),
                new FaultInjector(options.checkoutErrorRate(), options.seed(), ROUTES.indexOf(CHECKOUT_ROUTE)));
        server.createContext(USERS_ROUTE, new TracedRoute(USERS_ROUTE, routes::users, telemetry));
        server.createContext(ORDERS_ROUTE, new TracedRoute(ORDERS_ROUTE, routes::orders, telemetry));
        server.createContext(CHECKOUT_ROUTE, new TracedRoute(CHECKOUT_ROUTE, routes::checkout, telemetry));
        server.createContext(TraceEndpoint.PATH, new TraceEndpoint(traces));
        final ExecutorService requestThreads =
                Executors.newFixedThreadPool(REQUEST_THREADS, new DaemonThreadFactory("demo-http"));
        server.setExecutor(requestThreads);
        server.start();
        return new DemoService(options, traces, telemetry, server, requestThreads);
    }

    /** @return the port of the API routes and {@code /traces} */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the port of {@code /metrics} */
    public int metricsPort() {
        return telemetry.metricsPort();
    }

    /**
     * @param path a path on the API port, e.g. {@code /api/users}
     * @return its absolute URL
     */
    public URI uri(String path) {
        return URI.create("http://" + hostForUrls() + ":" + port() + path);
    }

    /** @return the URL Prometheus scrapes */
    public URI metricsUri() {
        return URI.create("http://" + hostForUrls() + ":" + metricsPort() + METRICS_PATH);
    }

    /** @return the recent traces the demo serves */
    public RecentTraceStore traces() {
        return traces;
    }

    /** @return the options the demo runs with */
    public DemoOptions options() {
        return options;
    }

    /**
     * @return the traffic generator's count of requests sent, 0 if it is off
     */
    public long generatedRequests() {
        return traffic == null ? 0 : traffic.sent();
    }

    /** Stops the traffic, the server (letting requests in progress finish briefly) and the SDK. */
    @Override
    public void close() {
        if (traffic != null) {
            traffic.close();
        }
        server.stop(STOP_DELAY_SECONDS);
        requestThreads.shutdownNow();
        try {
            requestThreads.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        telemetry.close();
    }

    /** A wildcard bind address is not a host to put in a URL; loopback reaches it from here. */
    private String hostForUrls() {
        final String bind = options.bind();
        if ("0.0.0.0".equals(bind)) {
            return "127.0.0.1";
        }
        if ("::".equals(bind) || "::0".equals(bind)) {
            return "[::1]";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }
}
