package io.exemplars.reservoir;

import java.util.SortedSet;

/**
 * {@link ExemplarSelection#aboveQuantile}: a value strictly above the series' estimated
 * {@code quantile} ({@link QuantileWindow}).
 *
 * @param quantile the quantile, in {@code (0, 1)}
 */
record QuantileRule(double quantile) implements SelectionRule {
    QuantileRule {
        if (!(quantile > 0.0 && quantile < 1.0)) {
            throw new IllegalArgumentException("aboveQuantile q must be in (0, 1), was " + quantile);
        }
    }

    @Override
    public <C> SeriesFilter<C> seriesFilter(final QuantileWindow window) {
        return new AboveQuantileFilter<>(window, window.indexOf(quantile));
    }

    @Override
    public void collectQuantiles(final SortedSet<Double> into) {
        into.add(quantile);
    }

    @Override
    public String toString() {
        return "aboveQuantile(" + quantile + ')';
    }
}
