package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.BucketBoundaries;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code AlignedSlowestReservoir}: in every interval, each bucket that was offered something holds
 * exactly one exemplar, its largest offer, with 1, 2 and 4 recording threads; and among equal
 * largest values of a bucket, each is kept with the same probability.
 *
 * <p><b>Exact.</b> Each generated case ({@link SeededCase}) draws 1 to 6 integer boundaries in
 * {@code [-5, 200]} and {@value #EXACT_OFFERS} values from a small pool of integers (so ties are
 * everywhere, on the boundaries and at every bucket's maximum), mixed with awkward ones
 * ({@code ±Infinity}, {@code ±0.0}, subnormals, {@code ±Double.MAX_VALUE}, {@code long}s near the
 * extremes); {@value #EXACT_TRIALS} intervals per thread count. Per bucket, the kept value must equal
 * the largest offered to it, bucket membership written from the definition {@code (b[i-1], b[i]]}
 * ({@link #bucketOf}). Companion: the aligned uniform reservoir on the same offers misses some
 * bucket's maximum in some interval (the check can fail).
 *
 * <p><b>Ties uniform, per bucket.</b> {@value #TIE_OFFERS} offers per interval over three buckets:
 * in two of them, {@value #TIED} offers of the bucket's largest value at scattered positions among
 * smaller ones; the third gets one offer (always kept). Chi-square at p = 0.001 over the two
 * independent groups ({@link CellCounts#ofIndependentGroups}, df = 2 ({@value #TIED} - 1)), at least
 * {@value #EXPECTED_PER_CELL} expected per cell, 1 and 2 recording threads. Companion:
 * {@link FirstTiesPerBucketSampler}, exact but keeping the first of equal values, is rejected.
 */
class AlignedSlowestProperties {
    private static final long SEED = 20261204L;
    private static final long OFFER_SEED = 0x5EED_0151L;
    private static final int CASES = 6;
    private static final int EXACT_OFFERS = 200_000;
    private static final int EXACT_TRIALS = 10;
    private static final int TIE_OFFERS = 240;
    private static final int TIED = 20;
    private static final int EXPECTED_PER_CELL = 50;
    /** Tie scenario buckets: (-inf, 10], (10, 100], (100, +inf). */
    private static final BucketBoundaries TIE_BOUNDARIES = BucketBoundaries.of(10, 100);
    private static final double[] TIED_VALUES = {7.0, 60.0};
    private static final double[] SMALLER_VALUES = {2.0, 40.0};
    private static final double LONE_VALUE = 500.0;

    static Stream<SeededCase> cases() {
        return SeededCase.stream(SEED, CASES);
    }

    /** One generated interval: boundaries, and offers with ties and edges. */
    record MaxCase(double[] boundaries, Offer[] offers) {
        static MaxCase generate(final SeededCase seeded) {
            final ScenarioGenerator generator = seeded.generator();
            final TreeSet<Double> distinct = new TreeSet<>();
            for (int i = generator.intBetween(1, 6); i > 0; i--) {
                distinct.add((double) generator.intBetween(-5, 200));
            }
            final double[] boundaries = distinct.stream().mapToDouble(Double::doubleValue).toArray();
            final double[] pool = new double[generator.intBetween(3, 16)];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = generator.intBetween(-10, 220);
            }
            final double[] edges = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE,
                -Double.MAX_VALUE, Double.MAX_VALUE, 1e300};
            final Offer[] offers = new Offer[EXACT_OFFERS];
            for (int i = 0; i < offers.length; i++) {
                final int kind = generator.intBetween(0, 999);
                if (kind < 3) {
                    offers[i] = Offer.ofDouble(OFFER_SEED, i, edges[generator.intBetween(0, edges.length - 1)]);
                } else if (kind < 6) {
                    offers[i] = Offer.ofLong(OFFER_SEED, i, generator.oneOf(List.of(Long.MAX_VALUE, Long.MIN_VALUE,
                        Long.MAX_VALUE - 1, (long) generator.intBetween(-10, 220))));
                } else {
                    offers[i] = Offer.ofDouble(OFFER_SEED, i, pool[generator.intBetween(0, pool.length - 1)]);
                }
            }
            return new MaxCase(boundaries, offers);
        }

        /** Per bucket, the largest value offered to it. */
        TreeMap<Integer, Double> largestPerBucket() {
            final TreeMap<Integer, Double> largest = new TreeMap<>();
            for (final Offer offer : offers) {
                final double value = value(offer);
                largest.merge(bucketOf(boundaries, value), value, Math::max);
            }
            return largest;
        }
    }

    /** The bucket of {@code value} from the definition: the first {@code i} with {@code value <= b[i]}, else the last. */
    static int bucketOf(final double[] boundaries, final double value) {
        for (int i = 0; i < boundaries.length; i++) {
            if (value <= boundaries[i]) {
                return i;
            }
        }
        return boundaries.length;
    }

    static double value(final Offer offer) {
        return offer.isLong() ? (double) offer.longValue() : offer.doubleValue() + 0.0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepsExactlyEachBucketsLargestInEveryIntervalWithOneTwoAndFourThreads(final SeededCase seeded) {
        final MaxCase maxCase = MaxCase.generate(seeded);
        final SamplerFactory sampler = SamplerFactory.alignedSlowest(BucketBoundaries.of(maxCase.boundaries()));
        for (final int threads : new int[] {1, 2, 4}) {
            assertEquals(0, maxMisses(sampler, maxCase, threads), "intervals in which some bucket's exemplar was "
                + "not its largest, " + threads + " threads");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void companionTheAlignedUniformReservoirMissesSomeBucketsLargest(final SeededCase seeded) {
        final MaxCase maxCase = MaxCase.generate(seeded);
        final SamplerFactory uniform = SamplerFactory.alignedUniform(BucketBoundaries.of(maxCase.boundaries()));
        assertTrue(maxMisses(uniform, maxCase, 2) > 0, "the exactness check must be able to fail");
    }

    /** Runs the intervals; counts those in which the kept values per bucket are not the largest per bucket. */
    private static int maxMisses(final SamplerFactory sampler, final MaxCase maxCase, final int threads) {
        final TreeMap<Integer, Double> expected = maxCase.largestPerBucket();
        final int[] misses = new int[1];
        final long switches = new ConcurrentTrials(sampler, maxCase.offers(), threads).run(EXACT_TRIALS, kept -> {
            final TreeMap<Integer, Double> got = new TreeMap<>();
            for (final ExemplarSnapshot exemplar : kept) {
                if (got.put(exemplar.index(), value(exemplar.offer())) != null) {
                    throw new AssertionError("two exemplars in bucket " + exemplar.index());
                }
                assertEquals(exemplar.index(), bucketOf(maxCase.boundaries(), value(exemplar.offer())),
                    "an exemplar outside its bucket");
            }
            if (!expected.equals(got)) {
                misses[0]++;
            }
        });
        System.out.println(sampler + ", exact largest per bucket of " + EXACT_OFFERS + ", " + threads + " threads, "
            + EXACT_TRIALS + " intervals: " + misses[0] + " missed, " + switches + " thread switches");
        if (threads > 1) {
            assertTrue(switches > 0, "the recording threads never interleaved: nothing concurrent was tested");
        }
        return misses[0];
    }

    @ParameterizedTest(name = "{0} recording threads")
    @ValueSource(ints = {1, 2})
    void equalLargestValuesOfABucketAreKeptUniformly(final int threads) {
        final UniformityVerdict verdict = tieVerdict(SamplerFactory.alignedSlowest(TIE_BOUNDARIES), threads);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording threads")
    @ValueSource(ints = {1, 2})
    void companionDetectsFirstSeenTieBreaking(final int threads) {
        final UniformityVerdict verdict = tieVerdict(new SamplerFactory(
            "FirstTiesPerBucketSampler (biased: first of equal values)",
            () -> new FirstTiesPerBucketSampler(TIE_BOUNDARIES)), threads);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    /** Chi-square of which tied offer each of the two tied buckets keeps; also asserts the lone offer is kept. */
    private static UniformityVerdict tieVerdict(final SamplerFactory sampler, final int threads) {
        final Offer[] offers = new Offer[TIE_OFFERS];
        final List<List<Integer>> tiedPositions = List.of(new ArrayList<>(), new ArrayList<>());
        final int spacing = TIE_OFFERS / (2 * TIED);
        for (int i = 0; i < TIE_OFFERS; i++) {
            final int group = i % 2; // buckets alternate, so the two groups interleave in time
            final boolean tied = i / 2 % (spacing) == 1;
            final double value = i == TIE_OFFERS / 2 ? LONE_VALUE : tied ? TIED_VALUES[group] : SMALLER_VALUES[group];
            offers[i] = Offer.ofDouble(OFFER_SEED, i, value);
            if (tied && i != TIE_OFFERS / 2) {
                tiedPositions.get(group).add(i);
            }
        }
        assertEquals(TIED, tiedPositions.get(0).size());
        assertEquals(TIED, tiedPositions.get(1).size());
        final int trials = SequentialTrials.trialsFor(EXPECTED_PER_CELL, TIED, 1);
        return UniformityCheck.check(sampler + ", which of " + TIED + " equal largest offers each of two buckets "
            + "keeps, " + threads + " threads, " + trials + " intervals", () -> {
                final CellCounts counts = CellCounts.ofIndependentGroups(TIED, TIED);
                new ConcurrentTrials(sampler, offers, threads).run(trials, kept -> {
                    assertEquals(3, kept.size(), "one exemplar in each of the three buckets");
                    for (final ExemplarSnapshot exemplar : kept) {
                        final double value = value(exemplar.offer());
                        if (exemplar.index() == 2) {
                            assertEquals(LONE_VALUE, value, "the lone offer is always kept");
                        } else {
                            assertEquals(TIED_VALUES[exemplar.index()], value, "the bucket's largest is kept");
                            counts.add(exemplar.index(),
                                tiedPositions.get(exemplar.index()).indexOf((int) exemplar.offer().number()));
                        }
                    }
                });
                return counts;
            });
    }
}
