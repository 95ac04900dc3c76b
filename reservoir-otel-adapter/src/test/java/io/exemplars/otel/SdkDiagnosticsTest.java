package io.exemplars.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.DefaultAggregationSelector;
import io.opentelemetry.sdk.metrics.internal.aggregator.AggregationUtil;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK paths that name an aggregation with {@code AggregationUtil.aggregationName}, which throws
 * for an aggregation class it does not know: a View selecting an instrument its aggregation does
 * not support, two metric streams with the same name and different definitions, and a reader whose
 * default aggregation is ours. Each test drives the user action through the SDK's public API and
 * fails if any exception escapes it; the log handlers prove the diagnostic path really ran.
 */
class SdkDiagnosticsTest {
    private static final String REGISTRY_LOGGER = "io.opentelemetry.sdk.metrics.internal.state.MetricStorageRegistry";
    private static final String VIEW_LOGGER = "io.opentelemetry.sdk.metrics.internal.view.ViewRegistry";

    private final RecordingHandler registryLog = new RecordingHandler();
    private final RecordingHandler viewLog = new RecordingHandler();

    @BeforeEach
    void listen() {
        // WARNING must be loggable for the SDK to build its duplicate-metric message at all.
        Logger.getLogger(REGISTRY_LOGGER).setLevel(Level.ALL);
        Logger.getLogger(REGISTRY_LOGGER).addHandler(registryLog);
        Logger.getLogger(VIEW_LOGGER).addHandler(viewLog);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger(REGISTRY_LOGGER).removeHandler(registryLog);
        Logger.getLogger(REGISTRY_LOGGER).setLevel(null);
        Logger.getLogger(VIEW_LOGGER).removeHandler(viewLog);
    }

    @Test
    void theSdkCanNameEveryAdapterAggregation() {
        final ReservoirSpec spec = ReservoirSpec.otelDefault();
        assertEquals(AggregationUtil.aggregationName(Aggregation.explicitBucketHistogram()),
            AggregationUtil.aggregationName(ReservoirAggregation.explicitBucketHistogram(spec)));
        assertEquals(AggregationUtil.aggregationName(Aggregation.base2ExponentialBucketHistogram()),
            AggregationUtil.aggregationName(ReservoirAggregation.base2ExponentialHistogram(spec)));
        assertEquals(AggregationUtil.aggregationName(Aggregation.sum()),
            AggregationUtil.aggregationName(ReservoirAggregation.sum(spec)));
        assertEquals(AggregationUtil.aggregationName(Aggregation.lastValue()),
            AggregationUtil.aggregationName(ReservoirAggregation.lastValue(spec)));
    }

    @Test
    void aViewSelectingAnUnsupportedInstrumentIsIgnoredForItWithTheSdksWarning() {
        final InMemoryMetricReader reader = InMemoryMetricReader.builder()
            .setDefaultAggregationSelector(DefaultAggregationSelector.getDefault()
                .with(InstrumentType.UP_DOWN_COUNTER, Aggregation.drop()))
            .build();
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.alwaysOn())
            .registerView(InstrumentSelector.builder().setName("*").build(), View.builder()
                .setAggregation(ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.alignedUniform())).build())
            .registerView(InstrumentSelector.builder().setName("temperature").build(), View.builder()
                .setAggregation(ReservoirAggregation.lastValue(ReservoirSpec.otelDefault())).build())
            .build()) {
            final Meter meter = provider.get("diagnostics");
            // Gauges and up-down counters are not histogram instruments, so the "*" View does not
            // apply to them: the gauge gets the other View, the up-down counter the reader's default.
            assertDoesNotThrow(() -> meter.gaugeBuilder("temperature").build().set(21.5));
            assertDoesNotThrow(() -> meter.upDownCounterBuilder("queue.depth").build().add(3));
            meter.histogramBuilder("latency").build().record(12.0);

            final Collection<MetricData> metrics = reader.collectAllMetrics();
            assertEquals(2, metrics.size(), () -> "the reader's default drops queue.depth: " + metrics);
            assertEquals(MetricDataType.DOUBLE_GAUGE, byName(metrics, "temperature").getType(),
                "the gauge's own View: last value");
            assertEquals(1, byName(metrics, "temperature").getDoubleGaugeData().getPoints().iterator().next()
                .getExemplars().size());
            assertEquals(MetricDataType.HISTOGRAM, byName(metrics, "latency").getType());
            assertEquals(1, byName(metrics, "latency").getHistogramData().getPoints().iterator().next()
                .getExemplars().size(), "the supported instrument gets our reservoir");
        }
        final List<String> warnings = viewLog.messages(Level.WARNING);
        assertEquals(List.of(
                "View aggregation explicit_bucket_histogram is incompatible with instrument temperature of type GAUGE",
                "View aggregation explicit_bucket_histogram is incompatible with instrument queue.depth of type "
                    + "UP_DOWN_COUNTER"),
            warnings);
    }

    @Test
    void duplicateInstrumentsWithDifferentDefinitionsAreReportedNotThrown() {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .registerView(InstrumentSelector.builder().setName("requests").build(),
                View.builder().setAggregation(ReservoirAggregation.sum(ReservoirSpec.otelDefault())).build())
            .build()) {
            final Meter meter = provider.get("diagnostics");
            meter.counterBuilder("requests").setDescription("served requests").build().add(1);
            // Same name, different description and unit: a conflicting definition. The SDK keeps
            // both streams and logs a message naming both aggregations.
            assertDoesNotThrow(() -> meter.counterBuilder("requests").setDescription("other").setUnit("{request}")
                .build().add(2));
            // A differently cased name conflicts too, here against the SDK's own aggregation.
            assertDoesNotThrow(() -> meter.upDownCounterBuilder("REQUESTS").build().add(5));
            assertEquals(3, reader.collectAllMetrics().size());
        }
        final List<String> warnings = registryLog.messages(Level.WARNING);
        assertEquals(2, warnings.size(), () -> "the SDK's duplicate-metric warnings: " + warnings);
        assertTrue(warnings.get(0).startsWith("Found duplicate metric definition"), warnings.get(0));
    }

    @Test
    void duplicateViewsWithDifferentAggregationsAreReportedNotThrown() {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .registerView(InstrumentSelector.builder().setName("a").build(), View.builder().setName("same")
                .setAggregation(ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.alignedUniform())).build())
            .registerView(InstrumentSelector.builder().setName("b").build(), View.builder().setName("same")
                .setAggregation(ReservoirAggregation.sum(ReservoirSpec.fixedSizeUniform(2))).build())
            .build()) {
            final Meter meter = provider.get("diagnostics");
            meter.histogramBuilder("a").build().record(1.0);
            assertDoesNotThrow(() -> meter.histogramBuilder("b").build().record(2.0));
            assertEquals(2, reader.collectAllMetrics().size());
        }
        final List<String> warnings = registryLog.messages(Level.WARNING);
        assertEquals(1, warnings.size(), () -> "the SDK's duplicate-metric warning: " + warnings);
        assertTrue(warnings.get(0).contains("- Aggregation [sum] does not match [explicit_bucket_histogram]"),
            warnings.get(0));
    }

    @Test
    void equalViewsMergeIntoOneStreamWithoutAConflict() {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .registerView(InstrumentSelector.builder().setName("hits").build(),
                View.builder().setAggregation(ReservoirAggregation.sum(ReservoirSpec.fixedSizeUniform(3))).build())
            .build()) {
            final Meter meter = provider.get("diagnostics");
            meter.counterBuilder("hits").build().add(1, Attributes.empty());
            meter.counterBuilder("hits").build().add(2, Attributes.empty());
            final Collection<MetricData> metrics = reader.collectAllMetrics();
            assertEquals(1, metrics.size());
            assertEquals(3, metrics.iterator().next().getLongSumData().getPoints().iterator().next().getValue());
        }
        assertTrue(registryLog.messages(Level.WARNING).isEmpty());
    }

    @Test
    void aReaderWhoseDefaultAggregationIsOursCanBeDescribed() {
        final DefaultAggregationSelector selector = DefaultAggregationSelector.getDefault()
            .with(InstrumentType.HISTOGRAM, ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.alignedUniform()));
        final InMemoryMetricReader reader = InMemoryMetricReader.builder().setDefaultAggregationSelector(selector).build();
        final String described = assertDoesNotThrow(() -> DefaultAggregationSelector.asString(selector));
        assertTrue(described.contains("HISTOGRAM=explicit_bucket_histogram"), described);
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.alwaysOn()).build()) {
            assertDoesNotThrow(provider::toString);
            provider.get("diagnostics").histogramBuilder("latency").build().record(3.0);
            final MetricData metric = reader.collectAllMetrics().iterator().next();
            assertEquals(1, metric.getHistogramData().getPoints().iterator().next().getExemplars().size());
        }
        assertTrue(viewLog.messages(Level.WARNING).isEmpty(), () -> "compatible: " + viewLog.messages(Level.WARNING));
    }

    private static MetricData byName(final Collection<MetricData> metrics, final String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no metric " + name + " in " + metrics));
    }

    /** Keeps the records a logger publishes. */
    private static final class RecordingHandler extends Handler {
        private final List<LogRecord> records = new ArrayList<>();

        @Override
        public synchronized void publish(final LogRecord record) {
            records.add(record);
        }

        synchronized List<String> messages(final Level level) {
            return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage)
                .collect(Collectors.toList());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
