package io.exemplars.reservoir;

/**
 * What the three bottom-k reservoirs share ({@link FixedSizeUniformReservoir},
 * {@link SlowestValuesReservoir}, {@link ValueWeightedReservoir}): their {@link BottomKEngine}, the
 * series filter and its thinned view of the offers, collection and the lease's lifecycle. A
 * subclass supplies only its key: how {@code offerDouble} and {@code offerLong} turn a measurement
 * into the key the engine keeps the smallest of.
 *
 * @param <C> the caller's measurement context type
 */
abstract class BottomKReservoir<C> implements ExemplarReservoir<C> {
    final BottomKEngine<C> engine;

    /**
     * @param what      the reservoir's name in error messages
     * @param arena     where the reservoir leases its slots
     * @param size      how many exemplars to keep
     * @param capturer  reads the payload of a kept offer from the caller's context
     * @param filter    this series' own filter
     * @param retention how non-resetting collections keep exemplars
     * @param weightedKeys whether keys are {@link ValueKeys#weighted}: the engine then publishes the
     *                     threshold's reject scale too ({@link BottomKEngine#rejectScale()})
     * @throws IllegalArgumentException naming the bad size, or if an argument is null
     */
    BottomKReservoir(final String what, final SlotArena arena, final int size, final ExemplarCapturer<C> capturer,
                     final SeriesFilter<C> filter, final Retention retention, final boolean weightedKeys) {
        this.engine = new BottomKEngine<>(this, what, arena, size, capturer, filter, retention, weightedKeys);
    }

    @Override
    public final <S> int collect(final ExemplarVisitor<S> visitor, final S state, final boolean reset) {
        return engine.collect(visitor, state, reset);
    }

    @Override
    public final int capacity() {
        return engine.capacity();
    }

    @Override
    public final void close() {
        engine.close();
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "{size=" + engine.capacity() + ", " + engine.retention() + '}';
    }
}
