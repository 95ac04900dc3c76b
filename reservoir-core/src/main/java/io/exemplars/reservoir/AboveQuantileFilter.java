package io.exemplars.reservoir;

/**
 * One quantile of an {@link ExemplarSelection} for one series: a value strictly above the
 * threshold its {@link QuantileWindow} last estimated (one volatile read). The window, not this
 * filter, observes offers and rolls at collection, once for all the expression's quantiles.
 */
final class AboveQuantileFilter<C> implements SeriesFilter<C> {
    private final QuantileWindow window;
    private final int index;

    AboveQuantileFilter(final QuantileWindow window, final int index) {
        this.window = window;
        this.index = index;
    }

    @Override
    public boolean test(final double value, final Object attributes, final C context) {
        return value > window.threshold(index);
    }

    @Override
    public String toString() {
        return "aboveQuantile(" + window.quantile(index) + ')';
    }
}
