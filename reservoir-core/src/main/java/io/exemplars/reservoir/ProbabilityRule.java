package io.exemplars.reservoir;

/**
 * {@link ExemplarSelection#withProbability}: an independent coin per candidate
 * ({@link SamplingRandom}, no shared state). Stateless, so one instance is every series' filter.
 *
 * @param probability the chance a candidate passes, in {@code (0, 1]}
 */
record ProbabilityRule(double probability) implements StatelessRule {
    ProbabilityRule {
        if (!(probability > 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("withProbability p must be in (0, 1], was " + probability);
        }
    }

    @Override
    public boolean test(final double value, final Object attributes, final Object context) {
        return probability == 1.0 || SamplingRandom.nextDouble() < probability;
    }

    @Override
    public String toString() {
        return "withProbability(" + probability + ')';
    }
}
