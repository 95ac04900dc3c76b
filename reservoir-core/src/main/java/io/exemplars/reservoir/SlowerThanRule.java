package io.exemplars.reservoir;

import java.util.SortedSet;

/**
 * {@link ExemplarSelection#slowerThan}: a value strictly above a fixed threshold. Stateless, so one
 * instance is every series' filter.
 *
 * @param threshold the threshold, not NaN
 */
record SlowerThanRule(double threshold) implements SelectionRule, SeriesFilter<Object> {
    SlowerThanRule {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("slowerThan threshold must not be NaN, was " + threshold);
        }
    }

    @Override
    public boolean test(final double value, final Object attributes, final Object context) {
        return value > threshold;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C> SeriesFilter<C> seriesFilter(final QuantileWindow window) {
        return (SeriesFilter<C>) this;
    }

    @Override
    public void collectQuantiles(final SortedSet<Double> into) {
    }

    @Override
    public String toString() {
        return "slowerThan(" + threshold + ')';
    }
}
