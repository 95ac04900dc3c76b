package io.exemplars.otel.autoconfigure;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One SDK started by autoconfigure for a test, as an application would start it (our provider is
 * found through {@code META-INF/services}), exporting to {@link TestExporterProvider}'s in-memory
 * exporter, with traces and logs off and the exemplar filter {@code always_on} unless the test
 * says otherwise.
 */
final class AutoConfiguredSdk implements AutoCloseable {
    private static final long FLUSH_TIMEOUT_SECONDS = 10;

    private final OpenTelemetrySdk sdk;
    private final InMemoryMetricExporter exporter;

    private AutoConfiguredSdk(final OpenTelemetrySdk sdk, final InMemoryMetricExporter exporter) {
        this.sdk = sdk;
        this.exporter = exporter;
    }

    /**
     * @param properties configuration keys on top of the test defaults
     * @return the started SDK
     */
    static AutoConfiguredSdk start(final Map<String, String> properties) {
        return start(properties, UnaryOperator.identity());
    }

    /**
     * @param properties        configuration keys on top of the test defaults
     * @param meterProviderSide what the test's own meter-provider customizer does (e.g. a View)
     * @return the started SDK
     */
    static AutoConfiguredSdk start(final Map<String, String> properties,
                                   final UnaryOperator<SdkMeterProviderBuilder> meterProviderSide) {
        final OpenTelemetrySdk sdk = build(properties, meterProviderSide);
        return new AutoConfiguredSdk(sdk, TestExporterProvider.last());
    }

    /**
     * Starts and closes an SDK, for configurations that must fail at start.
     *
     * @param properties configuration keys on top of the test defaults
     */
    static void startAndClose(final Map<String, String> properties) {
        build(properties, UnaryOperator.identity()).close();
    }

    private static OpenTelemetrySdk build(final Map<String, String> properties,
                                          final UnaryOperator<SdkMeterProviderBuilder> meterProviderSide) {
        final Map<String, String> all = new HashMap<>();
        all.put("otel.metrics.exporter", TestExporterProvider.NAME);
        all.put("otel.traces.exporter", "none");
        all.put("otel.logs.exporter", "none");
        all.put("otel.metrics.exemplar.filter", "always_on");
        all.putAll(properties);
        return AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> all)
            .addMeterProviderCustomizer((builder, config) -> meterProviderSide.apply(builder))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    }

    /** @return the SDK */
    OpenTelemetrySdk sdk() {
        return sdk;
    }

    /**
     * Ends one collection interval: collects, exports, and hands over what was exported.
     *
     * @return the metrics of this interval's collection
     */
    List<MetricData> collect() {
        exporter.reset();
        sdk.getSdkMeterProvider().forceFlush().join(FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return exporter.getFinishedMetricItems();
    }

    /**
     * @return the one metric named {@code name} in this interval's collection
     * @throws AssertionError when there is not exactly one
     */
    MetricData collectOne(final String name) {
        final Collection<MetricData> all = collect();
        final List<MetricData> named = all.stream().filter(m -> m.getName().equals(name)).toList();
        if (named.size() != 1) {
            throw new AssertionError("expected one metric " + name + ", got " + named.size() + ": " + all);
        }
        return named.get(0);
    }

    @Override
    public void close() {
        sdk.close();
    }
}
