package io.exemplars.benchmarks;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

import java.util.Collection;

/**
 * A metric reader that collects when told to, what an exporter's periodic reader does on its
 * timer: the benchmarks and the latency harness decide when a collection happens. Cumulative
 * temporality and immutable data, the SDK's defaults for its periodic reader with an OTLP exporter.
 */
final class ManualReader implements MetricReader {
    /** Written once at registration, read by collecting threads: volatile for the hand-over. */
    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    @Override
    public void register(final CollectionRegistration registration) {
        this.registration = registration;
    }

    /**
     * @return every metric of the provider, collected now (this resets every exemplar reservoir)
     */
    Collection<MetricData> collect() {
        return registration.collectAllMetrics();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(final InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        registration = CollectionRegistration.noop();
        return CompletableResultCode.ofSuccess();
    }
}
