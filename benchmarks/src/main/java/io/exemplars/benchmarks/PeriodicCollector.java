package io.exemplars.benchmarks;

import org.HdrHistogram.Histogram;

import java.util.concurrent.locks.LockSupport;

/**
 * The latency harness's collector: collects every metric of the provider on a fixed period, as a
 * periodic exporting reader would, concurrently with the recording threads, and keeps how long each
 * collection took and how many exemplars it returned.
 */
final class PeriodicCollector implements Runnable {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final SdkPipeline pipeline;
    private final long periodNanos;
    private final long measureFromNanos;
    private final long endNanos;
    private final Histogram collectNanos = new Histogram(SIGNIFICANT_DIGITS);
    private long exemplars;

    /**
     * @param pipeline         the provider to collect
     * @param periodNanos      time between two collections
     * @param measureFromNanos {@link System#nanoTime()} from which collections are counted
     * @param endNanos         {@link System#nanoTime()} at which the collector stops
     */
    PeriodicCollector(final SdkPipeline pipeline, final long periodNanos, final long measureFromNanos,
                      final long endNanos) {
        this.pipeline = pipeline;
        this.periodNanos = periodNanos;
        this.measureFromNanos = measureFromNanos;
        this.endNanos = endNanos;
    }

    @Override
    public void run() {
        for (long next = System.nanoTime() + periodNanos; next < endNanos; next += periodNanos) {
            LockSupport.parkNanos(next - System.nanoTime());
            final long begin = System.nanoTime();
            final int collected = pipeline.collectExemplars();
            final long took = System.nanoTime() - begin;
            if (begin >= measureFromNanos) {
                collectNanos.recordValue(took);
                exemplars += collected;
            }
        }
    }

    /**
     * @return duration of each measured collection, nanoseconds; read after the thread finished
     */
    Histogram collectNanos() {
        return collectNanos;
    }

    /**
     * @return exemplars returned by all measured collections
     */
    long exemplars() {
        return exemplars;
    }
}
