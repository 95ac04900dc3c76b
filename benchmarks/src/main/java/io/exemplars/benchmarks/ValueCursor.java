package io.exemplars.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One benchmark thread's position in {@link LatencyValues}. Per thread, so two recording threads
 * never share (and never contend on) the index; each thread starts at its own offset, so two
 * threads offer different values at the same moment, as two requests would, rather than hitting
 * the same bucket in lockstep.
 */
@State(Scope.Thread)
public class ValueCursor {
    /** Offsets of successive threads' starting points, spread over the value array. */
    private static final int THREAD_STRIDE = LatencyValues.COUNT / 4 + 1;

    private int index;

    @Setup(Level.Trial)
    public void start(final ThreadParams thread) {
        index = thread.getThreadIndex() * THREAD_STRIDE;
    }

    /**
     * @return the next latency value, cycling
     */
    public double next() {
        return LatencyValues.at(index++);
    }
}
