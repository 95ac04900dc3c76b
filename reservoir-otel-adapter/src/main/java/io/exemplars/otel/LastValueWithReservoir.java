package io.exemplars.otel;

import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentValueType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.DoubleLastValueAggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.LongLastValueAggregator;
import io.opentelemetry.sdk.metrics.internal.descriptor.InstrumentDescriptor;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarReservoirFactory;

import java.util.List;

/**
 * The SDK's last value with our reservoirs: gauges, synchronous and observable, like the SDK's.
 * Only fixed-size reservoirs apply.
 */
final class LastValueWithReservoir extends ReservoirBackedAggregation {
    static final String NAME = "lastValue";

    private final ReservoirShape shape;

    /**
     * @param spec the reservoir spec
     * @throws IllegalArgumentException naming the spec when it does not apply to a last value
     */
    LastValueWithReservoir(final ReservoirSpec spec) {
        super(NAME, List.of(), List.of(), spec, Aggregation.lastValue(), Aggregation.lastValue());
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
            ? (Aggregator<T>) new LongLastValueAggregator(reservoirs, memoryMode)
            : (Aggregator<T>) new DoubleLastValueAggregator(reservoirs, memoryMode);
    }

    /** OpenMetrics shows this kind without one exemplar per bucket line or counter: nothing to warn about. */
    @Override
    boolean showsOneExemplarPerLine() {
        return false;
    }
}
