package io.exemplars.reservoir.properties;

import java.util.List;

/**
 * What the properties drive: a core reservoir (through {@link ReservoirUnderTest}) or a deliberately
 * biased sampler of the test sources ({@link FirstKSampler}). Every property runs the same code on
 * both, so a companion that shows a check failing on a biased sampler shows the very check the
 * real reservoir passes.
 */
interface SamplerUnderTest extends AutoCloseable {

    /**
     * Offers one measurement; thread-safe.
     *
     * @param offer the measurement and its context
     */
    void offer(Offer offer);

    /**
     * Appends the kept exemplars to {@code into}; thread-safe, may run concurrently with offers.
     *
     * @param reset {@code true} to start a new interval (delta), {@code false} to keep (cumulative)
     * @param into  receives one snapshot per kept exemplar
     */
    void collect(boolean reset, List<ExemplarSnapshot> into);

    /** Releases the sampler's memory. */
    @Override
    void close();
}
