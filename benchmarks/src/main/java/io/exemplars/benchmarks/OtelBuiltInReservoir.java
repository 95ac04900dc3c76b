package io.exemplars.benchmarks;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.internal.exemplar.DoubleExemplarReservoir;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One of the OpenTelemetry Java SDK's built-in exemplar reservoirs, reached through the SDK's own
 * (internal) factory, offered and collected exactly as the SDK's aggregator handles do.
 */
final class OtelBuiltInReservoir implements ReservoirUnderTest {
    private final DoubleExemplarReservoir reservoir;

    OtelBuiltInReservoir(final DoubleExemplarReservoir reservoir) {
        this.reservoir = reservoir;
    }

    @Override
    public void offer(final double value, final Context context) {
        reservoir.offerDoubleMeasurement(value, Attributes.empty(), context);
    }

    @Override
    public void collect(final Blackhole sink) {
        sink.consume(reservoir.collectAndResetDoubles(Attributes.empty()));
    }
}
