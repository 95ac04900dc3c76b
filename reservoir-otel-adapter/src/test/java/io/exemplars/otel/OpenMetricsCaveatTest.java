package io.exemplars.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ReservoirSpec#openMetricsCaveat()}, and no warning for a reader that is not the Prometheus
 * exporter's (the warning itself, through the real exporter: the demo's OpenMetricsExporterTest).
 */
class OpenMetricsCaveatTest {

    @Test
    void specsOfMoreThanOneExemplarPerSeriesNameTheAlignedSpecToUse() {
        final String slowest = ReservoirSpec.slowest(3).openMetricsCaveat().orElseThrow();
        assertTrue(slowest.contains("ReservoirSpec{slowest(3)} keeps up to 3 exemplars per point")
            && slowest.contains("only the latest per bucket will be visible")
            && slowest.contains("Use ReservoirSpec.alignedSlowest()"), slowest);
        final String uniform = ReservoirSpec.fixedSizeUniform(4).retainFor(Duration.ofMinutes(1))
            .openMetricsCaveat().orElseThrow();
        assertTrue(uniform.contains("Use ReservoirSpec.alignedUniform()") && uniform.contains("k = 1 on counters"),
            uniform);
        assertTrue(ReservoirSpec.weightedByValue(2).openMetricsCaveat().isPresent());
    }

    @Test
    void specsThatOpenMetricsShowsWholeHaveNoCaveat() {
        for (final ReservoirSpec spec : List.of(ReservoirSpec.alignedUniform(), ReservoirSpec.alignedSlowest(),
            ReservoirSpec.otelDefault(), ReservoirSpec.slowest(1), ReservoirSpec.fixedSizeUniform(1),
            ReservoirSpec.alignedUniform().retainFor(Duration.ofMinutes(1)))) {
            assertEquals(Optional.empty(), spec.openMetricsCaveat(), spec.toString());
        }
    }

    @Test
    void aReaderThatIsNotThePrometheusExportersGetsNoWarning() {
        final List<String> warnings = new ArrayList<>();
        final Handler capture = new Handler() {
            @Override
            public void publish(final LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        final Logger logger = Logger.getLogger(OpenMetricsVisibility.class.getName());
        logger.addHandler(capture);
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().setExemplarFilter(ExemplarFilter.alwaysOn())
            .registerMetricReader(reader)
            .registerView(InstrumentSelector.builder().setName("*").build(), View.builder()
                .setAggregation(ReservoirAggregation.defaultAggregation(ReservoirSpec.slowest(3))).build())
            .build()) {
            provider.get("t").histogramBuilder("latency").build().record(1.0, Attributes.empty());
            provider.get("t").counterBuilder("requests").build().add(1, Attributes.empty());
            reader.collectAllMetrics();
            reader.collectAllMetrics();
            assertEquals(2, reader.collectAllMetrics().size(), "both instruments collected");
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(List.of(), warnings, "OTLP-like readers carry every exemplar: no warning");
    }
}
