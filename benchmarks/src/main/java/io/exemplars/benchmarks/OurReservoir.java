package io.exemplars.benchmarks;

import io.exemplars.reservoir.ExemplarReservoir;
import io.exemplars.reservoir.ExemplarVisitor;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One of our core reservoirs under test, offered the same OpenTelemetry context as the built-ins
 * and collected with reset (delta), with a visitor that reads every field of every exemplar.
 */
final class OurReservoir implements ReservoirUnderTest {
    /** Non-capturing, hence a singleton: collecting allocates nothing on the benchmark's side. */
    private static final ExemplarVisitor<Blackhole> READ_EVERY_FIELD = (sink, exemplar) -> {
        sink.consume(exemplar.index());
        sink.consume(exemplar.doubleValue());
        sink.consume(exemplar.epochNanos());
        sink.consume(exemplar.traceIdHigh());
        sink.consume(exemplar.traceIdLow());
        sink.consume(exemplar.spanId());
        sink.consume(exemplar.traceFlags());
        sink.consume(exemplar.attributes());
    };

    private final ExemplarReservoir<Context> reservoir;

    OurReservoir(final ExemplarReservoir<Context> reservoir) {
        this.reservoir = reservoir;
    }

    @Override
    public void offer(final double value, final Context context) {
        reservoir.offerDouble(value, Attributes.empty(), context);
    }

    @Override
    public void collect(final Blackhole sink) {
        sink.consume(reservoir.collect(READ_EVERY_FIELD, sink, true));
    }

    @Override
    public void close() {
        reservoir.close();
    }
}
