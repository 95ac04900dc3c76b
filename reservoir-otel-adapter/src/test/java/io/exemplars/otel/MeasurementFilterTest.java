package io.exemplars.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Measurement filters and marked spans through the SDK: configuration, equality, what gets kept. */
class MeasurementFilterTest {
    private static final AttributeKey<String> SERIES = AttributeKey.stringKey("series");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final MeasurementFilter ADAPTIVE = MeasurementFilter.aboveQuantile(0.99)
        .or(MeasurementFilter.aboveQuantile(0.95).and(MeasurementFilter.withProbability(0.1)))
        .or(MeasurementFilter.withProbability(0.01));

    @Test
    void badArgumentsFailNamingTheValue() {
        assertMessage("measurement filter must not be null", () -> ReservoirSpec.alignedUniform().withMeasurementFilter(null));
        assertMessage("other measurement filter must not be null", () -> MeasurementFilter.errorsOnly().and(null));
        assertMessage("other measurement filter must not be null", () -> MeasurementFilter.slowerThan(1).or(null));
        assertMessage("slowerThan threshold must not be NaN, was NaN", () -> MeasurementFilter.slowerThan(Double.NaN));
        assertMessage("withProbability p must be in (0, 1], was 0.0", () -> MeasurementFilter.withProbability(0));
        assertMessage("withProbability p must be in (0, 1], was 1.5", () -> MeasurementFilter.withProbability(1.5));
        assertMessage("aboveQuantile q must be in (0, 1), was 1.0", () -> MeasurementFilter.aboveQuantile(1));
        assertMessage("aboveQuantile q must be in (0, 1), was NaN", () -> MeasurementFilter.aboveQuantile(Double.NaN));
    }

    @Test
    void specsWithEqualBuiltInFiltersAreEqualAndOwnFiltersCompareByIdentity() {
        final MeasurementFilter adaptiveAgain = MeasurementFilter.aboveQuantile(0.99)
            .or(MeasurementFilter.aboveQuantile(0.95).and(MeasurementFilter.withProbability(0.1)))
            .or(MeasurementFilter.withProbability(0.01));
        final ReservoirSpec spec = ReservoirSpec.alignedUniform().withMeasurementFilter(ADAPTIVE).markSpans();
        final ReservoirSpec again = ReservoirSpec.alignedUniform().markSpans().withMeasurementFilter(adaptiveAgain);
        assertEquals(spec, again);
        assertEquals(spec.hashCode(), again.hashCode());
        assertEquals(ReservoirSpec.otelDefault().withMeasurementFilter(MeasurementFilter.errorsOnly().and(MeasurementFilter.slowerThan(2))),
            ReservoirSpec.otelDefault().withMeasurementFilter(MeasurementFilter.errorsOnly().and(MeasurementFilter.slowerThan(2))));
        assertNotEquals(spec, ReservoirSpec.alignedUniform().withMeasurementFilter(ADAPTIVE));
        assertNotEquals(spec, ReservoirSpec.alignedUniform().markSpans());
        final MeasurementFilter own = (value, attributes, context) -> value > 3;
        assertEquals(ReservoirSpec.alignedUniform().withMeasurementFilter(own), ReservoirSpec.alignedUniform().withMeasurementFilter(own));
        assertNotEquals(ReservoirSpec.alignedUniform().withMeasurementFilter(own),
            ReservoirSpec.alignedUniform().withMeasurementFilter((value, attributes, context) -> value > 3));
        // the other settings keep the selection
        final ReservoirSpec filtered = spec.withFilter(ExemplarFilter.alwaysOn()).withArena(ReservoirSpec.defaultArena());
        assertEquals(spec.measurementFilter(), filtered.measurementFilter());
        assertTrue(filtered.marksSpans());
        assertTrue(spec.toString().contains("measurementFilter=MeasurementFilter.aboveQuantile(0.99).or(") && spec.toString().contains("markSpans"),
            spec::toString);
    }

    @Test
    void slowerThanKeepsOnlySlowerMeasurements() {
        final List<DoubleExemplarData> exemplars = recordAndCollect(
            ReservoirSpec.fixedSizeUniform(8).withMeasurementFilter(MeasurementFilter.slowerThan(0.9)),
            histogram -> {
                for (int i = 0; i < 20_000; i++) {
                    histogram.record((i % 100) / 100.0, Attributes.empty(), Context.root());
                }
            }).get("");
        assertEquals(8, exemplars.size());
        assertTrue(exemplars.stream().allMatch(e -> e.getValue() > 0.9), exemplars::toString);
    }

    @Test
    void errorsOnlyReadsTheErrorTypeAttributeAndTheSpanStatus() {
        // with no span processor the SDK's spans do not record (and are not ReadableSpans)
        try (SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()) {
            final Tracer tracer = tracing.get("test");
            final List<String> errorSpans = new ArrayList<>();
            final Map<String, List<DoubleExemplarData>> exemplars = recordAndCollect(
                ReservoirSpec.fixedSizeUniform(50).withMeasurementFilter(MeasurementFilter.errorsOnly()),
                histogram -> {
                    for (int i = 0; i < 3_000; i++) {
                        final Span span = tracer.spanBuilder("request").startSpan();
                        final boolean errorStatus = i % 10 == 0;
                        if (errorStatus) {
                            span.setStatus(StatusCode.ERROR);
                            errorSpans.add(span.getSpanContext().getSpanId());
                        }
                        try (Scope ignored = span.makeCurrent()) {
                            histogram.record(i, Attributes.of(SERIES, "status"), Context.current());
                            histogram.record(i, i % 7 == 0 ? Attributes.of(SERIES, "attribute", ERROR_TYPE, "500")
                                : Attributes.of(SERIES, "attribute"), Context.current());
                        }
                        span.end();
                    }
                });
            assertEquals(50, exemplars.get("status").size());
            assertTrue(exemplars.get("status").stream().allMatch(e -> errorSpans.contains(e.getSpanContext().getSpanId())));
            assertEquals(50, exemplars.get("attribute").size());
            assertTrue(exemplars.get("attribute").stream().allMatch(e -> e.getValue() % 7 == 0 || e.getValue() % 10 == 0),
                "error.type on the measurement, or an ERROR span");
        }
    }

    /**
     * Cumulative temporality: each series keeps its aggregator handle, and so its reservoir and its
     * filter. (Under DELTA with the default IMMUTABLE_DATA memory mode the SDK pools handles and
     * gives a series' handle to whichever series records first after a collection; see
     * {@link MeasurementFilter}.)
     */
    @Test
    void eachSeriesLearnsItsOwnQuantile() {
        final Map<String, List<DoubleExemplarData>> exemplars = new java.util.HashMap<>();
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider meters = provider(reader, ReservoirSpec.fixedSizeUniform(20)
            .withMeasurementFilter(MeasurementFilter.aboveQuantile(0.9)))) {
            final DoubleHistogram histogram = meters.get("test").histogramBuilder("latency").build();
            for (int interval = 0; interval < 2; interval++) {
                for (int i = 1; i <= 20_000; i++) {
                    histogram.record(i % 1_000, Attributes.of(SERIES, "fast"), Context.root());
                    histogram.record(1_000_000 + 1_000 * (i % 1_000), Attributes.of(SERIES, "slow"), Context.root());
                }
                exemplars.clear();
                exemplars.putAll(exemplarsBySeries(reader.collectAllMetrics()));
            }
        }
        // Interval 2 uses each series' own p90 of interval 1: about 900 and 1,900,000, estimated from
        // a random thinned sample of about 20,000 / 64 = 312 offers and reported as the middle of an
        // HdrHistogram bucket 32 (fast) or 65,536 (slow) wide (in rare HdrHistogram states its lower
        // edge, which adds under 1e-9 to either tail below). The bounds sit where a wrong threshold
        // fails and a right one does not by chance: the fast threshold falls to the [736, 768) bucket
        // or lower only when 281 of 312 observations are below 736 (binomial tail < 1e-12), the slow
        // one below 1,800,000 only when 281 are below 1,769,472 (< 1e-8). A bound at 850 failed about
        // 3 % of runs (the [832, 864) bucket). Without the rule, 20 uniform values of 0..999 are all
        // above 750 with probability 0.25^20, about 1e-12; judged by the slow series' threshold, the
        // fast series would keep nothing.
        assertEquals(20, exemplars.get("fast").size(), "the fast series is not judged by the slow one's quantile");
        assertTrue(exemplars.get("fast").stream().allMatch(e -> e.getValue() > 750), exemplars.get("fast")::toString);
        assertTrue(exemplars.get("slow").stream().allMatch(e -> e.getValue() > 1_800_000), exemplars.get("slow")::toString);
    }

    @Test
    void aThrowingFilterDropsOnlyTheExemplar() {
        final List<DoubleExemplarData> exemplars = recordAndCollect(ReservoirSpec.alignedUniform()
            .withMeasurementFilter((value, attributes, context) -> {
                throw new IllegalStateException("boom");
            }), histogram -> histogram.record(1.0, Attributes.empty(), Context.root())).get("");
        assertTrue(exemplars.isEmpty());
    }

    @Test
    void markSpansMarksTheSpansOfStoredExemplarsOnly() {
        final InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()) {
            final Tracer tracer = tracing.get("test");
            final List<DoubleExemplarData> exemplars = recordAndCollect(
                ReservoirSpec.fixedSizeUniform(4).withMeasurementFilter(MeasurementFilter.slowerThan(50)).markSpans(),
                histogram -> {
                    for (int i = 0; i < 200; i++) {
                        final Span span = tracer.spanBuilder("request").startSpan();
                        try (Scope ignored = span.makeCurrent()) {
                            histogram.record(i % 100, Attributes.empty(), Context.current());
                        }
                        span.end();
                    }
                }).get("");
            final Map<String, SpanData> byId = spans.getFinishedSpanItems().stream()
                .collect(Collectors.toMap(SpanData::getSpanId, s -> s));
            assertEquals(4, exemplars.size());
            for (final DoubleExemplarData exemplar : exemplars) {
                assertEquals(Boolean.TRUE, byId.get(exemplar.getSpanContext().getSpanId()).getAttributes()
                    .get(SpanContextCapturer.EXEMPLAR_MARK), "exemplar " + exemplar);
            }
            final long marked = byId.values().stream()
                .filter(s -> Boolean.TRUE.equals(s.getAttributes().get(SpanContextCapturer.EXEMPLAR_MARK))).count();
            assertTrue(marked >= 4 && marked < 100, "only stored measurements (kept or displaced) mark: " + marked);
        }
    }

    private static Map<String, List<DoubleExemplarData>> recordAndCollect(final ReservoirSpec spec,
                                                                           final java.util.function.Consumer<DoubleHistogram> record) {
        final InMemoryMetricReader reader = InMemoryMetricReader.createDelta();
        try (SdkMeterProvider meters = provider(reader, spec)) {
            record.accept(meters.get("test").histogramBuilder("latency").build());
            return exemplarsBySeries(reader.collectAllMetrics());
        }
    }

    private static SdkMeterProvider provider(final InMemoryMetricReader reader, final ReservoirSpec spec) {
        return SdkMeterProvider.builder().registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.alwaysOn())
            .registerView(InstrumentSelector.builder().setName("latency").build(),
                View.builder().setAggregation(ReservoirAggregation.explicitBucketHistogram(List.of(1e9), spec)).build())
            .build();
    }

    private static Map<String, List<DoubleExemplarData>> exemplarsBySeries(final java.util.Collection<MetricData> metrics) {
        final Function<HistogramPointData, String> series = p -> {
            final String name = p.getAttributes().get(SERIES);
            return name == null ? "" : name;
        };
        final Map<String, List<DoubleExemplarData>> out = new java.util.HashMap<>();
        for (final MetricData metric : metrics) {
            for (final HistogramPointData point : metric.getHistogramData().getPoints()) {
                out.put(series.apply(point), new ArrayList<>(point.getExemplars()));
            }
        }
        out.putIfAbsent("", List.of());
        return out;
    }

    private static void assertMessage(final String message, final Runnable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }
}
