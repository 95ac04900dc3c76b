package io.exemplars.reservoir.properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The aligned reservoirs: at most one exemplar per bucket, its value inside that bucket, NaN never
 * kept, every bucket that was offered something holding exactly one exemplar; and, for the uniform
 * reservoir, each of a bucket's offers equally likely to be its exemplar.
 *
 * <p>{@link ScenarioGenerator} draws the boundaries (strictly increasing finite doubles: tiny,
 * huge, subnormal, {@code -0.0}; more than 16 of them too, past the core's linear-scan cutoff) and
 * the values (exactly on boundaries, one ulp either side, {@code ±0.0}, {@code ±Infinity}, NaN,
 * extreme {@code long}s, arbitrary bit patterns), each case from its own seed
 * ({@link SeededCase}). Buckets are checked against {@link AlignedScenario#bucketOf}, written from
 * the definition {@code (b[i-1], b[i]]}.
 *
 * <p>Seeds: the cases' inputs come from fixed seeds; the reservoir's keys come from
 * the test's seed ({@link SamplerSeedExtension}), so every run draws the same; a correct reservoir
 * still fails one test for about one seed in a thousand (p = {@link ChiSquare#ALPHA}), so {@link UniformityCheck}
 * repeats a rejection once on the next draws before failing.
 *
 * <p>The uniformity check: many intervals of the same offers; per bucket, which of its offers was
 * kept; chi-square at {@link ChiSquare#ALPHA} over all buckets with two or more offers (independent
 * groups, see {@link CellCounts}), at least {@value #EXPECTED_PER_CELL} expected per cell.
 * Companion: the same check detects the last-seen reservoir.
 */
class AlignedBucketProperties {
    private static final int EXPECTED_PER_CELL = 50;
    private static final long OFFER_SEED = 0x5EED_0004L;
    private static final long SEED = 20261125L;
    private static final int LAYOUT_CASES = 300;
    private static final int STATISTICAL_CASES = 10;

    static Stream<SeededCase> layoutCases() {
        return SeededCase.stream(SEED, LAYOUT_CASES);
    }

    static Stream<SeededCase> statisticalCases() {
        return SeededCase.stream(SEED, STATISTICAL_CASES);
    }

    /** Up to 40 boundaries, up to 60 offers, NaN among them. */
    private static AlignedScenario anyScenario(final SeededCase seeded) {
        return seeded.generator().alignedScenario(40, 0, 60, true);
    }

    /**
     * No NaN (it is dropped, so it would only thin the data) and more offers than buckets, so at
     * least one bucket has two offers to choose between.
     */
    private static AlignedScenario statisticalScenario(final SeededCase seeded) {
        return seeded.generator().alignedScenario(4, 1, 12, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layoutCases")
    void uniformReservoirKeepsOneInBucketValuePerOfferedBucket(final SeededCase seeded) {
        final AlignedScenario scenario = anyScenario(seeded);
        assertBucketLayout(SamplerFactory.alignedUniform(scenario.bucketBoundaries()), scenario);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layoutCases")
    void lastSeenReservoirKeepsOneInBucketValuePerOfferedBucket(final SeededCase seeded) {
        final AlignedScenario scenario = anyScenario(seeded);
        assertBucketLayout(SamplerFactory.alignedLastSeen(scenario.bucketBoundaries()), scenario);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statisticalCases")
    void eachOfABucketsOffersIsEquallyLikelyKept(final SeededCase seeded) {
        final AlignedScenario scenario = statisticalScenario(seeded);
        final UniformityVerdict verdict =
            withinBucketVerdict(SamplerFactory.alignedUniform(scenario.bucketBoundaries()), scenario);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statisticalCases")
    void companionDetectsTheLastSeenReservoir(final SeededCase seeded) {
        final AlignedScenario scenario = statisticalScenario(seeded);
        final UniformityVerdict verdict =
            withinBucketVerdict(SamplerFactory.alignedLastSeen(scenario.bucketBoundaries()), scenario);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    /**
     * Offers every measurement once, collects, and checks the layout of what was kept.
     */
    static void assertBucketLayout(final SamplerFactory sampler, final AlignedScenario scenario) {
        final List<ExemplarSnapshot> kept = new ArrayList<>();
        try (SamplerUnderTest reservoir = sampler.create()) {
            for (final Offer offer : scenario.offers(OFFER_SEED)) {
                reservoir.offer(offer);
            }
            reservoir.collect(true, kept);
        }
        final Set<Integer> offeredBuckets = new TreeSet<>();
        for (final Measurement measurement : scenario.measurements()) {
            if (!measurement.isNaN()) {
                offeredBuckets.add(scenario.bucketOf(measurement.isLong()
                    ? (double) measurement.longValue() : measurement.doubleValue()));
            }
        }
        final Set<Integer> keptBuckets = new TreeSet<>();
        // Every message names the scenario: the case's seed is in the test's display name, the
        // generated inputs are here.
        for (final ExemplarSnapshot exemplar : kept) {
            assertTrue(keptBuckets.add(exemplar.index()),
                () -> "two exemplars in bucket " + exemplar.index() + ": " + kept + " in " + scenario);
            assertFalse(Double.isNaN(exemplar.asDouble()), () -> "a NaN was kept: " + exemplar + " in " + scenario);
            assertEquals(exemplar.index(), scenario.bucketOf(exemplar.asDouble()),
                () -> "exemplar value " + exemplar.asDouble() + " lies outside its bucket " + exemplar.index()
                    + " in " + scenario);
            assertEquals(Set.of(), OfferConsistency.tornFields(exemplar),
                () -> "exemplar does not hold its offer's value and ids (-0.0 must read 0.0): " + exemplar
                    + " for " + exemplar.attributes() + " in " + scenario);
        }
        assertEquals(offeredBuckets, keptBuckets,
            () -> "buckets offered something vs buckets holding an exemplar, in " + scenario);
    }

    /**
     * The check both statistical properties make: chi-square of which of each bucket's offers is
     * kept. Also asserts that every interval keeps one exemplar per offered bucket.
     */
    static UniformityVerdict withinBucketVerdict(final SamplerFactory sampler, final AlignedScenario scenario) {
        final Offer[] offers = scenario.offers(OFFER_SEED);
        // Group the offers by bucket; rank = the offer's place among its bucket's offers.
        final Map<Integer, List<Offer>> byBucket = new HashMap<>();
        for (final Offer offer : offers) {
            byBucket.computeIfAbsent(scenario.bucketOf(offer.bucketedValue()), b -> new ArrayList<>()).add(offer);
        }
        final Map<Integer, Integer> groupOfBucket = new HashMap<>();
        final List<Integer> groupSizes = new ArrayList<>();
        final int[] rank = new int[offers.length];
        byBucket.forEach((bucket, members) -> {
            if (members.size() >= 2) {
                groupOfBucket.put(bucket, groupSizes.size());
                groupSizes.add(members.size());
            }
            for (int r = 0; r < members.size(); r++) {
                rank[(int) members.get(r).number()] = r;
            }
        });
        final int largest = groupSizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        final int trials = SequentialTrials.trialsFor(EXPECTED_PER_CELL, largest, 1);
        final int[] sizes = groupSizes.stream().mapToInt(Integer::intValue).toArray();
        return UniformityCheck.check(sampler + ", which of a bucket's offers is kept, bucket sizes "
            + groupSizes + ", " + trials + " intervals, offers " + scenario.measurements(), () -> {
                final CellCounts counts = CellCounts.ofIndependentGroups(sizes);
                SequentialTrials.run(sampler, offers, trials, kept -> {
                    assertEquals(byBucket.size(), kept.size(), "exemplars kept: one per offered bucket");
                    for (final ExemplarSnapshot exemplar : kept) {
                        final Integer group = groupOfBucket.get(exemplar.index());
                        if (group != null) {
                            counts.add(group, rank[(int) exemplar.offer().number()]);
                        }
                    }
                });
                return counts;
            });
    }
}
