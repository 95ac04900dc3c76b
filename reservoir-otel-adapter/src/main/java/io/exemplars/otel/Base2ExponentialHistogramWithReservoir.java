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
        super(NAME, List.of("maxBuckets", "maxScale"), List.of(validMaxBuckets(maxBuckets), validMaxScale(maxScale)),
            spec, Aggregation.base2ExponentialBucketHistogram());
        this.maxBuckets = maxBuckets;
        this.maxScale = maxScale;
        this.shape = ReservoirShape.resolve(spec, NAME, null, defaultSize(maxBuckets));
    }

    @Override
    ReservoirShape shapeFor(final InstrumentDescriptor instrument) {
        return shape;
    }

    private static int validMaxBuckets(final int maxBuckets) {
        if (maxBuckets < ReservoirAggregation.MIN_EXPONENTIAL_MAX_BUCKETS) {
            throw new IllegalArgumentException("maxBuckets must be at least "
                + ReservoirAggregation.MIN_EXPONENTIAL_MAX_BUCKETS + ", was " + maxBuckets);
        }
        return maxBuckets;
    }

    private static int validMaxScale(final int maxScale) {
        if (maxScale < ReservoirAggregation.MIN_EXPONENTIAL_SCALE
            || maxScale > ReservoirAggregation.MAX_EXPONENTIAL_SCALE) {
            throw new IllegalArgumentException("maxScale must be in [" + ReservoirAggregation.MIN_EXPONENTIAL_SCALE
                + ", " + ReservoirAggregation.MAX_EXPONENTIAL_SCALE + "], was " + maxScale);
        }
        return maxScale;
    }

    private static int defaultSize(final int maxBuckets) {
        return Math.min(ReservoirSpec.OTEL_DEFAULT_EXPONENTIAL_MAX_SIZE, maxBuckets);
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
