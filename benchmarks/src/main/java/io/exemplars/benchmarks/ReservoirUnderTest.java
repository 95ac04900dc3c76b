package io.exemplars.benchmarks;

import io.opentelemetry.context.Context;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One exemplar reservoir as the benchmarks drive it, whatever library it comes from: offered a
 * measurement with the trace context, and collected at the end of an interval.
 *
 * <p>Each benchmark fork creates one kind only, so the call through this interface is monomorphic
 * and costs nothing measurable after inlining.
 */
interface ReservoirUnderTest extends AutoCloseable {

    /**
     * Offers one measurement, as a histogram's record path would.
     *
     * @param value   the measurement
     * @param context the trace context the measurement was taken in
     */
    void offer(double value, Context context);

    /**
     * Ends an interval the way the implementation does at export time, and hands every kept
     * exemplar (all its fields) to {@code sink} so nothing is optimised away.
     *
     * @param sink consumes the collected exemplars
     */
    void collect(Blackhole sink);

    /** Gives back whatever the reservoir holds (off-heap slots for ours). */
    @Override
    default void close() {
    }
}
