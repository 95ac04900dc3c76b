package io.exemplars.reservoir.properties;

import io.exemplars.otel.ReservoirAggregation;
import io.exemplars.otel.ReservoirSpec;
import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.sdk.metrics.Aggregation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The time-bias check of {@link TimeUnbiasedProperties}, through the OpenTelemetry SDK: with 1 and
 * 2 recording threads, the aligned reservoir on an explicit-bucket histogram
 * ({@code ReservoirAggregation.explicitBucketHistogram(boundaries, ReservoirSpec.alignedUniform())})
 * and the fixed-size one on a counter ({@code ReservoirAggregation.sum(ReservoirSpec.fixedSizeUniform(k))})
 * keep offers whose arrival positions are uniform over the interval's deciles
 * ({@link ArrivalDecileCheck}: chi-square at {@link ChiSquare#ALPHA}).
 *
 * <p>Each sampler is a whole SDK pipeline ({@link SdkPathSampler}: meter provider, View, instrument,
 * {@code alwaysOn()} filter, DELTA {@code InMemoryMetricReader}); offers are measurements whose
 * values name their arrival position and are dealt round-robin over {@value #BUCKETS} buckets
 * ({@link InterleavedBuckets}). Fixed size: k = {@value #K}. Each interval has {@value #OFFERS}
 * offers, as in the core properties; a record through the SDK costs several times a bare offer, so
 * the intervals last longer still, and the threads interleave (the check insists and reports it).
 *
 * <p>Companions, the same check through the same SDK path: on the histogram, the adapter's
 * {@code ReservoirSpec.alignedLastSeen()} and the SDK's own built-in reservoir (a View with the
 * SDK's {@code Aggregation.explicitBucketHistogram}, which keeps each bucket's last measurement);
 * on the very same counter, {@code alignedLastSeen()} over the same {@value #BUCKETS} buckets, which
 * also keeps {@value #K} distinct offers per interval, so the fixed-size check applies unchanged.
 * (The SDK's built-in reservoir for a counter is Algorithm R, uniform when sequential: no companion.)
 *
 * <p>Seeds: the offers are fixed; the reservoirs' keys come from
 * the test's seed ({@link SamplerSeedExtension}, each recording thread a stream split from it);
 * {@link UniformityCheck} repeats a rejection once on the next draws before failing.
 */
class SdkPathProperties {
    private static final int OFFERS = 500_000;
    private static final int BUCKETS = 500;
    /** As many as there are buckets, so the counter's last-seen companion keeps as many. */
    private static final int K = BUCKETS;
    private static final InterleavedBuckets LAYOUT = new InterleavedBuckets(OFFERS, BUCKETS);
    private static final long OFFER_SEED = 0x5EED_0007L;
    /** Slots of each pipeline's own arena: one slab holds K + 1 or BUCKETS slots (64 KiB off-heap). */
    private static final int ARENA_SLOTS = 1_024;

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2})
    void alignedUniformHistogramIsTimeUnbiased(final int threads) {
        final UniformityVerdict verdict = histogramVerdict("explicitBucketHistogram(alignedUniform)",
            () -> ReservoirAggregation.explicitBucketHistogram(LAYOUT.boundaryList(),
                ReservoirSpec.alignedUniform().withArena(arena())), threads);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2})
    void companionDetectsAlignedLastSeenOnTheHistogram(final int threads) {
        final UniformityVerdict verdict = histogramVerdict("explicitBucketHistogram(alignedLastSeen) (biased)",
            () -> ReservoirAggregation.explicitBucketHistogram(LAYOUT.boundaryList(),
                ReservoirSpec.alignedLastSeen().withArena(arena())), threads);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2})
    void companionDetectsTheSdksBuiltInHistogramReservoir(final int threads) {
        final UniformityVerdict verdict = histogramVerdict("the SDK's explicitBucketHistogram, built-in reservoir"
            + " (biased: last seen)", SdkPathProperties::sdkBuiltInHistogram, threads);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2})
    void fixedSizeUniformCounterIsTimeUnbiased(final int threads) {
        final UniformityVerdict verdict = counterVerdict("sum(fixedSizeUniform(" + K + "))",
            () -> ReservoirAggregation.sum(ReservoirSpec.fixedSizeUniform(K).withArena(arena())), threads);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2})
    void companionDetectsAlignedLastSeenOnTheSameCounter(final int threads) {
        final UniformityVerdict verdict = counterVerdict("explicitBucketHistogram(alignedLastSeen) (biased)",
            () -> ReservoirAggregation.explicitBucketHistogram(LAYOUT.boundaryList(),
                ReservoirSpec.alignedLastSeen().withArena(arena())), threads);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    /** The histogram check: one kept per bucket and interval, buckets independent. */
    private static UniformityVerdict histogramVerdict(final String view, final Supplier<Aggregation> aggregation,
                                                      final int threads) {
        final Offer[] offers = SdkInstrument.DOUBLE_HISTOGRAM.offers(LAYOUT, OFFER_SEED);
        final SamplerFactory sampler = SdkPathSampler.factory("SDK path: double histogram, View " + view,
            SdkInstrument.DOUBLE_HISTOGRAM, aggregation, LAYOUT, offers);
        return ArrivalDecileCheck.ofOnePerBucket(sampler, threads, offers, BUCKETS);
    }

    /** The counter check: K distinct offers kept per interval. */
    private static UniformityVerdict counterVerdict(final String view, final Supplier<Aggregation> aggregation,
                                                    final int threads) {
        final Offer[] offers = SdkInstrument.LONG_COUNTER.offers(LAYOUT, OFFER_SEED);
        final SamplerFactory sampler = SdkPathSampler.factory("SDK path: long counter, View " + view,
            SdkInstrument.LONG_COUNTER, aggregation, LAYOUT, offers);
        return ArrivalDecileCheck.ofDistinctKept(sampler, threads, offers, K);
    }

    /**
     * The SDK's own explicit-bucket histogram over the same boundaries, with its built-in exemplar
     * reservoir. Deprecated in SDK 1.65 in favour of an options object that SDK 1.56, the oldest
     * one the adapter supports, does not have; this form works on the whole supported range.
     */
    @SuppressWarnings("deprecation")
    private static Aggregation sdkBuiltInHistogram() {
        return Aggregation.explicitBucketHistogram(LAYOUT.boundaryList());
    }

    /** Each pipeline's reservoirs live in their own arena, never in the shared default one. */
    private static SlotArena arena() {
        return SlotArena.create(ARENA_SLOTS, 1);
    }
}
