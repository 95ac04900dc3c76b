package io.exemplars.benchmarks;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.internal.exemplar.DoubleExemplarReservoir;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;

/**
 * One of the OpenTelemetry Java SDK's built-in exemplar reservoirs, reached through the SDK's own
 * (internal) factory, offered and collected exactly as the SDK's aggregator handles do. A collect
 * then reads every field of every exemplar, as an exporter does and as {@link OurReservoir}'s
 * visitor does for ours, so both sides of a collect benchmark pay for the same reads.
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
        final List<DoubleExemplarData> exemplars = reservoir.collectAndResetDoubles(Attributes.empty());
        for (int i = 0; i < exemplars.size(); i++) {
            final DoubleExemplarData exemplar = exemplars.get(i);
            final SpanContext span = exemplar.getSpanContext();
            sink.consume(i);
            sink.consume(exemplar.getValue());
            sink.consume(exemplar.getEpochNanos());
            sink.consume(span.getTraceId());
            sink.consume(span.getSpanId());
            sink.consume(span.getTraceFlags());
            sink.consume(exemplar.getFilteredAttributes());
        }
        sink.consume(exemplars);
    }
}
