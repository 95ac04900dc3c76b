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
 * <p>Offers go straight to the core reservoir, which never allocates, blocks or throws. Without
 * retention, collection always resets, for cumulative temporality too, as the SDK's reservoirs do:
 * exemplars describe the interval since the last collection (a cumulative reservoir that kept its
 * sample would go stale, since each new measurement would win with probability {@code k/n} of
 * all-time {@code n}). With retention ({@code ReservoirSpec.retainFor}), collection does not reset
 * until the aggregator's {@link TemporalitySignal} has seen a delta collection (so from a reader's
 * first collection on): the core reservoir's {@code Retention} rotates its picks by the clock
 * instead. Once a delta collection has been seen it resets, and exports only exemplars captured
 * since then.
 *
 * <p>The SDK has no close signal for a series' reservoir: when it drops the series, this object
 * and the core reservoir become unreachable and the core's cleaner gives the slots back.
 */
final class CoreBackedExemplarReservoir implements DoubleExemplarReservoir, LongExemplarReservoir {
    private final ExemplarReservoir<Context> reservoir;
    /** Null without retention: every collection resets. */
    private final TemporalitySignal temporality;

    CoreBackedExemplarReservoir(final ExemplarReservoir<Context> reservoir, final TemporalitySignal temporality) {
        this.reservoir = reservoir;
        this.temporality = temporality;
    }

    /** Reset unless the reservoir retains and its reader was not seen to be delta. */
    private boolean reset() {
        return temporality == null || !temporality.retains();
    }

    private long notBefore() {
        return temporality == null ? Long.MIN_VALUE : temporality.notBeforeEpochNanos();
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
        final ExemplarDataList<DoubleExemplarData> exemplars = new ExemplarDataList<>(pointAttributes, notBefore());
        reservoir.collect(ExemplarDataList.DOUBLES, exemplars, reset());
        return exemplars.result();
    }

    @Override
    public List<LongExemplarData> collectAndResetLongs(final Attributes pointAttributes) {
        final ExemplarDataList<LongExemplarData> exemplars = new ExemplarDataList<>(pointAttributes, notBefore());
        reservoir.collect(ExemplarDataList.LONGS, exemplars, reset());
        return exemplars.result();
    }

    @Override
    public String toString() {
        return "CoreBackedExemplarReservoir{" + reservoir + '}';
    }
}
