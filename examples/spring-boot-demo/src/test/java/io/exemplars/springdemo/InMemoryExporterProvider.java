package io.exemplars.springdemo;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;

/**
 * {@code otel.metrics.exporter=in_memory_test}: an in-memory exporter the test reads, taking the
 * path a real exporter takes (a periodic reader, then every reader customizer, ours included).
 */
public final class InMemoryExporterProvider implements ConfigurableMetricExporterProvider {
    /** The exporter name to configure. */
    static final String NAME = "in_memory_test";

    private static volatile InMemoryMetricExporter last;

    /** For {@code ServiceLoader}. */
    public InMemoryExporterProvider() {
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

    /** @return the exporter of the latest application context */
    static InMemoryMetricExporter last() {
        return last;
    }
}
