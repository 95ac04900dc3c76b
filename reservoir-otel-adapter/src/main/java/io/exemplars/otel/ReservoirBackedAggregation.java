package io.exemplars.otel;

import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.AggregatorFactory;
import io.opentelemetry.sdk.metrics.internal.descriptor.InstrumentDescriptor;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarFilterInternal;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarReservoirFactory;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a {@link ReservoirAggregation} factory returns: an {@link Aggregation} the SDK accepts in a
 * {@code View}, because it also implements the SDK's internal {@link AggregatorFactory}. It creates
 * the SDK's own aggregator for its kind, with our reservoirs behind the SDK's exemplar interfaces.
 *
 * <h2>Exemplar filter</h2>
 * The effective filter is the spec's, when it has one, else the one the SDK passes to
 * {@link #createAggregator} (the meter provider's; SDK 1.56 passes {@code alwaysOff()} for
 * asynchronous instruments, which a per-View filter also overrides). {@code alwaysOff()} installs
 * no reservoir.
 *
 * <h2>Instruments the kind does not support</h2>
 * {@link #isCompatibleWithInstrument} answers {@code true} for every instrument. The SDK calls it
 * while matching Views, and for an incompatible answer it logs a warning whose text it builds with
 * {@code AggregationUtil.aggregationName}, which throws for aggregations it does not know; an
 * honest {@code false} would therefore have turned a View that selects, say, a gauge for a
 * histogram into an exception in the application's instrument {@code build()}. Instead, for an
 * instrument the SDK's own aggregation of the same kind would refuse, {@link #createAggregator}
 * does what the SDK does for an incompatible View when no other View matches: it logs a warning
 * (once per instrument and reader, at registration, never while recording) and aggregates the
 * instrument with the SDK's default aggregation for its type, with the SDK's reservoir and the
 * provider's filter, exactly as if this View had not matched. Two differences remain, both
 * documented: a reader's own default-aggregation selector is not consulted (the SDK default is
 * used), and when another, compatible View also selects the instrument, the SDK would have used
 * only that one, whereas this View still adds its default-aggregated stream.
 *
 * <h2>Equality</h2>
 * Value semantics (kind, parameters and spec), which keeps equal Views equal: the SDK merges equal
 * metric streams instead of reporting a conflict.
 */
abstract sealed class ReservoirBackedAggregation implements Aggregation, AggregatorFactory
    permits ExplicitBucketHistogramWithReservoir, Base2ExponentialHistogramWithReservoir, SumWithReservoir,
    LastValueWithReservoir {

    private static final Logger LOGGER = Logger.getLogger(ReservoirAggregation.class.getName());

    private final String name;
    private final List<String> parameterNames;
    private final List<Object> parameterValues;
    private final ReservoirSpec spec;
    private final ReservoirShape shape;
    private final AggregatorFactory sdkEquivalent;

    /**
     * @param name            the {@link ReservoirAggregation} factory method's name
     * @param parameterNames  the aggregation's parameters besides the spec, for {@link #toString()}
     * @param parameterValues their values, immutable, compared by {@link #equals}
     * @param spec            the reservoir spec, already resolved into {@code shape}
     * @param shape           the reservoir every series gets
     * @param sdkEquivalent   the SDK's aggregation of the same kind, whose instrument compatibility
     *                        this one follows
     */
    ReservoirBackedAggregation(final String name, final List<String> parameterNames,
                               final List<Object> parameterValues, final ReservoirSpec spec,
                               final ReservoirShape shape, final Aggregation sdkEquivalent) {
        this.name = name;
        this.parameterNames = parameterNames;
        this.parameterValues = parameterValues;
        this.spec = spec;
        this.shape = shape;
        this.sdkEquivalent = (AggregatorFactory) sdkEquivalent;
    }

    @Override
    public final <T extends PointData> Aggregator<T> createAggregator(final InstrumentDescriptor instrument,
                                                                      final ExemplarFilterInternal providerFilter,
                                                                      final MemoryMode memoryMode) {
        if (!supports(instrument)) {
            LOGGER.log(Level.WARNING, () -> this + " does not support instrument " + instrument.getName()
                + " of type " + instrument.getType() + "; it is aggregated with the SDK's default aggregation "
                + "for its type, as if the View had not matched");
            return ((AggregatorFactory) Aggregation.defaultAggregation())
                .createAggregator(instrument, providerFilter, memoryMode);
        }
        final ExemplarFilterInternal filter = spec.filterOrNull() == null ? providerFilter
            : (ExemplarFilterInternal) spec.filterOrNull();
        return newAggregator(instrument, CoreReservoirFactory.forFilter(shape, filter), memoryMode);
    }

    /**
     * Always {@code true}; see the class documentation for why, and for what an unsupported
     * instrument gets instead.
     */
    @Override
    public final boolean isCompatibleWithInstrument(final InstrumentDescriptor instrument) {
        return true;
    }

    /**
     * @param instrument an instrument a View selected
     * @return whether the SDK's aggregation of this kind accepts it (then it gets our reservoirs)
     */
    final boolean supports(final InstrumentDescriptor instrument) {
        return sdkEquivalent.isCompatibleWithInstrument(instrument);
    }

    /**
     * @param instrument a supported instrument
     * @param reservoirs the factory for the series' reservoirs (or the no-sample factory)
     * @param memoryMode the reader's memory mode
     * @param <T>        the point type
     * @return the SDK's aggregator for this kind
     */
    abstract <T extends PointData> Aggregator<T> newAggregator(InstrumentDescriptor instrument,
                                                               ExemplarReservoirFactory reservoirs,
                                                               MemoryMode memoryMode);

    /**
     * @return the spec this aggregation was built with
     */
    final ReservoirSpec spec() {
        return spec;
    }

    /**
     * @return the arena the series' reservoirs are carved from
     */
    final SlotArena arena() {
        return shape.arena();
    }

    @Override
    public final boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        final ReservoirBackedAggregation that = (ReservoirBackedAggregation) o;
        return parameterValues.equals(that.parameterValues) && spec.equals(that.spec);
    }

    @Override
    public final int hashCode() {
        return (getClass().hashCode() * 31 + parameterValues.hashCode()) * 31 + spec.hashCode();
    }

    @Override
    public final String toString() {
        final StringBuilder text = new StringBuilder("ReservoirAggregation.").append(name).append('{');
        for (int i = 0; i < parameterNames.size(); i++) {
            text.append(parameterNames.get(i)).append('=').append(parameterValues.get(i)).append(", ");
        }
        return text.append("spec=").append(spec).append('}').toString();
    }
}
