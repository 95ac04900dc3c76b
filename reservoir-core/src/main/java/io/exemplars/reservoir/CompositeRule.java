package io.exemplars.reservoir;

import java.util.SortedSet;

/**
 * {@link ExemplarSelection#and} and {@link ExemplarSelection#or}: the children's per-series filters
 * combined with {@link SeriesFilters}.
 *
 * @param first  the left operand
 * @param second the right operand
 * @param both   {@code true} for "and", {@code false} for "or"
 */
record CompositeRule(SelectionRule first, SelectionRule second, boolean both) implements SelectionRule {
    @Override
    public <C> SeriesFilter<C> seriesFilter(final QuantileWindow window) {
        final SeriesFilter<C> left = first.seriesFilter(window);
        final SeriesFilter<C> right = second.seriesFilter(window);
        return both ? SeriesFilters.and(left, right) : SeriesFilters.or(left, right);
    }

    @Override
    public void collectQuantiles(final SortedSet<Double> into) {
        first.collectQuantiles(into);
        second.collectQuantiles(into);
    }

    @Override
    public String toString() {
        return first + (both ? ".and(" : ".or(") + second + ')';
    }
}
