package io.exemplars.reservoir.properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code SlowestValuesReservoir}: the kept set is exactly the interval's {@code k} largest values,
 * in every interval, with 1, 2 and 4 recording threads; and among equal values at the cut, each is
 * kept with the same probability.
 *
 * <p><b>Exact.</b> Each generated case ({@link SeededCase}) draws {@code k} in {@code 1..8} and
 * {@value #EXACT_OFFERS} values from a small pool (so ties are everywhere, the cut included) mixed
 * with awkward ones ({@code ±Infinity}, {@code ±0.0}, negatives, {@code long}s near the extremes,
 * subnormals); {@value #EXACT_TRIALS} intervals per thread count. The kept values, sorted, must equal
 * the interval's top {@code k}, sorted, in every interval. Companion: the uniform fixed-size reservoir
 * on the same offers misses the top-k in some interval (the check can fail).
 *
 * <p><b>Ties uniform.</b> {@value #TIE_OFFERS} offers per interval: one largest value, {@value #TIED}
 * offers of one tied value at scattered positions, the rest smaller; {@code k = 3}, so two of the
 * tied offers are kept. Chi-square over the tied offers at p = 0.001 (scaled for sampling without
 * replacement, {@link CellCounts}), at least 50 expected per cell, 1 and 2 recording threads.
 * Companion: {@link FirstTiesTopKSampler}, exact but keeping the first of equal values, is rejected.
 */
class SlowestProperties {
    private static final long SEED = 20261201L;
    private static final long OFFER_SEED = 0x5EED_0011L;
    private static final int CASES = 6;
    private static final int EXACT_OFFERS = 300_000;
    private static final int EXACT_TRIALS = 10;
    private static final int MAX_K = 8;
    private static final int TIE_OFFERS = 200;
    private static final int TIED = 20;
    private static final int TIE_K = 3;
    private static final int EXPECTED_PER_CELL = 50;
    private static final double TIED_VALUE = 50.0;

    static Stream<SeededCase> cases() {
        return SeededCase.stream(SEED, CASES);
    }

    /** One generated interval: k and the offers' values, with ties and edges. */
    record TopKCase(int k, Offer[] offers) {
        static TopKCase generate(final SeededCase seeded) {
            final ScenarioGenerator generator = seeded.generator();
            final int k = generator.intBetween(1, MAX_K);
            final double[] pool = new double[generator.intBetween(2, 12)];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = generator.intBetween(-5, 200);
            }
            final double[] edges = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE,
                -Double.MAX_VALUE, Double.MAX_VALUE, 1e300};
            final Offer[] offers = new Offer[EXACT_OFFERS];
            for (int i = 0; i < offers.length; i++) {
                final int kind = generator.intBetween(0, 99);
                if (kind < 2) {
                    offers[i] = Offer.ofDouble(OFFER_SEED, i, edges[generator.intBetween(0, edges.length - 1)]);
                } else if (kind < 4) {
                    offers[i] = Offer.ofLong(OFFER_SEED, i, generator.oneOf(List.of(Long.MAX_VALUE, Long.MIN_VALUE,
                        Long.MAX_VALUE - 1, (long) generator.intBetween(-5, 200))));
                } else {
                    offers[i] = Offer.ofDouble(OFFER_SEED, i, pool[generator.intBetween(0, pool.length - 1)]);
                }
            }
            return new TopKCase(k, offers);
        }

        /** The interval's top k values, ascending (-0.0 counted as 0.0, longs as doubles). */
        double[] topK() {
            final double[] values = Arrays.stream(offers).mapToDouble(SlowestProperties::value).sorted().toArray();
            return Arrays.copyOfRange(values, values.length - k, values.length);
        }
    }

    static double value(final Offer offer) {
        return offer.isLong() ? (double) offer.longValue() : offer.doubleValue() + 0.0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void keepsExactlyTheTopKInEveryIntervalWithOneTwoAndFourThreads(final SeededCase seeded) {
        final TopKCase topK = TopKCase.generate(seeded);
        for (final int threads : new int[] {1, 2, 4}) {
            final int misses = topKMisses(SamplerFactory.slowest(topK.k()), topK, threads);
            assertEquals(0, misses, "intervals whose kept set was not the top " + topK.k() + ", " + threads
                + " threads");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void companionTheUniformReservoirMissesTheTopK(final SeededCase seeded) {
        final TopKCase topK = TopKCase.generate(seeded);
        final int misses = topKMisses(SamplerFactory.fixedSizeUniform(topK.k()), topK, 2);
        assertTrue(misses > 0, "the exactness check must be able to fail");
    }

    /** Runs the intervals; counts those whose kept values are not the top k. */
    private static int topKMisses(final SamplerFactory sampler, final TopKCase topK, final int threads) {
        final double[] expected = topK.topK();
        final int[] misses = new int[1];
        final long switches = new ConcurrentTrials(sampler, topK.offers(), threads).run(EXACT_TRIALS, kept -> {
            final double[] got = kept.stream().mapToDouble(e -> value(e.offer())).sorted().toArray();
            if (!Arrays.equals(expected, got)) {
                misses[0]++;
            }
        });
        System.out.println(sampler + ", exact top " + topK.k() + " of " + EXACT_OFFERS + ", " + threads
            + " threads, " + EXACT_TRIALS + " intervals: " + misses[0] + " missed, " + switches + " thread switches");
        if (threads > 1) {
            assertTrue(switches > 0, "the recording threads never interleaved: nothing concurrent was tested");
        }
        return misses[0];
    }

    @ParameterizedTest(name = "{0} recording threads")
    @ValueSource(ints = {1, 2})
    void tiesAtTheCutAreKeptUniformly(final int threads) {
        final UniformityVerdict verdict = tieVerdict(SamplerFactory.slowest(TIE_K), threads);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording threads")
    @ValueSource(ints = {1, 2})
    void companionDetectsFirstSeenTieBreaking(final int threads) {
        final UniformityVerdict verdict =
            tieVerdict(new SamplerFactory("FirstTiesTopKSampler(k=3) (biased: first of equal values)",
                () -> new FirstTiesTopKSampler(TIE_K)), threads);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    /** Chi-square of which tied offer is kept; also asserts the largest is always kept. */
    private static UniformityVerdict tieVerdict(final SamplerFactory sampler, final int threads) {
        final Offer[] offers = new Offer[TIE_OFFERS];
        final List<Integer> tiedPositions = new ArrayList<>();
        for (int i = 0; i < TIE_OFFERS; i++) {
            final boolean tied = i % (TIE_OFFERS / TIED) == 3;
            offers[i] = Offer.ofDouble(OFFER_SEED, i, i == TIE_OFFERS / 2 ? 100.0 : tied ? TIED_VALUE : 1.0);
            if (tied) {
                tiedPositions.add(i);
            }
        }
        final int trials = SequentialTrials.trialsFor(EXPECTED_PER_CELL, TIED, TIE_K - 1);
        return UniformityCheck.check(sampler + ", which of " + TIED + " tied offers is kept, " + threads
            + " threads, " + trials + " intervals", () -> {
                final CellCounts counts = CellCounts.ofDistinctKept(TIED, TIED, TIE_K - 1);
                new ConcurrentTrials(sampler, offers, threads).run(trials, kept -> {
                    assertEquals(TIE_K, kept.size());
                    for (final ExemplarSnapshot exemplar : kept) {
                        if (value(exemplar.offer()) == TIED_VALUE) {
                            counts.add(tiedPositions.indexOf((int) exemplar.offer().number()));
                        } else {
                            assertEquals(100.0, value(exemplar.offer()), "the largest is always kept");
                        }
                    }
                });
                return counts;
            });
    }
}
