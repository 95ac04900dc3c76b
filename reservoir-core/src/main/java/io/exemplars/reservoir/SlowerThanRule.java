package io.exemplars.reservoir;

/**
 * {@link ExemplarSelection#slowerThan}: a value strictly above a fixed threshold. Stateless, so one
 * instance is every series' filter.
 *
 * @param threshold the threshold, not NaN
 */
record SlowerThanRule(double threshold) implements StatelessRule {
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
    public String toString() {
        return "slowerThan(" + threshold + ')';
    }
}
