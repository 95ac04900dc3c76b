package io.exemplars.reservoir.properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No time bias under concurrency: with 1, 2 and 4 recording threads offering into one core
 * reservoir, the position of each kept offer in the global arrival order is uniform over the
 * interval ({@link ArrivalDecileCheck}: chi-square over the deciles at {@link ChiSquare#ALPHA}).
 *
 * <p>Fixed-size: k = {@value #K} of the interval. Aligned: {@value #BUCKETS} buckets, the offers
 * dealt round-robin over them ({@link InterleavedBuckets}), so every bucket has the same number of
 * offers in each decile and its kept offer's decile is uniform under the null hypothesis.
 *
 * <p>Why intervals this long and k this large: the threads must really interleave. An interval of
 * a thousand offers lasts a few tens of microseconds, less than it takes to wake a parked thread,
 * so one thread would take every position and "4 threads" would test nothing; on a loaded machine
 * even a millisecond-long interval can run on one thread. {@value #OFFERS} offers last 10 ms or
 * more, longer than a scheduler time slice, and every run must show interleaving (consecutive
 * positions taken by different threads) or the property fails. A large k (and many buckets) keeps
 * the number of intervals, and so the run time, small: four intervals of 500 kept each.
 *
 * <p>Seeds: the offers are fixed; the reservoir's keys come from
 * the test's seed ({@link SamplerSeedExtension}), so every run draws the same; a correct reservoir
 * still fails one test for about one seed in a thousand (p = {@link ChiSquare#ALPHA}), so {@link UniformityCheck}
 * repeats a rejection once on the next draws before failing.
 *
 * <p>Companions: the same check detects {@link FirstKSampler} and the last-seen aligned reservoir
 * under the same thread counts.
 */
class TimeUnbiasedProperties {
    private static final int OFFERS = 500_000;
    private static final int K = 500;
    private static final int BUCKETS = 500;
    private static final InterleavedBuckets INTERLEAVED = new InterleavedBuckets(OFFERS, BUCKETS);
    private static final long OFFER_SEED = 0x5EED_0003L;

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2, 4})
    void fixedSizeKeepsPositionsUniformly(final int threads) {
        final UniformityVerdict verdict = fixedSizeVerdict(SamplerFactory.fixedSizeUniform(K), threads);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2, 4})
    void companionDetectsTheFirstKSampler(final int threads) {
        final UniformityVerdict verdict = fixedSizeVerdict(SamplerFactory.firstK(K), threads);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2, 4})
    void alignedKeepsPositionsUniformly(final int threads) {
        final UniformityVerdict verdict =
            alignedVerdict(SamplerFactory.alignedUniform(INTERLEAVED.boundaries()), threads);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2, 4})
    void companionDetectsTheLastSeenReservoir(final int threads) {
        final UniformityVerdict verdict =
            alignedVerdict(SamplerFactory.alignedLastSeen(INTERLEAVED.boundaries()), threads);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    /** The fixed-size check: k kept per interval, distinct, counted by decile of position. */
    static UniformityVerdict fixedSizeVerdict(final SamplerFactory sampler, final int threads) {
        final Offer[] offers = SequentialTrials.numberedOffers(OFFER_SEED, OFFERS);
        return ArrivalDecileCheck.ofDistinctKept(sampler, threads, offers, K);
    }

    /** The aligned check: one kept per bucket and interval, buckets independent. */
    static UniformityVerdict alignedVerdict(final SamplerFactory sampler, final int threads) {
        return ArrivalDecileCheck.ofOnePerBucket(sampler, threads, INTERLEAVED.doubleOffers(OFFER_SEED), BUCKETS);
    }
}
