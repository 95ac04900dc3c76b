package io.exemplars.otel.autoconfigure;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;

/**
 * {@code otel.metrics.exporter=exemplars_test}: an in-memory exporter, so the tests' metrics take
 * the path a real exporter takes (autoconfigure wraps it in a periodic reader, then applies the
 * reader customizers, ours included).
 */
public final class TestExporterProvider implements ConfigurableMetricExporterProvider {
    /** The exporter name to configure. */
    static final String NAME = "exemplars_test";

    private static volatile InMemoryMetricExporter last;

    /** For {@code ServiceLoader}. */
    public TestExporterProvider() {
    }

    @Override
    public MetricExporter createExporter(final ConfigProperties config) {
        final InMemoryMetricExporter exporter = InMemoryMetricExporter.create();
        last = exporter;
        return exporter;
    }

    @Override
    public String getName() {
        return NAME;
    }

    /** @return the exporter created by the latest SDK start (the tests start one at a time) */
    static InMemoryMetricExporter last() {
        return last;
    }
}
