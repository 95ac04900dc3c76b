package io.exemplars.otel.autoconfigure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The service {@link AgentEndToEndIT} runs under the OpenTelemetry Java agent, in a JVM of its own:
 * nothing but the JDK's {@code com.sun.net.httpserver.HttpServer}, with no OpenTelemetry code, so
 * that every span and the {@code http.server.request.duration} histogram come from the agent's
 * own instrumentation.
 *
 * <p>{@code GET /work?sleepMicros=N} waits N microseconds and answers {@code ok}. The server has no
 * executor, so its one dispatcher thread handles the requests one after the other: the agent
 * records their durations in the order the requests arrive. It prints {@value #READY} once it
 * listens, and ends itself after {@code maxLifetimeSeconds} should its parent never stop it.
 *
 * <p>Arguments: {@code port maxLifetimeSeconds}.
 */
public final class AgentTestService {
    /** The line printed once the server listens. */
    static final String READY = "AGENT-TEST-SERVICE-READY";
    /** The one traced route. */
    static final String ROUTE = "/work";
    /** The query parameter that sets the wait. */
    static final String SLEEP_PARAMETER = "sleepMicros";
    private static final long MAX_SLEEP_MICROS = TimeUnit.SECONDS.toMicros(1);

    private AgentTestService() {
    }

    /**
     * @param args the port on 127.0.0.1, and the lifetime after which the service exits anyway
     * @throws IOException if the server cannot bind
     */
    public static void main(final String[] args) throws IOException, InterruptedException {
        final int port = Integer.parseInt(args[0]);
        final long maxLifetimeSeconds = Long.parseLong(args[1]);
        final HttpServer server = HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext(ROUTE, AgentTestService::work);
        server.start();
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(TimeUnit.SECONDS.toMillis(maxLifetimeSeconds));
        System.out.println("AgentTestService: lifetime of " + maxLifetimeSeconds + " s over, exiting");
        server.stop(0);
        System.exit(0);
    }

    private static void work(final HttpExchange exchange) throws IOException {
        final long micros = Math.min(MAX_SLEEP_MICROS, sleepMicros(exchange.getRequestURI()));
        final long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        final byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static long sleepMicros(final URI uri) {
        final String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(SLEEP_PARAMETER + "=")) {
                    return Long.parseLong(pair.substring(SLEEP_PARAMETER.length() + 1));
                }
            }
        }
        return 0;
    }
}
