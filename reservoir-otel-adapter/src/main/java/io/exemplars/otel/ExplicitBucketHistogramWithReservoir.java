package io.exemplars.otel;

import io.exemplars.reservoir.BucketBoundaries;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.ExplicitBucketHistogramUtils;
import io.opentelemetry.sdk.metrics.internal.descriptor.InstrumentDescriptor;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarReservoirFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The SDK's explicit-bucket histogram (recording min and max, the SDK's default) with our
 * reservoirs. Counters and histograms, like the SDK's.
 */
final class ExplicitBucketHistogramWithReservoir extends ReservoirBackedAggregation {
    static final String NAME = "explicitBucketHistogram";

    private final double[] boundaryArray;

    /**
     * @param boundaries finite, strictly increasing bucket boundaries
     * @param spec       the reservoir spec
     * @throws IllegalArgumentException naming the bad boundary (index and value) or spec
     */
    ExplicitBucketHistogramWithReservoir(final List<Double> boundaries, final ReservoirSpec spec) {
        this(validated(boundaries), spec);
    }

    /**
     * @param spec the reservoir spec
     * @return a histogram with the SDK's default boundaries (the SDK's own list, so they follow it)
     * @throws IllegalArgumentException naming the bad spec
     */
    static ExplicitBucketHistogramWithReservoir withSdkDefaultBoundaries(final ReservoirSpec spec) {
        return new ExplicitBucketHistogramWithReservoir(
            ExplicitBucketHistogramUtils.DEFAULT_HISTOGRAM_BUCKET_BOUNDARIES, spec);
    }

    private ExplicitBucketHistogramWithReservoir(final Validated boundaries, final ReservoirSpec spec) {
        super(NAME, List.of("boundaries"), List.of(boundaries.list), spec,
            ReservoirShape.resolve(spec, NAME, boundaries.bucketBoundaries, 0), Aggregation.explicitBucketHistogram());
        this.boundaryArray = boundaries.array;
    }

    /** Our checks first (their messages name the index and value), then the SDK's own. */
    private static Validated validated(final List<Double> boundaries) {
        final BucketBoundaries checked = BucketBoundaries.of(boundaries);
        final List<Double> copy = new ArrayList<>(checked.bucketCount() - 1);
        for (final double boundary : checked.toArray()) {
            copy.add(boundary); // normalised: -0.0 is 0.0, so equal histograms compare equal
        }
        return new Validated(checked, Collections.unmodifiableList(copy),
            ExplicitBucketHistogramUtils.createBoundaryArray(copy));
    }

    @Override
    @SuppressWarnings("unchecked")
    <T extends PointData> Aggregator<T> newAggregator(final InstrumentDescriptor instrument,
                                                      final ExemplarReservoirFactory reservoirs,
                                                      final MemoryMode memoryMode) {
        return (Aggregator<T>) SdkInternals.get().newExplicitBucketHistogram(boundaryArray, reservoirs, memoryMode);
    }

    /** The three forms of the boundaries, computed once. */
    private static final class Validated {
        final BucketBoundaries bucketBoundaries;
        final List<Double> list;
        final double[] array;

        Validated(final BucketBoundaries bucketBoundaries, final List<Double> list, final double[] array) {
            this.bucketBoundaries = bucketBoundaries;
            this.list = list;
            this.array = array;
        }
    }
}
