package io.exemplars.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the collecting thread inside the collect itself, exported as JMH auxiliary
 * counters; {@link Measurement} turns them into bytes per collect.
 *
 * <p>Why not {@code -prof gc} alone: it counts every thread's allocation over the iteration,
 * JMH's own included (about 140 KB per iteration here). An offer benchmark runs ~10^8 operations
 * per iteration, so that vanishes; a collect of 1,000 series, re-populated before every collect,
 * runs only a few hundred, so it would show as hundreds of bytes per collect that no reservoir
 * allocated. Reading the collecting thread's own counter around the collect costs tens of
 * nanoseconds against a collect of tens of microseconds.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CollectorAllocation {
    /** Name of the bytes counter in JMH's results. */
    static final String BYTES_COUNTER = "collectorBytes";
    /** Name of the collect counter in JMH's results. */
    static final String COLLECTS_COUNTER = "collects";

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated by this thread inside measured collects, this iteration (JMH zeroes it). */
    public long collectorBytes;
    /** Measured collects, this iteration (JMH zeroes it). */
    public long collects;

    private long startBytes;

    /** Call right before the collect. */
    void start() {
        startBytes = THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Call right after the collect. */
    void stop() {
        collectorBytes += THREADS.getCurrentThreadAllocatedBytes() - startBytes;
        collects++;
    }
}
