package io.exemplars.reservoir;

/** {@link SeriesFilters#and} and {@link SeriesFilters#or}: two filters of one series, short-circuited. */
final class CompositeSeriesFilter<C> implements SeriesFilter<C> {
    private final SeriesFilter<C> first;
    private final SeriesFilter<C> second;
    /** {@code true}: both must accept; {@code false}: either suffices. */
    private final boolean both;
    private final long observedKeyBound;

    CompositeSeriesFilter(final SeriesFilter<C> first, final SeriesFilter<C> second, final boolean both) {
        this.first = ReservoirArguments.requireNonNull(first, "first filter");
        this.second = ReservoirArguments.requireNonNull(second, "second filter");
        this.both = both;
        this.observedKeyBound = Math.max(first.observedKeyBound(), second.observedKeyBound());
    }

    @Override
    public boolean test(final double value, final Object attributes, final C context) {
        return both ? first.test(value, attributes, context) && second.test(value, attributes, context)
            : first.test(value, attributes, context) || second.test(value, attributes, context);
    }

    @Override
    public long observedKeyBound() {
        return observedKeyBound;
    }

    @Override
    public void observe(final double value) {
        first.observe(value);
        second.observe(value);
    }

    @Override
    public void onCollect(final boolean reset) {
        first.onCollect(reset);
        second.onCollect(reset);
    }

    @Override
    public String toString() {
        return "(" + first + (both ? " and " : " or ") + second + ')';
    }
}
