package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.BucketBoundaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The strongest uniformity statement, for small {@code n}: the kept set is a uniform k-subset, every
 * one of the {@code C(n, k)} subsets equally likely (inclusion probabilities alone could be uniform
 * while pairs are not, e.g. a sampler that keeps only runs of neighbours).
 *
 * <p>One cell per subset, one observation per interval (multinomial counts), chi-square at
 * {@link ChiSquare#ALPHA}, at least {@value #EXPECTED_PER_CELL} expected per cell. Shapes are
 * enumerated exhaustively. For the aligned reservoir, one bucket makes it a k = 1 sampler.
 *
 * <p>Seeds: the offers are fixed; the reservoir's keys come from
 * the test's seed ({@link SamplerSeedExtension}), so every run draws the same; a correct reservoir
 * still fails one test for about one seed in a thousand (p = {@link ChiSquare#ALPHA}), so {@link UniformityCheck}
 * repeats a rejection once on the next draws before failing.
 *
 * <p>Companions: the same check detects {@link FirstKSampler} and the last-seen aligned reservoir.
 */
class KSubsetProperties {
    private static final int EXPECTED_PER_CELL = 50;
    private static final long OFFER_SEED = 0x5EED_0002L;
    /** No boundaries: one bucket holding every value. */
    private static final BucketBoundaries ONE_BUCKET = BucketBoundaries.of();
    /** Offers into the one-bucket aligned reservoir. */
    private static final int ALIGNED_OFFERS = 5;

    /** n offers, k kept. */
    record Shape(int n, int k) {
    }

    static Stream<Shape> shapes() {
        return Stream.of(new Shape(4, 2), new Shape(5, 2), new Shape(6, 2), new Shape(6, 3), new Shape(7, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void fixedSizeKeepsEveryKSubsetEquallyOften(final Shape shape) {
        final UniformityVerdict verdict = subsetVerdict(SamplerFactory.fixedSizeUniform(shape.k()), shape);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void companionDetectsTheFirstKSampler(final Shape shape) {
        final UniformityVerdict verdict = subsetVerdict(SamplerFactory.firstK(shape.k()), shape);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    @Test
    void alignedOneBucketKeepsEachOfferEquallyOften() {
        final UniformityVerdict verdict =
            subsetVerdict(SamplerFactory.alignedUniform(ONE_BUCKET), new Shape(ALIGNED_OFFERS, 1));
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @Test
    void companionDetectsTheLastSeenReservoir() {
        final UniformityVerdict verdict =
            subsetVerdict(SamplerFactory.alignedLastSeen(ONE_BUCKET), new Shape(ALIGNED_OFFERS, 1));
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    /**
     * The check every property here makes: chi-square of how often each k-subset of the {@code n}
     * offers is the kept set. Also asserts that every interval keeps exactly {@code k} exemplars.
     */
    static UniformityVerdict subsetVerdict(final SamplerFactory sampler, final Shape shape) {
        final int[] cellOfSubset = subsetCells(shape.n(), shape.k());
        final int cells = Arrays.stream(cellOfSubset).max().orElseThrow() + 1;
        final Offer[] offers = SequentialTrials.numberedOffers(OFFER_SEED, shape.n());
        final int trials = SequentialTrials.trialsFor(EXPECTED_PER_CELL, cells, 1);
        return UniformityCheck.check(sampler + ", " + shape.k() + "-subsets of " + shape.n() + " (" + cells
            + "), " + trials + " intervals", () -> {
                final CellCounts counts = CellCounts.ofSingleDraws(cells);
                SequentialTrials.run(sampler, offers, trials, kept -> {
                    assertEquals(shape.k(), kept.size(), "exemplars kept in an interval of " + shape.n() + " offers");
                    int subset = 0;
                    for (final ExemplarSnapshot exemplar : kept) {
                        subset |= 1 << exemplar.offer().number();
                    }
                    counts.add(cellOfSubset[subset]);
                });
                return counts;
            });
    }

    /**
     * @return for every bit set over {@code n} offers, its cell (0 .. C(n, k) - 1) if it has
     *     {@code k} members, -1 otherwise
     */
    private static int[] subsetCells(final int n, final int k) {
        final int[] cells = new int[1 << n];
        int next = 0;
        for (int subset = 0; subset < cells.length; subset++) {
            cells[subset] = Integer.bitCount(subset) == k ? next++ : -1;
        }
        return cells;
    }
}
