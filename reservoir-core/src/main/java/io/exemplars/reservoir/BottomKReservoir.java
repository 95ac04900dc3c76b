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
    private final SeriesFilter<C> filter;
    /** The filter's {@link SeriesFilter#observedKeyBound()}, read once: the offer path compares to it. */
    private final long observedKeyBound;

    /**
     * @param what      the reservoir's name in error messages
     * @param arena     where the reservoir leases its slots
     * @param size      how many exemplars to keep
     * @param capturer  reads the payload of a kept offer from the caller's context
     * @param filter    this series' own filter
     * @param retention how non-resetting collections keep exemplars
     * @throws IllegalArgumentException naming the bad size, or if an argument is null
     */
    BottomKReservoir(final String what, final SlotArena arena, final int size, final ExemplarCapturer<C> capturer,
                     final SeriesFilter<C> filter, final Retention retention) {
        ReservoirArguments.requireNonNull(filter, "filter");
        this.engine = new BottomKEngine<>(this, what, arena, size, capturer, filter, retention);
        this.filter = filter;
        this.observedKeyBound = filter.observedKeyBound();
    }

    /** @return whether the series filter observes any offers (only then need a key-less reservoir draw) */
    final boolean observes() {
        return observedKeyBound >= 0;
    }

    /**
     * Shows the offer to the series filter when {@code draw}, a uniform 63-bit number the offer
     * drew anyway, falls below the filter's bound: the filter's thinned sample, with no extra draw.
     */
    final void observeIfDrawn(final long draw, final double value) {
        if (draw < observedKeyBound) {
            ReservoirArguments.observe(filter, value);
        }
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
