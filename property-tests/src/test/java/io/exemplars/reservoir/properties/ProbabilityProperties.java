package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.ExemplarSelection;
import io.exemplars.reservoir.SeriesFilter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code withProbability(p)} lets through a share {@code p} of the candidates: over
 * {@value #CANDIDATES} candidates the passed count is Binomial(N, p), and the observed share must be
 * within {@code Z * sqrt(p (1 - p) / N)} of {@code p}, {@code Z = 3.29} (two-sided, p = 0.001).
 * For p = 0.01, 0.1, 0.5: bounds of 0.00033, 0.00099, 0.00165.
 *
 * <p>Companion: a rule built with a probability 3 % higher than the one checked (a biased coin)
 * is outside the bound (by 10 bounds at p = 0.1, N = 1,000,000).
 */
class ProbabilityProperties {
    private static final int CANDIDATES = 1_000_000;
    private static final double BIAS = 1.03;

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(doubles = {0.01, 0.1, 0.5})
    void passedShareMatchesP(final double p) {
        assertFalse(rejects(p, ExemplarSelection.withProbability(p)));
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(doubles = {0.1, 0.5})
    void companionDetectsABiasedCoin(final double p) {
        assertTrue(rejects(p, ExemplarSelection.withProbability(p * BIAS)));
    }

    private static boolean rejects(final double p, final ExemplarSelection rule) {
        final double bound = ToleranceCheck.Z * Math.sqrt(p * (1 - p) / CANDIDATES);
        return ToleranceCheck.rejects(rule + " checked against p = " + p + ", N = " + CANDIDATES, () -> {
            final SeriesFilter<Object> filter = rule.newSeriesFilter();
            long passed = 0;
            for (int i = 0; i < CANDIDATES; i++) {
                passed += filter.test(i, null, null) ? 1 : 0;
            }
            return new ToleranceCheck.Run((double) passed / CANDIDATES, p, bound);
        });
    }
}
