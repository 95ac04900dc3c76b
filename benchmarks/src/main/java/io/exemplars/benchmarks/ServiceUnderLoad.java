package io.exemplars.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP service of the {@link ServiceBenchmark}, run in a JVM of its own under the OpenTelemetry
 * Java agent: nothing but the JDK's {@code com.sun.net.httpserver.HttpServer} with a small worker
 * pool and no OpenTelemetry code, so every span and the {@code http.server.request.duration}
 * histogram (and so every exemplar offer) come from the agent's own instrumentation, as in a
 * service that adds only {@code -javaagent} to its start command.
 *
 * <p>Routes, on 127.0.0.1 only:
 * <ul>
 *   <li>{@value #WORK_ROUTE}: a fixed amount of CPU work ({@value #WORK_ROUNDS} rounds of an
 *       xorshift over a 1 KiB buffer, a few microseconds) and a short {@code text/plain} answer:
 *       a request whose cost is mostly the server's and the agent's own;</li>
 *   <li>{@value #STATS_ROUTE}: the process's state as {@code key=value} lines: {@value #CPU_KEY}
 *       (CPU time of the whole process, every thread, the agent's included), and with
 *       {@code ?gc=true}, after a {@code System.gc()}, {@value #HEAP_KEY} (heap in use) and
 *       {@value #DIRECT_KEY} (the JVM's direct buffers, our off-heap slots included).</li>
 * </ul>
 * It prints {@value #READY} once it listens and exits by itself after its lifetime, should its
 * parent never stop it. This class uses the JDK only and has no nested classes: the benchmark runs
 * it from a class path that holds this one class file.
 *
 * <p>Arguments: {@code port workerThreads maxLifetimeSeconds}.
 */
public final class ServiceUnderLoad {
    /** The line printed once the server listens. */
    static final String READY = "SERVICE-UNDER-LOAD-READY";
    /** The traced route the load generator calls. */
    static final String WORK_ROUTE = "/work";
    /** The route that reports the process's CPU time and memory. */
    static final String STATS_ROUTE = "/stats";
    /** Key of the process CPU time, nanoseconds. */
    static final String CPU_KEY = "cpuNanos";
    /** Key of the heap in use after a full GC, bytes. */
    static final String HEAP_KEY = "heapBytesAfterGc";
    /** Key of the JVM's reserved direct buffer memory, bytes. */
    static final String DIRECT_KEY = "directBytes";
    private static final int WORK_ROUNDS = 2_048;
    private static final int WORK_BUFFER = 1_024;

    private ServiceUnderLoad() {
    }

    /**
     * @param args the port on 127.0.0.1, the number of worker threads, the lifetime in seconds
     * @throws IOException if the server cannot bind
     * @throws InterruptedException if interrupted while living
     */
    public static void main(final String[] args) throws IOException, InterruptedException {
        final int port = Integer.parseInt(args[0]);
        final int workers = Integer.parseInt(args[1]);
        final long maxLifetimeSeconds = Long.parseLong(args[2]);
        final HttpServer server = HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        final ExecutorService pool = Executors.newFixedThreadPool(workers);
        server.setExecutor(pool);
        server.createContext(WORK_ROUTE, ServiceUnderLoad::work);
        server.createContext(STATS_ROUTE, ServiceUnderLoad::stats);
        server.start();
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(TimeUnit.SECONDS.toMillis(maxLifetimeSeconds));
        System.out.println("ServiceUnderLoad: lifetime of " + maxLifetimeSeconds + " s over, exiting");
        server.stop(0);
        pool.shutdownNow();
        System.exit(0);
    }

    private static void work(final HttpExchange exchange) throws IOException {
        final byte[] buffer = new byte[WORK_BUFFER];
        long state = System.nanoTime() | 1;
        for (int round = 0; round < WORK_ROUNDS; round++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            buffer[round & (WORK_BUFFER - 1)] ^= (byte) state;
        }
        answer(exchange, buffer[(int) (state & (WORK_BUFFER - 1))] == 0 ? "ok\n" : "ok.\n");
    }

    private static void stats(final HttpExchange exchange) throws IOException {
        final StringBuilder body = new StringBuilder();
        body.append(CPU_KEY).append('=').append(processCpuNanos()).append('\n');
        final String query = exchange.getRequestURI().getRawQuery();
        if (query != null && query.contains("gc=true")) {
            System.gc();
            body.append(HEAP_KEY).append('=').append(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())
                .append('\n');
            body.append(DIRECT_KEY).append('=').append(directBytes()).append('\n');
        }
        answer(exchange, body.toString());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    private static long directBytes() {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                return pool.getTotalCapacity();
            }
        }
        return -1;
    }

    private static void answer(final HttpExchange exchange, final String text) throws IOException {
        final byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
