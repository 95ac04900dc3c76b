package io.exemplars.otel;

import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.ExemplarData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every aggregation kind x long/double instrument x delta/cumulative x every filter, set on the
 * meter provider or overridden per View, through the SDK's public path: a meter provider with a
 * View, an instrument, {@link InMemoryMetricReader}.
 *
 * <p>Each interval records three measurements: one in a sampled span, one in a valid unsampled
 * span, one with no span. They fall in different histogram buckets, and the fixed-size reservoirs
 * hold more than three, so every eligible measurement is kept and the exact exemplar set is known:
 * all three under alwaysOn, the sampled one under traceBased, none (and no reservoir) under
 * alwaysOff. Each exemplar is checked field by field: value and its type, time, span context, and
 * filtered attributes (the View keeps only {@code route} on the point, so {@code user.id} must be
 * on the exemplar).
 */
class ThroughSdkMatrixTest {
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
    private static final AttributeKey<String> USER = AttributeKey.stringKey("user.id");
    private static final List<Double> BOUNDARIES = List.of(10.0, 20.0, 30.0, 40.0);
    /** More than the three measurements an interval records, so every eligible one is kept. */
    private static final int FIXED_SIZE = 4;
    private static final String INSTRUMENT = "matrix.instrument";
    private static final int ARENA_SLAB_SLOTS = 64;
    private static final int ARENA_SLABS = 4;

    enum Kind { EXPLICIT_BUCKET_HISTOGRAM, BASE2_EXPONENTIAL_HISTOGRAM, SUM, LAST_VALUE }

    enum ValueType { LONG, DOUBLE }

    /** Where the filter is set, and the filter that is in effect for the View. */
    enum FilterSetup {
        PROVIDER_ALWAYS_ON(ExemplarFilter.alwaysOn(), null, Expect.ALL),
        PROVIDER_TRACE_BASED(ExemplarFilter.traceBased(), null, Expect.SAMPLED_ONLY),
        PROVIDER_ALWAYS_OFF(ExemplarFilter.alwaysOff(), null, Expect.NONE),
        VIEW_ALWAYS_ON_OVER_PROVIDER_OFF(ExemplarFilter.alwaysOff(), ExemplarFilter.alwaysOn(), Expect.ALL),
        VIEW_TRACE_BASED_OVER_PROVIDER_ON(ExemplarFilter.alwaysOn(), ExemplarFilter.traceBased(), Expect.SAMPLED_ONLY),
        VIEW_ALWAYS_OFF_OVER_PROVIDER_ON(ExemplarFilter.alwaysOn(), ExemplarFilter.alwaysOff(), Expect.NONE);

        final ExemplarFilter provider;
        final ExemplarFilter view;
        final Expect expect;

        FilterSetup(final ExemplarFilter provider, final ExemplarFilter view, final Expect expect) {
            this.provider = provider;
            this.view = view;
            this.expect = expect;
        }
    }

    enum Expect { ALL, SAMPLED_ONLY, NONE }

    static Stream<Arguments> matrix() {
        final List<Arguments> cases = new ArrayList<>();
        for (final Kind kind : Kind.values()) {
            for (final ValueType type : ValueType.values()) {
                for (final AggregationTemporality temporality : AggregationTemporality.values()) {
                    for (final FilterSetup filter : FilterSetup.values()) {
                        cases.add(Arguments.of(kind, type, temporality, filter));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("matrix")
    void keepsExactlyTheEligibleMeasurementsWithTheirFullPayload(final Kind kind, final ValueType type,
                                                                  final AggregationTemporality temporality,
                                                                  final FilterSetup filter) {
        final SlotArena arena = SlotArena.create(ARENA_SLAB_SLOTS, ARENA_SLABS);
        final InMemoryMetricReader reader = InMemoryMetricReader.builder()
            .setAggregationTemporalitySelector(instrumentType -> temporality)
            .setMemoryMode(MemoryMode.IMMUTABLE_DATA)
            .build();
        final ReservoirSpec spec = spec(kind, filter, arena);
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setExemplarFilter(filter.provider)
            .registerView(InstrumentSelector.builder().setName(INSTRUMENT).build(),
                View.builder().setAggregation(aggregation(kind, spec))
                    .setAttributeFilter(key -> key.equals(ROUTE.getKey())).build())
            .build()) {
            final Recorder recorder = Recorder.create(provider.get("matrix"), kind, type);

            for (int interval = 0; interval < 2; interval++) {
                final Map<Double, Context> recorded = new HashMap<>();
                final long before = millisAsNanos();
                // Values 5+10i, 15+10i, 25+10i: three different buckets of BOUNDARIES in both intervals.
                record(recorder, 5 + 10 * interval, TestContexts.SAMPLED, recorded);
                record(recorder, 15 + 10 * interval, TestContexts.UNSAMPLED, recorded);
                record(recorder, 25 + 10 * interval, TestContexts.NO_SPAN, recorded);
                final long after = millisAsNanos();
                if (filter.expect != Expect.NONE) {
                    assertTrue(arena.ringsInUse() >= 1, "the series' reservoir leases slots of the spec's arena");
                }

                final Collection<MetricData> metrics = reader.collectAllMetrics();
                final MetricData metric = single(metrics);
                assertEquals(expectedType(kind, type), metric.getType());
                final PointData point = single(metric.getData().getPoints());
                assertEquals(Attributes.of(ROUTE, "/checkout"), point.getAttributes());
                assertExemplars(filter.expect, type, kind, point.getExemplars(), recorded, before, after);
            }

            // No recording since the last collection: the reservoir was reset by it, so a cumulative
            // point has no exemplar left and a delta reader has no point at all.
            final Collection<MetricData> quiet = reader.collectAllMetrics();
            for (final MetricData metric : quiet) {
                for (final PointData point : metric.getData().getPoints()) {
                    assertEquals(List.of(), point.getExemplars(), "exemplars after a quiet interval");
                }
            }
            if (filter.expect == Expect.NONE) {
                assertEquals(0, arena.ringsInUse(), "alwaysOff must install no reservoir at all");
            } else {
                // The second interval's collection exported, so kept the lease (empty) for the next
                // interval. The quiet collection returns it where the SDK collects a quiet series
                // (cumulative); its delta storage does not (it drops a series without measurements),
                // and the kept lease, holding nothing, goes when the arena needs it or after its expiry.
                assertEquals(temporality == AggregationTemporality.DELTA ? 1 : 0, arena.ringsInUse(),
                    "an idle interval's collection returns the series' slots, one that exported keeps them");
                assertEquals(0, arena.refusals());
            }
        }
    }

    private static ReservoirSpec spec(final Kind kind, final FilterSetup filter, final SlotArena arena) {
        ReservoirSpec spec;
        switch (kind) {
            case EXPLICIT_BUCKET_HISTOGRAM:
                spec = ReservoirSpec.alignedUniform();
                break;
            case BASE2_EXPONENTIAL_HISTOGRAM:
                spec = ReservoirSpec.otelDefault(); // min(20, maxBuckets) = 20 here
                break;
            default:
                spec = ReservoirSpec.fixedSizeUniform(FIXED_SIZE);
        }
        spec = spec.withArena(arena);
        return filter.view == null ? spec : spec.withFilter(filter.view);
    }

    private static Aggregation aggregation(final Kind kind, final ReservoirSpec spec) {
        switch (kind) {
            case EXPLICIT_BUCKET_HISTOGRAM:
                return ReservoirAggregation.explicitBucketHistogram(BOUNDARIES, spec);
            case BASE2_EXPONENTIAL_HISTOGRAM:
                return ReservoirAggregation.base2ExponentialHistogram(160, 20, spec);
            case SUM:
                return ReservoirAggregation.sum(spec);
            default:
                return ReservoirAggregation.lastValue(spec);
        }
    }

    private static MetricDataType expectedType(final Kind kind, final ValueType type) {
        switch (kind) {
            case EXPLICIT_BUCKET_HISTOGRAM:
                return MetricDataType.HISTOGRAM;
            case BASE2_EXPONENTIAL_HISTOGRAM:
                return MetricDataType.EXPONENTIAL_HISTOGRAM;
            case SUM:
                return type == ValueType.LONG ? MetricDataType.LONG_SUM : MetricDataType.DOUBLE_SUM;
            default:
                return type == ValueType.LONG ? MetricDataType.LONG_GAUGE : MetricDataType.DOUBLE_GAUGE;
        }
    }

    private static void record(final Recorder recorder, final double value, final Context context,
                               final Map<Double, Context> recorded) {
        recorder.record(value, Attributes.of(ROUTE, "/checkout", USER, "user-" + (long) value), context);
        recorded.put(value, context);
    }

    private static void assertExemplars(final Expect expect, final ValueType type, final Kind kind,
                                        final List<? extends ExemplarData> exemplars,
                                        final Map<Double, Context> recorded, final long before, final long after) {
        final TreeSet<Double> expectedValues = new TreeSet<>();
        for (final Map.Entry<Double, Context> entry : recorded.entrySet()) {
            final boolean sampled = entry.getValue() == TestContexts.SAMPLED;
            if (expect == Expect.ALL || expect == Expect.SAMPLED_ONLY && sampled) {
                expectedValues.add(entry.getKey());
            }
        }
        final TreeSet<Double> values = new TreeSet<>();
        for (final ExemplarData exemplar : exemplars) {
            final double value = valueOf(exemplar, kind, type);
            values.add(value);
            final Context context = recorded.get(value);
            final SpanContext expectedSpan = io.opentelemetry.api.trace.Span.fromContext(context).getSpanContext();
            final SpanContext span = exemplar.getSpanContext();
            if (expectedSpan.isValid()) {
                assertEquals(expectedSpan.getTraceId(), span.getTraceId(), "trace id of " + value);
                assertEquals(expectedSpan.getSpanId(), span.getSpanId(), "span id of " + value);
                assertEquals(expectedSpan.getTraceFlags(), span.getTraceFlags(), "trace flags of " + value);
            } else {
                assertEquals(SpanContext.getInvalid(), span, "no span: the invalid span context");
            }
            assertTrue(exemplar.getEpochNanos() >= before && exemplar.getEpochNanos() <= after,
                "exemplar time " + exemplar.getEpochNanos() + " outside [" + before + ", " + after + ']');
            assertEquals(Attributes.of(USER, "user-" + (long) value), exemplar.getFilteredAttributes(),
                "filtered attributes: the measurement's minus the point's");
        }
        assertEquals(expectedValues, values, "the exemplars kept");
        assertEquals(expectedValues.size(), exemplars.size(), "one exemplar per eligible measurement");
    }

    /** Histograms are double aggregations (long measurements become doubles), like the SDK's. */
    private static double valueOf(final ExemplarData exemplar, final Kind kind, final ValueType type) {
        final boolean histogram = kind == Kind.EXPLICIT_BUCKET_HISTOGRAM || kind == Kind.BASE2_EXPONENTIAL_HISTOGRAM;
        if (type == ValueType.LONG && !histogram) {
            return assertInstanceOf(LongExemplarData.class, exemplar).getValue();
        }
        return assertInstanceOf(DoubleExemplarData.class, exemplar).getValue();
    }

    /** The exemplar clock reads milliseconds (as the SDK's does), so bracket with the same. */
    private static long millisAsNanos() {
        return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    }

    private static <T> T single(final Collection<T> items) {
        assertEquals(1, items.size(), () -> "expected one item, got " + items);
        return items.iterator().next();
    }

    /** Records one value on the instrument of a kind and value type. */
    @FunctionalInterface
    interface Recorder {
        void record(double value, Attributes attributes, Context context);

        static Recorder create(final Meter meter, final Kind kind, final ValueType type) {
            final boolean longs = type == ValueType.LONG;
            switch (kind) {
                case EXPLICIT_BUCKET_HISTOGRAM:
                case BASE2_EXPONENTIAL_HISTOGRAM:
                    if (longs) {
                        final var histogram = meter.histogramBuilder(INSTRUMENT).ofLongs().build();
                        return (v, a, c) -> histogram.record((long) v, a, c);
                    }
                    final var histogram = meter.histogramBuilder(INSTRUMENT).build();
                    return histogram::record;
                case SUM:
                    if (longs) {
                        final var counter = meter.counterBuilder(INSTRUMENT).build();
                        return (v, a, c) -> counter.add((long) v, a, c);
                    }
                    final var counter = meter.counterBuilder(INSTRUMENT).ofDoubles().build();
                    return counter::add;
                default:
                    if (longs) {
                        final var gauge = meter.gaugeBuilder(INSTRUMENT).ofLongs().build();
                        return (v, a, c) -> gauge.set((long) v, a, c);
                    }
                    final var gauge = meter.gaugeBuilder(INSTRUMENT).build();
                    return gauge::set;
            }
        }
    }
}
