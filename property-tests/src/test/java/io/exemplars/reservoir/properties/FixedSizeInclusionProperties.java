package io.exemplars.reservoir.properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fixed-size reservoir, {@code k} of {@code n}: every arrival position is kept with the same
 * probability {@code k / n}.
 *
 * <p>Many intervals of the same {@code n} offers; the kept positions are counted, one cell per
 * position, and tested with Pearson's chi-square at {@link ChiSquare#ALPHA} (scaled for sampling
 * without replacement, see {@link CellCounts}), at least {@value #EXPECTED_PER_CELL} expected per
 * cell. {@link ScenarioGenerator} picks {@code k} in {@code 1..}{@value #MAX_K} and
 * {@code n - k} in {@code 1..}{@value #MAX_SURPLUS}, each case from its own seed
 * ({@link SeededCase}); the property and its companion run the same cases. The reservoir's keys come from
 * the test's seed ({@link SamplerSeedExtension}); see {@link UniformityCheck} for how a chance
 * rejection is kept from failing the build.
 *
 * <p>Companion: the same check, on the same {@code k} and {@code n}, detects {@link FirstKSampler}.
 */
class FixedSizeInclusionProperties {
    private static final int EXPECTED_PER_CELL = 50;
    private static final long OFFER_SEED = 0x5EED_0001L;
    private static final long SEED = 20261122L;
    private static final int CASES = 8;
    private static final int MAX_K = 6;
    private static final int MAX_SURPLUS = 40;

    /** k kept of n offered. */
    record KOfN(int k, int n) {
        static KOfN generate(final SeededCase seeded) {
            final ScenarioGenerator generator = seeded.generator();
            final int k = generator.intBetween(1, MAX_K);
            return new KOfN(k, k + generator.intBetween(1, MAX_SURPLUS));
        }
    }

    static Stream<SeededCase> cases() {
        return SeededCase.stream(SEED, CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyPositionIsKeptWithProbabilityKOverN(final SeededCase seeded) {
        final KOfN shape = KOfN.generate(seeded);
        final UniformityVerdict verdict =
            inclusionVerdict(SamplerFactory.fixedSizeUniform(shape.k()), shape.k(), shape.n());
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void companionDetectsTheFirstKSampler(final SeededCase seeded) {
        final KOfN shape = KOfN.generate(seeded);
        final UniformityVerdict verdict = inclusionVerdict(SamplerFactory.firstK(shape.k()), shape.k(), shape.n());
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    /**
     * The check both properties make: chi-square of how often each position of {@code n} is kept.
     * Also asserts that every interval keeps exactly {@code k} exemplars.
     */
    static UniformityVerdict inclusionVerdict(final SamplerFactory sampler, final int k, final int n) {
        final Offer[] offers = SequentialTrials.numberedOffers(OFFER_SEED, n);
        final int trials = SequentialTrials.trialsFor(EXPECTED_PER_CELL, n, k);
        return UniformityCheck.check(sampler + ", inclusion by position, n = " + n + ", " + trials + " intervals",
            () -> {
                final CellCounts counts = CellCounts.ofDistinctKept(n, n, k);
                SequentialTrials.run(sampler, offers, trials, kept -> {
                    assertEquals(k, kept.size(), "exemplars kept in an interval of " + n + " offers");
                    for (final ExemplarSnapshot exemplar : kept) {
                        counts.add((int) exemplar.offer().number());
                    }
                });
                return counts;
            });
    }
}
