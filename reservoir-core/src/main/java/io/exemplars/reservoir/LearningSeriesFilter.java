package io.exemplars.reservoir;

/**
 * An {@link ExemplarSelection}'s filter for one series whose expression has quantiles: the
 * expression's filter answers {@link #test}; the series' {@link QuantileWindow} sees the thinned
 * sample and rolls at each collection, once for all the quantiles.
 */
final class LearningSeriesFilter<C> implements SeriesFilter<C> {
    private final SeriesFilter<C> expression;
    private final QuantileWindow window;

    LearningSeriesFilter(final SeriesFilter<C> expression, final QuantileWindow window) {
        this.expression = expression;
        this.window = window;
    }

    @Override
    public boolean test(final double value, final Object attributes, final C context) {
        return expression.test(value, attributes, context);
    }

    @Override
    public long observedKeyBound() {
        return QuantileWindow.OBSERVED_KEY_BOUND;
    }

    @Override
    public void observe(final double value) {
        window.record(value);
    }

    @Override
    public void onCollect(final boolean reset) {
        window.roll();
    }

    @Override
    public String toString() {
        return expression + " with " + window;
    }
}
