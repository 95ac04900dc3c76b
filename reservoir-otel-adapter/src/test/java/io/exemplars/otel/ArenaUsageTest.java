package io.exemplars.otel;

import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the reservoirs cost in their arena: one ring per series that keeps an exemplar, none for a
 * series with nothing eligible (or under alwaysOff), kept while the series keeps exemplars, returned
 * by the first collection of an idle interval and once the SDK
 * lets go of the series, and an arena at its limit costs a series its exemplars, never a recording
 * call, until slots come back.
 */
class ArenaUsageTest {
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
    private static final List<Double> BOUNDARIES = List.of(1.0, 2.0, 3.0, 4.0);
    /** Five buckets: five slots per series. */
    private static final int SLOTS_PER_SERIES = BOUNDARIES.size() + 1;
    private static final long RELEASE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

    @Test
    void eachSeriesThatKeepsAnExemplarLeasesOneRingOfItsBucketCountUntilAnIdleIntervalsCollection() {
        final SlotArena arena = SlotArena.create(64, 1);
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = provider(reader, arena, ExemplarFilter.traceBased())) {
            final DoubleHistogram histogram = provider.get("arena").histogramBuilder("latency").build();
            for (int series = 0; series < 7; series++) {
                histogram.record(1.5, Attributes.of(ROUTE, "/" + series)); // no span: not eligible
            }
            assertEquals(0, arena.ringsInUse(), "nothing kept, no slots");
            for (int series = 0; series < 7; series++) {
                histogram.record(1.5, Attributes.of(ROUTE, "/" + series), TestContexts.SAMPLED);
            }
            assertEquals(7, arena.ringsInUse());
            assertEquals(7L * SLOTS_PER_SERIES * 64, arena.bytesInUse());
            reader.collectAllMetrics();
            assertEquals(7, arena.ringsInUse(), "a collection that exported keeps them for the next interval");
            reader.collectAllMetrics();
            assertEquals(0, arena.ringsInUse(), "the next, finding the interval idle, returns them");
        }
    }

    @Test
    void anArenaAtItsLimitCostsSeriesTheirExemplarsNotTheirMeasurementsUntilSlotsComeBack() {
        final SlotArena arena = SlotArena.create(SLOTS_PER_SERIES, 1); // room for one series
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = provider(reader, arena, ExemplarFilter.alwaysOn())) {
            final DoubleHistogram histogram = provider.get("arena").histogramBuilder("latency").build();
            for (int series = 0; series < 3; series++) {
                final Attributes route = Attributes.of(ROUTE, "/" + series);
                assertDoesNotThrow(() -> histogram.record(2.5, route));
                assertDoesNotThrow(() -> histogram.record(3.5, route, TestContexts.SAMPLED));
            }
            assertEquals(1, arena.ringsInUse());
            final Collection<MetricData> metrics = reader.collectAllMetrics();
            final Collection<HistogramPointData> points = metrics.iterator().next().getHistogramData().getPoints();
            assertEquals(3, points.size());
            int withExemplars = 0;
            for (final HistogramPointData point : points) {
                assertEquals(2, point.getCount(), "every measurement is aggregated");
                if (!point.getExemplars().isEmpty()) {
                    assertEquals(2, point.getExemplars().size());
                    withExemplars++;
                }
            }
            assertEquals(1, withExemplars, "only the series that got slots has exemplars");
            assertEquals(2, arena.refusals(), "the two other series were refused, once each");

            // The collection returned the slots: the next interval's first series gets them.
            histogram.record(3.5, Attributes.of(ROUTE, "/2"), TestContexts.SAMPLED);
            final HistogramPointData third = reader.collectAllMetrics().iterator().next().getHistogramData()
                .getPoints().stream().filter(p -> p.getAttributes().equals(Attributes.of(ROUTE, "/2")))
                .findFirst().orElseThrow();
            assertEquals(1, third.getExemplars().size(), "exemplars again once slots are free");
        }
    }

    @Test
    void ringsGoBackToTheArenaOnceTheSdkDropsItsSeries() throws InterruptedException {
        final SlotArena arena = SlotArena.create(64, 1);
        recordTenSeriesAndForgetTheProvider(arena);
        final long deadline = System.nanoTime() + RELEASE_TIMEOUT_NANOS;
        while (arena.ringsInUse() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, arena.ringsInUse(), "the cleaner returns unreachable reservoirs' slots");
        assertEquals(0, arena.bytesInUse());
    }

    private static void recordTenSeriesAndForgetTheProvider(final SlotArena arena) {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = provider(reader, arena, ExemplarFilter.alwaysOn())) {
            final DoubleHistogram histogram = provider.get("arena").histogramBuilder("latency").build();
            for (int series = 0; series < 10; series++) {
                histogram.record(0.5, Attributes.of(ROUTE, "/" + series));
            }
            assertEquals(10, arena.ringsInUse());
        }
    }

    private static SdkMeterProvider provider(final InMemoryMetricReader reader, final SlotArena arena,
                                             final ExemplarFilter filter) {
        return SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setExemplarFilter(filter)
            .registerView(InstrumentSelector.builder().setName("latency").build(), View.builder()
                .setAggregation(ReservoirAggregation.explicitBucketHistogram(BOUNDARIES,
                    ReservoirSpec.alignedUniform().withArena(arena)))
                .build())
            .build();
    }
}
