package io.exemplars.otel;

import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.AggregatorFactory;
import io.opentelemetry.sdk.metrics.internal.descriptor.InstrumentDescriptor;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarFilterInternal;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarReservoirFactory;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

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
 * {@link #isCompatibleWithInstrument} gives the answer of the SDK's own aggregation of the same
 * kind, so the SDK treats a View that selects, say, a gauge for a histogram exactly as it treats
 * its own aggregations: it logs a warning naming the aggregation and the instrument, ignores that
 * View for that instrument, and uses another matching View or the reader's default aggregation.
 * That warning names the aggregation with {@code AggregationUtil.aggregationName}, which throws for
 * aggregation classes the SDK does not know; the adapter's classes are known to it
 * ({@link AggregationNames}, checked before any of them is built), which is what makes the honest
 * answer safe. (The alternative, answering {@code true} for every instrument and emulating the
 * SDK's fallback, could neither consult the reader's default-aggregation selector nor yield to
 * another matching View.)
 *
 * <h2>Breaks at run time</h2>
 * Instrument registration runs inside the application's {@code build()} call and must not throw:
 * should building our aggregator break (an SDK internal missing only when first used), the
 * instrument gets the SDK's own aggregation of the same shape ({@link SdkEquivalent}) and
 * {@link FailOpen#brokeAtRunTime} logs it. Each series' reservoir is guarded the same way for
 * recording and collection ({@link BuiltInOnBreakReservoirFactory}), with the SDK's own reservoir
 * for the shape ({@link #builtInReservoirs}) to fall back on.
 *
 * <h2>Equality</h2>
 * Value semantics (kind, parameters and spec), which keeps equal Views equal: the SDK merges equal
 * metric streams instead of reporting a conflict.
 */
abstract sealed class ReservoirBackedAggregation implements Aggregation, AggregatorFactory
    permits ExplicitBucketHistogramWithReservoir, Base2ExponentialHistogramWithReservoir, SumWithReservoir,
    LastValueWithReservoir, DefaultAggregationWithReservoir {
    private static final ExemplarReservoirFactory NO_SAMPLES = ExemplarReservoirFactory.noSamples();

    private final String name;
    private final List<String> parameterNames;
    private final List<Object> parameterValues;
    private final ReservoirSpec spec;
    private final AggregatorFactory sdkEquivalent;
    private final AggregatorFactory builtIn;

    /**
     * @param name            the {@link ReservoirAggregation} factory method's name
     * @param parameterNames  the aggregation's parameters besides the spec, for {@link #toString()}
     * @param parameterValues their values, immutable, compared by {@link #equals}
     * @param spec            the reservoir spec, already validated by the subclass
     * @param sdkEquivalent   the SDK's aggregation of the same kind, whose instrument compatibility
     *                        this one reports
     * @param builtIn         the SDK's aggregation an instrument gets when building ours breaks
     *                        ({@link SdkEquivalent}: {@code sdkEquivalent}, or for a histogram
     *                        that follows advice, the SDK's default)
     */
    ReservoirBackedAggregation(final String name, final List<String> parameterNames,
                               final List<Object> parameterValues, final ReservoirSpec spec,
                               final Aggregation sdkEquivalent, final Aggregation builtIn) {
        this.name = name;
        this.parameterNames = parameterNames;
        this.parameterValues = parameterValues;
        this.spec = spec;
        this.sdkEquivalent = (AggregatorFactory) sdkEquivalent;
        this.builtIn = (AggregatorFactory) builtIn;
    }

    /**
     * Ours, or, should building it break, the SDK's own; see the class documentation. Never throws.
     */
    @Override
    public final <T extends PointData> Aggregator<T> createAggregator(final InstrumentDescriptor instrument,
                                                                      final ExemplarFilterInternal providerFilter,
                                                                      final MemoryMode memoryMode) {
        try {
            return ourAggregator(instrument, providerFilter, memoryMode);
        } catch (final RuntimeException | LinkageError broken) {
            FailOpen.brokeAtRunTime(instrument.getName(), "registration", broken);
            return builtIn.createAggregator(instrument, providerFilter, memoryMode);
        }
    }

    private <T extends PointData> Aggregator<T> ourAggregator(final InstrumentDescriptor instrument,
                                                              final ExemplarFilterInternal providerFilter,
                                                              final MemoryMode memoryMode) {
        final ExemplarFilterInternal filter = spec.filterOrNull() == null ? providerFilter
            : (ExemplarFilterInternal) spec.filterOrNull();
        final ReservoirShape shape = shapeFor(instrument);
        final OpenMetricsVisibility visibility = shape == null || filter == ExemplarFilter.alwaysOff() ? null
            : OpenMetricsVisibility.forInstrument(instrument.getName(), instrument.getType(), spec,
                showsOneExemplarPerLine());
        if (shape == null || !shape.retains() && visibility == null) {
            return newAggregator(instrument, shape == null ? NO_SAMPLES
                : guarded(instrument, filter, CoreReservoirFactory.forFilter(shape, filter, spec.selection(), null)),
                memoryMode);
        }
        // Retention is for cumulative readers, and the warning for the Prometheus exporter's: what
        // the collection reveals of the reader reaches us only through the aggregator's
        // toMetricData, so the aggregator is wrapped to pass it on (records never go through it).
        final TemporalitySignal temporality = shape.retains() ? new TemporalitySignal() : null;
        return new TemporalityProbingAggregator<>(
            newAggregator(instrument, guarded(instrument, filter,
                CoreReservoirFactory.forFilter(shape, filter, spec.selection(), temporality)), memoryMode),
            temporality, visibility);
    }

    /**
     * @return whether OpenMetrics shows this kind's exemplars one per histogram bucket line or per
     *     counter (explicit-bucket histograms and sums, which the default aggregation gives
     *     histograms and counters); kinds it shows otherwise, or not at all, say false
     */
    boolean showsOneExemplarPerLine() {
        return true;
    }

    /**
     * @return ours behind the guard that falls back to the SDK's reservoir for the shape; the
     *     SDK's no-sample factory (which {@code alwaysOff()} gives) as it is
     */
    private ExemplarReservoirFactory guarded(final InstrumentDescriptor instrument,
                                             final ExemplarFilterInternal filter,
                                             final ExemplarReservoirFactory ours) {
        if (filter == ExemplarFilter.alwaysOff()) {
            return ours;
        }
        return new BuiltInOnBreakReservoirFactory(ours,
            ExemplarReservoirFactory.filtered(filter, builtInReservoirs(instrument)), instrument.getName());
    }

    /**
     * The SDK's own reservoir for this aggregation, as the SDK's aggregation of the same kind
     * creates it (before its exemplar filter): for sums, last values and exponential histograms a
     * fixed-size reservoir of one cell per processor; the explicit-bucket histograms override it.
     *
     * @param instrument an instrument the View selected
     * @return the SDK's reservoir factory a broken series falls back to
     */
    ExemplarReservoirFactory builtInReservoirs(final InstrumentDescriptor instrument) {
        return ExemplarReservoirFactory.fixedSizeReservoir(Clock.getDefault(),
            Runtime.getRuntime().availableProcessors(), ThreadLocalRandom::current);
    }

    /**
     * The answer of the SDK's aggregation of the same kind; see the class documentation.
     */
    @Override
    public final boolean isCompatibleWithInstrument(final InstrumentDescriptor instrument) {
        return sdkEquivalent.isCompatibleWithInstrument(instrument);
    }

    /**
     * Runs at instrument registration, inside the SDK; must not throw.
     *
     * @param instrument an instrument the View selected and this kind supports
     * @param reservoirs the factory of the series' reservoirs: ours for {@link #shapeFor} under the
     *                   effective exemplar filter, or the SDK's no-sample factory
     * @param memoryMode the reader's memory mode
     * @param <T>        the point type
     * @return the SDK's aggregator for this kind, with {@code reservoirs} behind it
     */
    abstract <T extends PointData> Aggregator<T> newAggregator(InstrumentDescriptor instrument,
                                                               ExemplarReservoirFactory reservoirs,
                                                               MemoryMode memoryMode);

    /**
     * @param instrument an instrument the View selected
     * @return the reservoir each of its series gets, or null when it gets none (see the subclass)
     */
    abstract ReservoirShape shapeFor(InstrumentDescriptor instrument);

    /**
     * @return the spec this aggregation was built with
     */
    final ReservoirSpec spec() {
        return spec;
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
