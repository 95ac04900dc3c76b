package io.exemplars.benchmarks;

import io.exemplars.reservoir.ExemplarReservoir;
import io.exemplars.reservoir.ExemplarVisitor;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One of our core reservoirs under test, offered the same OpenTelemetry context as the built-ins
 * and collected with reset (delta), or for a retaining reservoir without (cumulative, the
 * retention's own rotation), with a visitor that reads every field of every exemplar.
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
    private final boolean reset;

    OurReservoir(final ExemplarReservoir<Context> reservoir) {
        this(reservoir, true);
    }

    /**
     * @param reservoir the reservoir
     * @param reset     whether collections reset it ({@code false}: a retaining reservoir, cumulative)
     */
    OurReservoir(final ExemplarReservoir<Context> reservoir, final boolean reset) {
        this.reservoir = reservoir;
        this.reset = reset;
    }

    @Override
    public void offer(final double value, final Context context) {
        reservoir.offerDouble(value, Attributes.empty(), context);
    }

    @Override
    public void collect(final Blackhole sink) {
        sink.consume(reservoir.collect(READ_EVERY_FIELD, sink, reset));
    }

    @Override
    public void close() {
        reservoir.close();
    }
}
