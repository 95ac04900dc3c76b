package io.exemplars.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends requests to the demo's own routes at a steady rate, so its dashboards have something to
 * show (and the end-to-end test has measurements to sample). Routes are picked uniformly by a
 * seeded {@link Random}. Requests are asynchronous, so a slow request never delays the next; at
 * most {@link #MAX_IN_FLIGHT} are outstanding, ticks beyond that are skipped (and counted).
 */
public final class TrafficGenerator implements AutoCloseable {

    /** Bounds the requests outstanding at once, so a stalled server cannot pile up work here. */
    public static final int MAX_IN_FLIGHT = 64;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int CLIENT_THREADS = 2;
    private static final long STOP_TIMEOUT_SECONDS = 5;

    private final List<URI> targets;
    private final Random routeChoice;
    private final HttpClient client;
    private final ExecutorService clientExecutor;
    private final ScheduledExecutorService ticker;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * Starts sending immediately.
     *
     * @param targets       the URLs to request, picked uniformly
     * @param requestsPerSecond the rate, above 0
     * @param seed          seed of the route choice
     * @throws IllegalArgumentException if {@code targets} is empty or the rate is not positive
     */
    public TrafficGenerator(List<URI> targets, double requestsPerSecond, long seed) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("targets must not be empty");
        }
        if (!(requestsPerSecond > 0.0 && requestsPerSecond <= DemoOptions.MAX_TRAFFIC_RATE)) {
            throw new IllegalArgumentException("requestsPerSecond must be in (0, "
                    + DemoOptions.MAX_TRAFFIC_RATE + "], was " + requestsPerSecond);
        }
        this.targets = List.copyOf(targets);
        this.routeChoice = new Random(seed);
        this.clientExecutor = Executors.newFixedThreadPool(CLIENT_THREADS, new DaemonThreadFactory("demo-traffic-client"));
        this.client = HttpClient.newBuilder()
                .executor(clientExecutor)
                .connectTimeout(REQUEST_TIMEOUT)
                .build();
        this.ticker = Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("demo-traffic-ticker"));
        final long periodNanos = Math.max(1L, (long) (NANOS_PER_SECOND / requestsPerSecond));
        ticker.scheduleAtFixedRate(this::sendOne, 0L, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** @return requests sent so far */
    public long sent() {
        return sent.get();
    }

    /** @return ticks skipped because {@link #MAX_IN_FLIGHT} requests were outstanding */
    public long skipped() {
        return skipped.get();
    }

    /** @return requests that got no HTTP response (connection refused, timeout) */
    public long failed() {
        return failed.get();
    }

    private void sendOne() {
        if (!inFlight.tryAcquire()) {
            skipped.incrementAndGet();
            return;
        }
        // Only the ticker thread draws, so the route sequence is fixed by the seed.
        final URI target = targets.get(routeChoice.nextInt(targets.size()));
        final HttpRequest request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT).GET().build();
        sent.incrementAndGet();
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        inFlight.release();
                        if (error != null) {
                            failed.incrementAndGet();
                        }
                    });
        } catch (RuntimeException e) {
            // A rejected submission (the generator is closing): give the permit back, never let
            // an exception cancel the periodic task.
            inFlight.release();
            failed.incrementAndGet();
        }
    }

    /** Stops sending and waits briefly for the scheduler and client threads to end. */
    @Override
    public void close() {
        ticker.shutdownNow();
        clientExecutor.shutdownNow();
        try {
            ticker.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            clientExecutor.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
