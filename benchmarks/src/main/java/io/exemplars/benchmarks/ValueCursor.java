package io.exemplars.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One benchmark thread's position in {@link LatencyValues}. Per thread, so two recording threads
 * never share (and never contend on) the index.
 */
@State(Scope.Thread)
public class ValueCursor {
    private int index;

    /**
     * @return the next latency value, cycling
     */
    public double next() {
        return LatencyValues.at(index++);
    }
}
