package io.exemplars.otel;

import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.DefaultAggregationSelector;
import io.opentelemetry.sdk.metrics.internal.aggregator.AggregationUtil;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ReservoirAggregation#defaultAggregation(ReservoirSpec, List)} as a reader's default
 * aggregation: our reservoirs exactly for the instruments a glob matches, the SDK's default for the
 * others, the instrument's bucket advice kept either way.
 */
class InstrumentNameSelectedAggregationTest {
    private static final List<Double> ADVICE = List.of(1.0, 2.0, 3.0);

    @Test
    void globsMatchLikeInstrumentSelectorNames() {
        final InstrumentNamePatterns patterns = InstrumentNamePatterns.of(List.of("http.server.*", "db.que?y", "exact"));
        assertTrue(patterns.test("http.server.request.duration"));
        assertTrue(patterns.test("http.server."));
        assertTrue(patterns.test("db.query"));
        assertTrue(patterns.test("exact"));
        assertFalse(patterns.test("http.client.request.duration"));
        assertFalse(patterns.test("db.qury"), "? is exactly one character");
        assertFalse(patterns.test("Exact"), "case counts, as in the SDK");
        assertFalse(patterns.test("exactly"), "a glob matches the whole name");
        assertFalse(InstrumentNamePatterns.of(List.of("a.b")).test("axb"), "a dot is a dot");
        assertTrue(InstrumentNamePatterns.of(List.of("*")).test(""));
    }

    @Test
    void refusesAnEmptyListOrPatternNamingIt() {
        assertEquals("instrument name patterns must hold at least one pattern, was []",
            assertThrows(IllegalArgumentException.class, () -> InstrumentNamePatterns.of(List.of())).getMessage());
        assertEquals("instrument name patterns must not be empty (\"\"), but pattern 1 of [\"a\", \"\"] is; use "
            + "\"*\" to select every instrument", assertThrows(IllegalArgumentException.class,
            () -> ReservoirAggregation.defaultAggregation(ReservoirSpec.alignedUniform(), List.of("a", "")))
            .getMessage());
        assertEquals("instrument name patterns must not be empty (\"\"), but pattern 0 of [\"\"] is; use "
            + "\"*\" to select every instrument", assertThrows(IllegalArgumentException.class,
            () -> ReservoirAggregation.defaultAggregation(ReservoirSpec.alignedUniform(), List.of("")))
            .getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> ReservoirAggregation.defaultAggregation(ReservoirSpec.alignedUniform(), Arrays.asList("a", null)));
    }

    @Test
    void selectedInstrumentsGetOurReservoirsTheOthersTheSdkDefault() {
        final SlotArena arena = SlotArena.create(64, 4);
        final Aggregation aggregation = ReservoirAggregation.defaultAggregation(
            ReservoirSpec.alignedUniform().withArena(arena), List.of("app.*"));
        final InMemoryMetricReader reader = InMemoryMetricReader.builder()
            .setDefaultAggregationSelector(DefaultAggregationSelector.getDefault()
                .with(InstrumentType.HISTOGRAM, aggregation)
                .with(InstrumentType.COUNTER, aggregation))
            .build();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.alwaysOn()).build()) {
            final Meter meter = provider.get("test");
            final DoubleHistogram selected = meter.histogramBuilder("app.latency")
                .setExplicitBucketBoundariesAdvice(ADVICE).build();
            final DoubleHistogram other = meter.histogramBuilder("rpc.latency")
                .setExplicitBucketBoundariesAdvice(ADVICE).build();

            other.record(1.5);
            assertEquals(0, arena.ringsInUse(), "rpc.latency is not selected: the SDK's own reservoir");
            selected.record(1.5);
            assertEquals(1, arena.ringsInUse(), "app.latency is selected: our reservoir");
            meter.counterBuilder("app.requests").build().add(1);
            assertEquals(2, arena.ringsInUse(), "app.requests (a counter) is selected too");

            for (MetricData metric : reader.collectAllMetrics()) {
                if (metric.getName().endsWith("latency")) {
                    assertEquals(ADVICE, metric.getHistogramData().getPoints().iterator().next().getBoundaries(),
                        metric.getName() + " keeps its bucket advice");
                }
                assertEquals(1, metric.getData().getPoints().iterator().next().getExemplars().size(),
                    metric.getName() + " has its exemplar");
            }
        }
    }

    @Test
    void hasTheSdkNameOfTheDefaultAggregationAndValueEquality() {
        final Aggregation a = ReservoirAggregation.defaultAggregation(ReservoirSpec.otelDefault(), List.of("a.*"));
        assertEquals(AggregationUtil.aggregationName(Aggregation.defaultAggregation()), AggregationUtil.aggregationName(a));
        assertEquals(a, ReservoirAggregation.defaultAggregation(ReservoirSpec.otelDefault(), List.of("a.*")));
        assertNotEquals(a, ReservoirAggregation.defaultAggregation(ReservoirSpec.otelDefault(), List.of("b.*")));
        assertNotEquals(a, ReservoirAggregation.defaultAggregation(ReservoirSpec.alignedUniform(), List.of("a.*")));
    }
}
