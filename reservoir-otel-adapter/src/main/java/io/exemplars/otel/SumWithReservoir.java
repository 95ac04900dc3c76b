package io.exemplars.otel;

import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentValueType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.DoubleSumAggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.LongSumAggregator;
import io.opentelemetry.sdk.metrics.internal.descriptor.InstrumentDescriptor;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarReservoirFactory;

import java.util.List;

/**
 * The SDK's sum with our reservoirs: counters, up-down counters (synchronous and observable) and
 * histograms, like the SDK's. Only fixed-size reservoirs apply.
 */
final class SumWithReservoir extends ReservoirBackedAggregation {
    static final String NAME = "sum";

    private final ReservoirShape shape;

    /**
     * @param spec the reservoir spec
     * @throws IllegalArgumentException naming the spec when it does not apply to a sum
     */
    SumWithReservoir(final ReservoirSpec spec) {
        super(NAME, List.of(), List.of(), spec, Aggregation.sum(), Aggregation.sum());
        this.shape = ReservoirShape.resolve(spec, NAME, null, ReservoirSpec.OTEL_DEFAULT_FIXED_SIZE);
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
        return instrument.getValueType() == InstrumentValueType.LONG
            ? (Aggregator<T>) new LongSumAggregator(instrument, reservoirs, memoryMode)
            : (Aggregator<T>) new DoubleSumAggregator(instrument, reservoirs, memoryMode);
    }
}
