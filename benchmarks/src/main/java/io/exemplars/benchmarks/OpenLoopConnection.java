package io.exemplars.benchmarks;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * One connection's share of an open-loop schedule, as in wrk2: connection {@code c} of {@code C}
 * sends request {@code j} at the intended time {@code start + (c + j C) period}, whether or not
 * the previous answer was late; a request the connection could only send late (because the
 * previous answer was still outstanding) is still timed from its intended send time. So a stall of
 * the service shows in the latency of every request it delayed, not just of one (no coordinated
 * omission). Requests whose intended time falls in {@code [measureFrom, end)} are measured.
 */
final class OpenLoopConnection implements Runnable {
    /** Highest latency the histograms track, nanoseconds (a minute). */
    static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

    private final KeepAliveConnection connection;
    private final long start;
    private final double periodNanos;
    private final int index;
    private final int connections;
    private final long measureFrom;
    private final long end;
    private final Histogram corrected = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
    private final Histogram uncorrected = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
    private long errors;
    private long measured;

    /**
     * @param connection  the connection to send on
     * @param start       the first intended send time of the schedule, {@link System#nanoTime()}
     * @param periodNanos time between two intended send times of the whole schedule
     * @param index       this connection's index, {@code c}
     * @param connections all connections, {@code C}
     * @param measureFrom intended send times from here on are measured
     * @param end         the first intended send time not sent
     */
    OpenLoopConnection(final KeepAliveConnection connection, final long start, final double periodNanos,
                       final int index, final int connections, final long measureFrom, final long end) {
        this.connection = connection;
        this.start = start;
        this.periodNanos = periodNanos;
        this.index = index;
        this.connections = connections;
        this.measureFrom = measureFrom;
        this.end = end;
    }

    @Override
    public void run() {
        try {
            for (long j = 0; ; j++) {
                final long intended = start + (long) ((index + j * connections) * periodNanos);
                if (intended >= end) {
                    return;
                }
                waitUntil(intended);
                final long sent = System.nanoTime();
                boolean ok;
                try {
                    ok = connection.get() == 200;
                } catch (final IOException failed) {
                    ok = false;
                }
                final long done = System.nanoTime();
                if (intended >= measureFrom) {
                    if (ok) {
                        corrected.recordValue(Math.min(HIGHEST_TRACKABLE_NANOS, done - intended));
                        uncorrected.recordValue(Math.min(HIGHEST_TRACKABLE_NANOS, done - sent));
                        measured++;
                    } else {
                        errors++;
                    }
                }
            }
        } finally {
            connection.close();
        }
    }

    /** Parks, never spins: on a small machine a spinning client would take the service's CPU. */
    private static void waitUntil(final long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** @return latency from the intended send time, nanoseconds (read after the thread ended) */
    Histogram corrected() {
        return corrected;
    }

    /** @return latency from the actual send time, nanoseconds (read after the thread ended) */
    Histogram uncorrected() {
        return uncorrected;
    }

    /** @return measured requests that failed or did not answer 200 */
    long errors() {
        return errors;
    }

    /** @return measured requests answered 200 */
    long measured() {
        return measured;
    }
}
