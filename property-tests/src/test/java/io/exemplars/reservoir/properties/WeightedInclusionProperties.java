package io.exemplars.reservoir.properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ValueWeightedReservoir}: inclusion frequencies match the exact probabilities of weighted
 * sampling without replacement, and values {@code <= 0} are never kept.
 *
 * <p><b>k = 1.</b> Offers of weights {@code 1..8} (times a scale, see {@link Scale}), plus a 0 and a
 * negative value at the start and the end; offer {@code i} must be kept with probability
 * {@code w_i / sum w}. {@value #K1_TRIALS} intervals (at least 83 expected in the rarest cell),
 * Pearson's chi-square with unequal expected counts ({@link CellCounts#ofProportions}), df 7.
 *
 * <p><b>k = 2.</b> Offers of weights {@code 1..5}; the kept pair {@code {i, j}} must appear with
 * probability {@code p_i p_j (1 / (1 - p_i) + 1 / (1 - p_j))} (successive sampling, {@code p = w / sum w}),
 * one observation per interval over the 10 pairs, {@value #K2_TRIALS} intervals (at least 79
 * expected per pair), df 9.
 *
 * <p>Both at p = 0.001 with {@link UniformityCheck}'s confirmation of a rejection; the verdicts
 * are printed. Companion: the uniform fixed-size reservoir on the same offers is rejected.
 */
class WeightedInclusionProperties {
    private static final long OFFER_SEED = 0x5EED_0021L;
    private static final int K1_WEIGHTS = 8;
    private static final int K1_TRIALS = 3_000;
    private static final int K2_WEIGHTS = 5;
    private static final int K2_TRIALS = 4_000;

    /** How the weights {@code 1..n} are scaled: the inclusion probabilities must not change. */
    enum Scale {
        ONE(i -> Offer.ofDouble(OFFER_SEED, i, i)),
        TINY_SUBNORMAL(i -> Offer.ofDouble(OFFER_SEED, i, i * Double.MIN_VALUE)),
        TINY(i -> Offer.ofDouble(OFFER_SEED, i, i * 1e-300)),
        HUGE(i -> Offer.ofDouble(OFFER_SEED, i, i * 1e300)),
        LONG(i -> Offer.ofLong(OFFER_SEED, i, i * 1_000_000_000_000L));

        private final Function<Integer, Offer> weighted;

        Scale(final Function<Integer, Offer> weighted) {
            this.weighted = weighted;
        }

        /** Offers of weights 1..n (numbers 1..n) with a 0 (number 0) and a negative value (number n + 1) around them. */
        Offer[] offers(final int n) {
            final Offer[] offers = new Offer[n + 2];
            offers[0] = Offer.ofDouble(OFFER_SEED, 0, 0.0);
            for (int i = 1; i <= n; i++) {
                offers[i] = weighted.apply(i);
            }
            offers[n + 1] = Offer.ofDouble(OFFER_SEED, n + 1, -7.0);
            return offers;
        }
    }

    @ParameterizedTest
    @EnumSource(Scale.class)
    void oneOfNIsKeptInProportionToItsWeight(final Scale scale) {
        final UniformityVerdict verdict = oneOfN(SamplerFactory.weightedByValue(1), scale);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest
    @EnumSource(value = Scale.class, names = {"ONE", "HUGE"})
    void companionDetectsAUniformSampler(final Scale scale) {
        final UniformityVerdict verdict = oneOfN(SamplerFactory.fixedSizeUniform(1), scale);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest
    @EnumSource(value = Scale.class, names = {"ONE", "TINY_SUBNORMAL", "LONG"})
    void twoOfNFollowSuccessiveSampling(final Scale scale) {
        final UniformityVerdict verdict = twoOfN(SamplerFactory.weightedByValue(2), scale);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest
    @EnumSource(value = Scale.class, names = {"ONE"})
    void companionDetectsAUniformSamplerOfTwo(final Scale scale) {
        final UniformityVerdict verdict = twoOfN(SamplerFactory.fixedSizeUniform(2), scale);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    private static UniformityVerdict oneOfN(final SamplerFactory sampler, final Scale scale) {
        final double[] p = new double[K1_WEIGHTS];
        final double total = K1_WEIGHTS * (K1_WEIGHTS + 1) / 2.0;
        for (int i = 0; i < K1_WEIGHTS; i++) {
            p[i] = (i + 1) / total;
        }
        final Offer[] offers = scale.offers(K1_WEIGHTS);
        return UniformityCheck.check(sampler + ", 1 of weights 1.." + K1_WEIGHTS + " scaled " + scale + ", "
            + K1_TRIALS + " intervals", () -> {
                final CellCounts counts = CellCounts.ofProportions(p);
                SequentialTrials.run(sampler, offers, K1_TRIALS, kept -> {
                    for (final ExemplarSnapshot exemplar : kept) {
                        if (weighted(exemplar, sampler)) {
                            counts.add(weightIndex(exemplar));
                        }
                    }
                });
                return counts;
            });
    }

    private static UniformityVerdict twoOfN(final SamplerFactory sampler, final Scale scale) {
        final double total = K2_WEIGHTS * (K2_WEIGHTS + 1) / 2.0;
        final int pairs = K2_WEIGHTS * (K2_WEIGHTS - 1) / 2;
        final double[] probability = new double[pairs];
        for (int i = 0; i < K2_WEIGHTS; i++) {
            for (int j = i + 1; j < K2_WEIGHTS; j++) {
                final double pi = (i + 1) / total;
                final double pj = (j + 1) / total;
                probability[pairIndex(i, j)] = pi * pj * (1 / (1 - pi) + 1 / (1 - pj));
            }
        }
        final Offer[] offers = scale.offers(K2_WEIGHTS);
        return UniformityCheck.check(sampler + ", 2 of weights 1.." + K2_WEIGHTS + " scaled " + scale
            + ", which pair, " + K2_TRIALS + " intervals", () -> {
                final CellCounts counts = CellCounts.ofProportions(probability);
                SequentialTrials.run(sampler, offers, K2_TRIALS, kept -> {
                    if (!weighted(kept.get(0), sampler) || !weighted(kept.get(1), sampler)) {
                        return;
                    }
                    final int a = weightIndex(kept.get(0));
                    final int b = weightIndex(kept.get(1));
                    counts.add(pairIndex(Math.min(a, b), Math.max(a, b)));
                });
                return counts;
            });
    }

    /**
     * Whether the kept offer has a positive weight. The weighted reservoir must never keep the 0 or
     * the negative value (asserted); a companion may, and such an interval is left out of its counts.
     */
    private static boolean weighted(final ExemplarSnapshot exemplar, final SamplerFactory sampler) {
        final Offer offer = exemplar.offer();
        final boolean positive = (offer.isLong() ? offer.longValue() : offer.doubleValue()) > 0;
        if (sampler.name().startsWith("ValueWeighted")) {
            assertTrue(positive, () -> "a value <= 0 was kept: " + offer);
        }
        return positive;
    }

    /** The kept offer's weight index 0..n-1. */
    private static int weightIndex(final ExemplarSnapshot exemplar) {
        return (int) exemplar.offer().number() - 1;
    }

    /** Index of the pair {@code i < j} among the {@code C(n, 2)} pairs, in lexicographic order. */
    private static int pairIndex(final int i, final int j) {
        return i * (2 * K2_WEIGHTS - i - 1) / 2 + (j - i - 1);
    }
}
