package io.exemplars.reservoir;

import java.util.SortedSet;

/**
 * One node of an {@link ExemplarSelection}: an immutable value (records, compared by value) that
 * makes the per-series filter for its part of the expression.
 */
sealed interface SelectionRule permits StatelessRule, QuantileRule, CompositeRule {
    /**
     * @param window the series' quantile estimate, shared by every quantile of the expression; null
     *               when the expression has no quantile
     * @param <C>    the caller's measurement context type
     * @return this node's filter for one series
     */
    <C> SeriesFilter<C> seriesFilter(QuantileWindow window);

    /**
     * Adds the quantiles this node (and its children) compare with.
     *
     * @param into the quantiles found so far
     */
    void collectQuantiles(SortedSet<Double> into);
}
