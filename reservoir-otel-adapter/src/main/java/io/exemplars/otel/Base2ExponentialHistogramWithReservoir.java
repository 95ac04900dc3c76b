package io.exemplars.otel;

import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator;
import io.opentelemetry.sdk.metrics.internal.descriptor.InstrumentDescriptor;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarReservoirFactory;

import java.util.List;

/**
 * The SDK's base-2 exponential histogram (recording min and max, the SDK's default) with our
 * reservoirs. Counters and histograms, like the SDK's. Exponential buckets move with the scale, so
 * only fixed-size reservoirs apply; {@link ReservoirSpec#otelDefault()} keeps
 * {@code min(20, maxBuckets)} exemplars, as the specification recommends.
 */
final class Base2ExponentialHistogramWithReservoir extends ReservoirBackedAggregation {
    static final String NAME = "base2ExponentialHistogram";

    private final int maxBuckets;
    private final int maxScale;
    private final ReservoirShape shape;

    /**
     * @param maxBuckets positive (and negative) buckets, at least
     *                   {@link ReservoirAggregation#MIN_EXPONENTIAL_MAX_BUCKETS}
     * @param maxScale   the largest scale, in
     *                   [{@link ReservoirAggregation#MIN_EXPONENTIAL_SCALE},
     *                   {@link ReservoirAggregation#MAX_EXPONENTIAL_SCALE}]
     * @param spec       the reservoir spec
     * @throws IllegalArgumentException naming the bad value
     */
    Base2ExponentialHistogramWithReservoir(final int maxBuckets, final int maxScale, final ReservoirSpec spec) {
        super(NAME, List.of("maxBuckets", "maxScale"), List.of(SdkEquivalent.validMaxBuckets(maxBuckets),
            SdkEquivalent.validMaxScale(maxScale)), spec, Aggregation.base2ExponentialBucketHistogram(),
            Aggregation.base2ExponentialBucketHistogram(maxBuckets, maxScale));
        this.maxBuckets = maxBuckets;
        this.maxScale = maxScale;
        this.shape = ReservoirShape.resolve(spec, NAME, null, SdkEquivalent.exponentialDefaultSize(maxBuckets));
    }

    @Override
    ReservoirShape shapeFor(final InstrumentDescriptor instrument) {
        return shape;
    }

    @Override
    @SuppressWarnings("unchecked")
    <T extends PointData> Aggregator<T> newAggregator(final InstrumentDescriptor instrument,
                                                      final ExemplarReservoirFactory reservoirs,
                                                      final MemoryMode memoryMode) {
        return (Aggregator<T>) SdkInternals.get().newBase2ExponentialHistogram(reservoirs,
            maxBuckets, maxScale, memoryMode);
    }

    /** OpenMetrics shows this kind without one exemplar per bucket line or counter: nothing to warn about. */
    @Override
    boolean showsOneExemplarPerLine() {
        return false;
    }
}
