package io.exemplars.otel;

import io.exemplars.reservoir.ExemplarReservoir;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.internal.exemplar.DoubleExemplarReservoir;
import io.opentelemetry.sdk.metrics.internal.exemplar.LongExemplarReservoir;

import java.util.List;

/**
 * The SDK's view of one of our reservoirs: the SDK creates one per time series (per aggregator
 * handle), offers it every measurement of the series, and collects it once per collection.
 *
 * <p>Offers go straight to the core reservoir, which never allocates, blocks or throws. Collection
 * always resets, for cumulative temporality too, as the SDK's reservoirs do: exemplars describe
 * the interval since the last collection (a cumulative reservoir that kept its sample would go
 * stale, since each new measurement would win with probability {@code k/n} of all-time {@code n}).
 *
 * <p>The SDK has no close signal for a series' reservoir: when it drops the series, this object
 * and the core reservoir become unreachable and the core's cleaner gives the slots back.
 */
final class CoreBackedExemplarReservoir implements DoubleExemplarReservoir, LongExemplarReservoir {
    /** The SDK's contract is collect-and-reset, whatever the temporality. */
    private static final boolean RESET_ON_COLLECT = true;

    private final ExemplarReservoir<Context> reservoir;

    CoreBackedExemplarReservoir(final ExemplarReservoir<Context> reservoir) {
        this.reservoir = reservoir;
    }

    @Override
    public void offerDoubleMeasurement(final double value, final Attributes attributes, final Context context) {
        reservoir.offerDouble(value, attributes, context);
    }

    @Override
    public void offerLongMeasurement(final long value, final Attributes attributes, final Context context) {
        reservoir.offerLong(value, attributes, context);
    }

    @Override
    public List<DoubleExemplarData> collectAndResetDoubles(final Attributes pointAttributes) {
        final ExemplarDataList<DoubleExemplarData> exemplars = new ExemplarDataList<>(pointAttributes);
        reservoir.collect(ExemplarDataList.DOUBLES, exemplars, RESET_ON_COLLECT);
        return exemplars.result();
    }

    @Override
    public List<LongExemplarData> collectAndResetLongs(final Attributes pointAttributes) {
        final ExemplarDataList<LongExemplarData> exemplars = new ExemplarDataList<>(pointAttributes);
        reservoir.collect(ExemplarDataList.LONGS, exemplars, RESET_ON_COLLECT);
        return exemplars.result();
    }

    @Override
    public String toString() {
        return "CoreBackedExemplarReservoir{" + reservoir + '}';
    }
}
