package io.exemplars.otel;

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

/**
 * The SDK's default aggregation, {@code Aggregation.defaultAggregation()}, with our reservoirs: per
 * instrument, the aggregation the SDK's default picks for it (the same choice in SDK 1.56 to 1.68).
 * <ul>
 *   <li>Histograms: an explicit-bucket histogram with the instrument's bucket advice, else the
 *       SDK's default boundaries.</li>
 *   <li>Counters and up-down counters, synchronous and observable: a sum.</li>
 *   <li>Gauges, synchronous and observable: a last value.</li>
 * </ul>
 * It accepts every instrument the SDK's default accepts, which is every instrument, so one View
 * selecting {@code *} puts our reservoirs behind every metric.
 *
 * <p>Spec: {@link ReservoirSpec#otelDefault()} keeps its meaning per aggregation (aligned uniform
 * for histograms, fixed-size uniform of 1 for sums and last values), and
 * {@link ReservoirSpec#fixedSizeUniform(int)} applies to all. An aligned spec
 * ({@link ReservoirSpec#alignedUniform()}, {@link ReservoirSpec#alignedSlowest()},
 * {@link ReservoirSpec#alignedLastSeen()}) applies to the histograms; sums and last values, which
 * have no buckets to align to, get what {@code otelDefault()} gives them ({@code alignedSlowest()}:
 * {@code slowest(1)}, the series' largest), under the spec's filter and retention, in its arena.
 *
 * <p>An instrument type the SDK may add later, which this adapter does not know, gets whatever
 * the SDK's own default aggregation gives it (today: dropped, with the SDK's warning), without our
 * reservoirs.
 */
final class DefaultAggregationWithReservoir extends ReservoirBackedAggregation {
    static final String NAME = "defaultAggregation";

    private final ExplicitBucketHistogramWithReservoir histogram;
    private final SumWithReservoir sum;
    private final LastValueWithReservoir lastValue;

    /**
     * @param spec the reservoir spec
     * @throws IllegalArgumentException naming the bad spec (null, or not fitting the SDK's default
     *                                  histogram boundaries in its arena)
     */
    DefaultAggregationWithReservoir(final ReservoirSpec spec) {
        super(NAME, List.of(), List.of(), spec, Aggregation.defaultAggregation(), Aggregation.defaultAggregation());
        this.histogram = ExplicitBucketHistogramWithReservoir.withInstrumentAdvice(spec);
        final ReservoirSpec withoutBuckets = withoutBuckets(spec);
        this.sum = new SumWithReservoir(withoutBuckets);
        this.lastValue = new LastValueWithReservoir(withoutBuckets);
    }

    /**
     * @return the spec for aggregations without buckets: an aligned spec becomes
     *     {@code otelDefault()} ({@code alignedSlowest()}: {@code slowest(1)}) with the same filter,
     *     retention and arena; any other is kept
     */
    private static ReservoirSpec withoutBuckets(final ReservoirSpec spec) {
        final ReservoirSpec unaligned;
        switch (spec.policy()) {
            case ALIGNED_UNIFORM:
            case ALIGNED_LAST_SEEN:
                unaligned = ReservoirSpec.otelDefault();
                break;
            case ALIGNED_SLOWEST:
                // One bucket's largest, for an aggregation that is one bucket: the series' largest.
                unaligned = ReservoirSpec.slowest(1);
                break;
            default:
                return spec;
        }
        final ReservoirSpec inArena = unaligned.withArena(spec.arena());
        final ReservoirSpec retaining = spec.retention().map(inArena::retainFor).orElse(inArena);
        return spec.filter().map(retaining::withFilter).orElse(retaining);
    }

    /**
     * @return the aggregation the SDK's default picks for the instrument, with our reservoirs; null
     *     for an instrument type this adapter does not know
     */
    private ReservoirBackedAggregation delegateFor(final InstrumentDescriptor instrument) {
        switch (instrument.getType()) {
            case COUNTER:
            case UP_DOWN_COUNTER:
            case OBSERVABLE_COUNTER:
            case OBSERVABLE_UP_DOWN_COUNTER:
                return sum;
            case HISTOGRAM:
                return histogram;
            case GAUGE:
            case OBSERVABLE_GAUGE:
                return lastValue;
            default:
                return null;
        }
    }

    @Override
    <T extends PointData> Aggregator<T> newAggregator(final InstrumentDescriptor instrument,
                                                      final ExemplarReservoirFactory reservoirs,
                                                      final MemoryMode memoryMode) {
        final ReservoirBackedAggregation delegate = delegateFor(instrument);
        return delegate == null
            // An instrument type this adapter does not know (a later SDK's): the SDK's own default
            // aggregation, without exemplars (this aggregation's reservoirs do not fit it).
            ? ((AggregatorFactory) Aggregation.defaultAggregation()).createAggregator(instrument,
                (ExemplarFilterInternal) ExemplarFilter.alwaysOff(), memoryMode)
            : delegate.newAggregator(instrument, reservoirs, memoryMode);
    }

    @Override
    ExemplarReservoirFactory builtInReservoirs(final InstrumentDescriptor instrument) {
        final ReservoirBackedAggregation delegate = delegateFor(instrument);
        return delegate == null ? super.builtInReservoirs(instrument) : delegate.builtInReservoirs(instrument);
    }

    @Override
    ReservoirShape shapeFor(final InstrumentDescriptor instrument) {
        final ReservoirBackedAggregation delegate = delegateFor(instrument);
        return delegate == null ? null : delegate.shapeFor(instrument);
    }
}
