package io.exemplars.reservoir;

import java.util.SortedSet;

/**
 * A rule that looks only at the candidate, so one instance serves as every series' filter and it
 * compares with no quantile.
 */
sealed interface StatelessRule extends SelectionRule, SeriesFilter<Object> permits SlowerThanRule, ProbabilityRule {
    @Override
    @SuppressWarnings("unchecked")
    default <C> SeriesFilter<C> seriesFilter(final QuantileWindow window) {
        return (SeriesFilter<C>) this;
    }

    @Override
    default void collectQuantiles(final SortedSet<Double> into) {
    }
}
