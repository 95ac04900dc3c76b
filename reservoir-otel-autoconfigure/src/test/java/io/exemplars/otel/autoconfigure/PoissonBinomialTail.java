package io.exemplars.otel.autoconfigure;

/**
 * The upper tail of a Poisson-binomial distribution: the number of successes among independent
 * trials with their own success probabilities, computed exactly by dynamic programming.
 */
final class PoissonBinomialTail {

    private PoissonBinomialTail() {
    }

    /**
     * @param probabilities each trial's success probability, in [0, 1]
     * @param successes     the observed number of successes
     * @return P(X &gt;= successes)
     * @throws IllegalArgumentException naming the index and value of a probability outside [0, 1]
     */
    static double atLeast(final double[] probabilities, final int successes) {
        // distribution[s] = P(s successes among the trials so far)
        final double[] distribution = new double[probabilities.length + 1];
        distribution[0] = 1.0;
        for (int t = 0; t < probabilities.length; t++) {
            final double p = probabilities[t];
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("probability " + t + " must be in [0, 1], was " + p);
            }
            for (int s = t + 1; s >= 1; s--) {
                distribution[s] = distribution[s] * (1 - p) + distribution[s - 1] * p;
            }
            distribution[0] *= 1 - p;
        }
        double tail = 0.0;
        for (int s = Math.max(0, successes); s < distribution.length; s++) {
            tail += distribution[s];
        }
        return Math.min(1.0, tail);
    }
}
