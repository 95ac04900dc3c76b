package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.BucketBoundaries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No time bias under concurrency: with 1, 2 and 4 recording threads offering into one reservoir,
 * the position of each kept offer in the global arrival order is uniform over the interval.
 *
 * <p>Each interval has {@value #OFFERS} offers; positions come from one atomic counter shared by
 * the threads (see {@link ConcurrentTrials}). The kept positions are counted per decile of the
 * interval and tested with chi-square at {@link ChiSquare#ALPHA} ({@value #EXPECTED_PER_DECILE}
 * expected per decile). A sampler that favours the start (first-k), the end (last-seen, OTel Java's
 * aligned reservoir, Algorithm R with a racy counter) or any thread's offers fails.
 *
 * <p>Fixed-size: k = {@value #K} of the interval. Aligned: {@value #BUCKETS} buckets, offer
 * {@code p} in bucket {@code p mod BUCKETS}, so every bucket has the same number of offers in each
 * decile and its kept offer's decile is uniform under the null hypothesis.
 *
 * <p>Why intervals this long and k this large: the threads must really interleave. An interval of
 * a thousand offers lasts a few tens of microseconds, less than it takes to wake a parked thread,
 * so one thread would take every position and "4 threads" would test nothing; on a loaded machine
 * even a millisecond-long interval can run on one thread. {@value #OFFERS} offers last 10 ms or
 * more, longer than a scheduler time slice, and every run must show interleaving (consecutive
 * positions taken by different threads) or the property fails. A large k (and many buckets) keeps
 * the number of intervals, and so the run time, small: four intervals of 500 kept each.
 *
 * <p>Seeds: jqwik's generators run from a fixed seed; the reservoir's keys come from
 * {@link java.util.concurrent.ThreadLocalRandom}, which cannot be seeded, so a correct reservoir
 * fails one test with probability {@link ChiSquare#ALPHA}; {@link UniformityCheck} repeats a
 * rejection once on fresh data before failing.
 *
 * <p>Companions: the same check detects {@link FirstKSampler} and the last-seen aligned reservoir
 * under the same thread counts.
 */
class TimeUnbiasedProperties {
    private static final int OFFERS = 500_000;
    private static final int DECILES = 10;
    private static final int EXPECTED_PER_DECILE = 200;
    private static final int K = 500;
    private static final int BUCKETS = 500;
    /** Boundaries 0.5, 1.5, ..., BUCKETS - 1.5: the value {@code b} falls in bucket {@code b}. */
    private static final BucketBoundaries INTEGER_BUCKETS = integerBuckets(BUCKETS);
    private static final long OFFER_SEED = 0x5EED_0003L;
    private static final String SEED = "20261124";

    @Provide
    Arbitrary<Integer> threadCounts() {
        return Arbitraries.of(1, 2, 4);
    }

    @Property(seed = SEED, generation = GenerationMode.EXHAUSTIVE, shrinking = ShrinkingMode.OFF)
    void fixedSizeKeepsPositionsUniformly(@ForAll("threadCounts") final int threads) {
        final UniformityVerdict verdict = fixedSizeVerdict(SamplerFactory.fixedSizeUniform(K), threads);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @Property(seed = SEED, generation = GenerationMode.EXHAUSTIVE, shrinking = ShrinkingMode.OFF)
    void companionDetectsTheFirstKSampler(@ForAll("threadCounts") final int threads) {
        final UniformityVerdict verdict = fixedSizeVerdict(SamplerFactory.firstK(K), threads);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    @Property(seed = SEED, generation = GenerationMode.EXHAUSTIVE, shrinking = ShrinkingMode.OFF)
    void alignedKeepsPositionsUniformly(@ForAll("threadCounts") final int threads) {
        final UniformityVerdict verdict = alignedVerdict(SamplerFactory.alignedUniform(INTEGER_BUCKETS), threads);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @Property(seed = SEED, generation = GenerationMode.EXHAUSTIVE, shrinking = ShrinkingMode.OFF)
    void companionDetectsTheLastSeenReservoir(@ForAll("threadCounts") final int threads) {
        final UniformityVerdict verdict = alignedVerdict(SamplerFactory.alignedLastSeen(INTEGER_BUCKETS), threads);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    /** The fixed-size check: k kept per interval, distinct, counted by decile of position. */
    static UniformityVerdict fixedSizeVerdict(final SamplerFactory sampler, final int threads) {
        final Offer[] offers = SequentialTrials.numberedOffers(OFFER_SEED, OFFERS);
        return decileVerdict(sampler, threads, offers, K, () -> CellCounts.ofDistinctKept(DECILES, OFFERS, K));
    }

    /** The aligned check: one kept per bucket and interval, buckets independent. */
    static UniformityVerdict alignedVerdict(final SamplerFactory sampler, final int threads) {
        final Offer[] offers = new Offer[OFFERS];
        for (int p = 0; p < OFFERS; p++) {
            offers[p] = Offer.ofDouble(OFFER_SEED, p, p % BUCKETS);
        }
        return decileVerdict(sampler, threads, offers, BUCKETS, () -> CellCounts.ofSingleDraws(DECILES));
    }

    /**
     * The check all four properties make: chi-square of the kept offers' deciles of arrival
     * position. Also asserts the kept count of every interval and, with more than one thread, that
     * the threads interleaved.
     */
    private static UniformityVerdict decileVerdict(final SamplerFactory sampler, final int threads,
                                                   final Offer[] offers, final int keptPerInterval,
                                                   final Supplier<CellCounts> emptyCounts) {
        final int trials = SequentialTrials.trialsFor(EXPECTED_PER_DECILE, DECILES, keptPerInterval);
        final ConcurrentTrials experiment = new ConcurrentTrials(sampler, offers, threads);
        return UniformityCheck.check(sampler + ", decile of arrival position, " + threads + " thread(s), n = "
            + OFFERS + ", " + trials + " intervals", () -> {
                final CellCounts counts = emptyCounts.get();
                final long switches = experiment.run(trials, kept -> {
                    assertEquals(keptPerInterval, kept.size(), "exemplars kept in an interval");
                    for (final ExemplarSnapshot exemplar : kept) {
                        counts.add((int) (exemplar.offer().number() * DECILES / OFFERS));
                    }
                });
                System.out.printf("  %d thread(s): %.1f thread switches per interval%n", threads,
                    (double) switches / trials);
                assertTrue(threads == 1 || switches > 0,
                    "the " + threads + " recording threads never interleaved: the run tested nothing concurrent");
                return counts;
            });
    }

    private static BucketBoundaries integerBuckets(final int buckets) {
        final double[] boundaries = new double[buckets - 1];
        for (int b = 0; b < boundaries.length; b++) {
            boundaries[b] = b + 0.5;
        }
        return BucketBoundaries.of(boundaries);
    }
}
