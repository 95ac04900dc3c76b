package io.exemplars.reservoir.properties;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

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
 * cell. jqwik picks {@code k} and {@code n} from a fixed seed. The reservoir's keys come from
 * {@link java.util.concurrent.ThreadLocalRandom}, which cannot be seeded; see
 * {@link UniformityCheck} for how a chance rejection is kept from failing the build.
 *
 * <p>Companion: the same check, on the same {@code k} and {@code n}, detects {@link FirstKSampler}.
 */
class FixedSizeInclusionProperties {
    private static final int EXPECTED_PER_CELL = 50;
    private static final long OFFER_SEED = 0x5EED_0001L;
    private static final String SEED = "20261122";

    @Property(tries = 8, seed = SEED, shrinking = ShrinkingMode.OFF)
    void everyPositionIsKeptWithProbabilityKOverN(@ForAll @IntRange(min = 1, max = 6) final int k,
                                                  @ForAll @IntRange(min = 1, max = 40) final int surplus) {
        final UniformityVerdict verdict = inclusionVerdict(SamplerFactory.fixedSizeUniform(k), k, k + surplus);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @Property(tries = 8, seed = SEED, shrinking = ShrinkingMode.OFF)
    void companionDetectsTheFirstKSampler(@ForAll @IntRange(min = 1, max = 6) final int k,
                                          @ForAll @IntRange(min = 1, max = 40) final int surplus) {
        final UniformityVerdict verdict = inclusionVerdict(SamplerFactory.firstK(k), k, k + surplus);
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
