package io.exemplars.benchmarks;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.locks.LockSupport;

/**
 * One recording thread of the latency harness: calls {@code DoubleHistogram.record} at fixed
 * intended start times, inside the sampled span made current, and records how long each call took.
 *
 * <p>Coordinated omission is corrected by measuring from the <em>intended</em> start time: when a
 * record is held up (a collection holding a lock, a GC, a descheduled thread), the records that
 * should have started meanwhile still count from when they were due, so the stall shows in the
 * distribution as many slow records rather than one. The uncorrected time (from the actual start)
 * is kept alongside for comparison.
 *
 * <p>The thread parks while the next start is far away and spins only the last
 * {@value #SPIN_NANOS} ns, longer than a typical park overshoot, so waiting neither burns the
 * cores the collector needs nor adds wake-up jitter to the figures.
 */
final class LatencyRecorder implements Runnable {
    /** Spin (rather than park) when the next start is closer than this. */
    static final long SPIN_NANOS = 100_000;
    /** Three significant digits, auto-resizing: any latency is recorded, none clipped. */
    private static final int SIGNIFICANT_DIGITS = 3;

    private final DoubleHistogram histogram;
    private final Attributes[] series;
    private final long intervalNanos;
    private final long measureFromNanos;
    private final long endNanos;
    private final int valueOffset;
    private final Histogram corrected = new Histogram(SIGNIFICANT_DIGITS);
    private final Histogram uncorrected = new Histogram(SIGNIFICANT_DIGITS);

    /**
     * @param histogram        the SDK instrument to record to
     * @param series           attribute sets cycled through, one per record
     * @param intervalNanos    time between two intended starts
     * @param measureFromNanos {@link System#nanoTime()} at which the warmup ends
     * @param endNanos         {@link System#nanoTime()} at which the run ends
     * @param valueOffset      where in {@link LatencyValues} this thread starts
     */
    LatencyRecorder(final DoubleHistogram histogram, final Attributes[] series, final long intervalNanos,
                    final long measureFromNanos, final long endNanos, final int valueOffset) {
        this.histogram = histogram;
        this.series = series;
        this.intervalNanos = intervalNanos;
        this.measureFromNanos = measureFromNanos;
        this.endNanos = endNanos;
        this.valueOffset = valueOffset;
    }

    @Override
    public void run() {
        final io.opentelemetry.context.Scope span = TraceContexts.sampledSpan().makeCurrent();
        try {
            final long start = System.nanoTime();
            for (long i = 0; ; i++) {
                final long intended = start + i * intervalNanos;
                if (intended >= endNanos) {
                    return;
                }
                waitUntil(intended);
                final long begin = System.nanoTime();
                histogram.record(LatencyValues.at(valueOffset + (int) i), series[(int) (i % series.length)]);
                final long end = System.nanoTime();
                if (intended >= measureFromNanos) {
                    corrected.recordValue(end - intended);
                    uncorrected.recordValue(end - begin);
                }
            }
        } finally {
            span.close();
        }
    }

    private static void waitUntil(final long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            if (remaining > SPIN_NANOS) {
                LockSupport.parkNanos(remaining - SPIN_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * @return latency from intended start to end, nanoseconds; read after the thread finished
     */
    Histogram corrected() {
        return corrected;
    }

    /**
     * @return latency from actual start to end, nanoseconds; read after the thread finished
     */
    Histogram uncorrected() {
        return uncorrected;
    }
}
