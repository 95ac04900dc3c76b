package io.exemplars.otel;

import io.exemplars.reservoir.SlotArena;
import io.exemplars.reservoir.AlignedUniformReservoir;
import io.exemplars.reservoir.BucketBoundaries;
import io.exemplars.reservoir.ExemplarReservoir;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.util.Collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArenaGaugesTest {
    @Test
    void reportsTheArenasFiguresAtEachCollection() {
        final SlotArena arena = SlotArena.create(16, 3);
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            final BatchCallback gauges = ArenaGauges.register(provider.get("io.exemplars"), arena);
            // A core reservoir in the arena: it holds its 3 slots until it is collected.
            final ExemplarReservoir<Context> reservoir = AlignedUniformReservoir.create(arena,
                BucketBoundaries.of(1, 2), SpanContextCapturer.ALL_MEASUREMENTS);
            reservoir.offerDouble(1.5, Attributes.empty(), Context.root());
            final Collection<MetricData> first = reader.collectAllMetrics();
            assertEquals(3L * 64, value(first, ArenaGauges.BYTES_IN_USE));
            assertEquals(3L * 16 * 64, value(first, ArenaGauges.BYTES_LIMIT));
            assertEquals((1L + 2) * 16 * 64, value(first, ArenaGauges.BYTES_RESERVED));
            assertEquals(0, value(first, ArenaGauges.REFUSALS));
            reservoir.collect((state, exemplar) -> { }, null, true);
            assertEquals(3L * 64, value(reader.collectAllMetrics(), ArenaGauges.BYTES_IN_USE),
                "a collection that exported keeps the lease for the next interval");
            reservoir.collect((state, exemplar) -> { }, null, true);
            assertEquals(0, value(reader.collectAllMetrics(), ArenaGauges.BYTES_IN_USE),
                "an idle interval's collection returns it");
            gauges.close();
            assertEquals(-1, value(reader.collectAllMetrics(), ArenaGauges.BYTES_IN_USE));
        }
        assertThrows(IllegalArgumentException.class, () -> ArenaGauges.register(null, arena));
    }

    private static long value(final Collection<MetricData> metrics, final String name) {
        for (final MetricData metric : metrics) {
            if (metric.getName().equals(name)) {
                return (metric.getType().name().contains("GAUGE") ? metric.getLongGaugeData().getPoints()
                    : metric.getLongSumData().getPoints()).iterator().next().getValue();
            }
        }
        return -1;
    }
}
