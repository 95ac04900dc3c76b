package io.exemplars.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.ExemplarData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readers that reuse their data objects and aggregator handles across collections
 * ({@link MemoryMode#REUSABLE_DATA}), and asynchronous instruments, whose measurements reach the
 * reservoirs from callbacks.
 */
class ReusableDataAndAsyncTest {
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("attempt");
    private static final int INTERVALS = 4;

    @ParameterizedTest
    @EnumSource(AggregationTemporality.class)
    void reusedHandlesReportEachIntervalsOwnExemplars(final AggregationTemporality temporality) {
        final InMemoryMetricReader reader = InMemoryMetricReader.builder()
            .setAggregationTemporalitySelector(type -> temporality)
            .setMemoryMode(MemoryMode.REUSABLE_DATA)
            .build();
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.alwaysOn())
            .registerView(InstrumentSelector.builder().setName("latency").build(), View.builder()
                .setAggregation(ReservoirAggregation.explicitBucketHistogram(List.of(10.0, 100.0),
                    ReservoirSpec.alignedUniform()))
                .setAttributeFilter(key -> key.equals(ROUTE.getKey())).build())
            .registerView(InstrumentSelector.builder().setName("requests").build(), View.builder()
                .setAggregation(ReservoirAggregation.sum(ReservoirSpec.otelDefault()))
                .setAttributeFilter(key -> key.equals(ROUTE.getKey())).build())
            .build()) {
            final Meter meter = provider.get("reusable");
            final DoubleHistogram histogram = meter.histogramBuilder("latency").build();
            final LongCounter counter = meter.counterBuilder("requests").build();
            for (long interval = 0; interval < INTERVALS; interval++) {
                final Attributes attributes = Attributes.of(ROUTE, "/r", ATTEMPT, interval);
                histogram.record(50.0 + interval, attributes, TestContexts.SAMPLED);
                counter.add(interval + 1, attributes, TestContexts.UNSAMPLED);
                final Collection<MetricData> metrics = reader.collectAllMetrics();
                assertEquals(2, metrics.size());
                for (final MetricData metric : metrics) {
                    final List<ExemplarData> exemplars = exemplarsOf(metric);
                    assertEquals(1, exemplars.size(), metric.getName() + " in interval " + interval);
                    final ExemplarData exemplar = exemplars.get(0);
                    assertEquals(Attributes.of(ATTEMPT, interval), exemplar.getFilteredAttributes(),
                        "the exemplar of this interval, not a reused one");
                    if (metric.getName().equals("latency")) {
                        assertEquals(50.0 + interval, ((DoubleExemplarData) exemplar).getValue());
                        assertEquals(TestContexts.SAMPLED_SPAN.getSpanId(), exemplar.getSpanContext().getSpanId());
                    } else {
                        assertEquals(interval + 1, ((LongExemplarData) exemplar).getValue());
                        assertEquals(TestContexts.UNSAMPLED_SPAN.getSpanId(), exemplar.getSpanContext().getSpanId());
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AggregationTemporality.class)
    void aPerViewFilterAppliesToAsynchronousInstruments(final AggregationTemporality temporality) {
        final InMemoryMetricReader reader = InMemoryMetricReader.builder()
            .setAggregationTemporalitySelector(type -> temporality).build();
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.alwaysOff())
            .registerView(InstrumentSelector.builder().setName("queue.size").build(), View.builder()
                .setAggregation(ReservoirAggregation.lastValue(
                    ReservoirSpec.otelDefault().withFilter(ExemplarFilter.alwaysOn()))).build())
            .registerView(InstrumentSelector.builder().setName("bytes.read").build(), View.builder()
                .setAggregation(ReservoirAggregation.sum(
                    ReservoirSpec.fixedSizeUniform(2).withFilter(ExemplarFilter.alwaysOn()))).build())
            .registerView(InstrumentSelector.builder().setName("open.files").build(), View.builder()
                .setAggregation(ReservoirAggregation.sum(
                    ReservoirSpec.otelDefault().withFilter(ExemplarFilter.alwaysOff()))).build())
            .build()) {
            final Meter meter = provider.get("async");
            final long[] observed = {7};
            meter.gaugeBuilder("queue.size").ofLongs().buildWithCallback(
                gauge -> gauge.record(observed[0], Attributes.of(ROUTE, "/q")));
            meter.counterBuilder("bytes.read").ofDoubles().buildWithCallback(
                bytes -> bytes.record(observed[0] * 1.5, Attributes.of(ROUTE, "/b")));
            meter.upDownCounterBuilder("open.files").buildWithCallback(files -> files.record(observed[0]));
            for (int interval = 0; interval < 2; interval++) {
                observed[0] = 7 + interval;
                final Collection<MetricData> metrics = reader.collectAllMetrics();
                assertEquals(3, metrics.size());
                for (final MetricData metric : metrics) {
                    final List<ExemplarData> exemplars = exemplarsOf(metric);
                    if (metric.getName().equals("open.files")) {
                        assertTrue(exemplars.isEmpty(), "alwaysOff on the View");
                        continue;
                    }
                    assertEquals(1, exemplars.size(), metric.getName());
                    final ExemplarData exemplar = exemplars.get(0);
                    final double value = exemplar instanceof LongExemplarData ? ((LongExemplarData) exemplar).getValue()
                        : ((DoubleExemplarData) exemplar).getValue();
                    assertEquals(metric.getName().equals("queue.size") ? observed[0] : observed[0] * 1.5, value);
                    assertEquals(SpanContext.getInvalid(), exemplar.getSpanContext(), "callbacks run outside spans");
                    assertEquals(Attributes.empty(), exemplar.getFilteredAttributes(), "all attributes are on the point");
                }
            }
        }
    }

    private static List<ExemplarData> exemplarsOf(final MetricData metric) {
        final List<ExemplarData> exemplars = new ArrayList<>();
        for (final PointData point : metric.getData().getPoints()) {
            exemplars.addAll(point.getExemplars());
        }
        return exemplars;
    }
}
