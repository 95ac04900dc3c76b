package io.exemplars.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.ExemplarData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.exemplars.otel.EveryInstrumentView.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** slowest(k), weightedByValue(k) and retainFor through the SDK, and what they refuse. */
class TailAwareSpecTest {
    private static final Duration MAX_AGE = Duration.ofMinutes(10);

    private static List<Double> exemplarValues(final MetricData metric) {
        return points(metric).stream().flatMap(p -> p.getExemplars().stream())
            .map(e -> ((io.opentelemetry.sdk.metrics.data.DoubleExemplarData) e).getValue()).sorted()
            .collect(Collectors.toList());
    }

    private static List<? extends PointData> points(final MetricData metric) {
        return List.copyOf(metric.getData().getPoints());
    }

    @Test
    void slowestKeepsTheLargestOfTheIntervalOnAHistogramsWholeSeries() {
        final InMemoryMetricReader reader = InMemoryMetricReader.createDelta();
        try (SdkMeterProvider provider =
                 provider(ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.slowest(3)), reader)) {
            final DoubleHistogram latency = provider.get("t").histogramBuilder("latency").build();
            for (int i = 0; i < 1000; i++) {
                latency.record((i * 7919) % 1000 / 10.0, Attributes.empty(), TestContexts.SAMPLED);
            }
            assertEquals(List.of(99.7, 99.8, 99.9), exemplarValues(reader.collectAllMetrics().iterator().next()));
        }
    }

    @Test
    void weightedByValueNeverKeepsValuesThatAreNotPositive() {
        final InMemoryMetricReader reader = InMemoryMetricReader.createDelta();
        try (SdkMeterProvider provider =
                 provider(ReservoirAggregation.sum(ReservoirSpec.weightedByValue(2)), reader)) {
            final var counter = provider.get("t").upDownCounterBuilder("queue").ofDoubles().build();
            for (int i = 0; i < 100; i++) {
                counter.add(-i, Attributes.empty(), TestContexts.SAMPLED);
                counter.add(0.0, Attributes.empty(), TestContexts.SAMPLED);
            }
            counter.add(5.0, Attributes.empty(), TestContexts.SAMPLED);
            assertEquals(List.of(5.0), exemplarValues(reader.collectAllMetrics().iterator().next()));
        }
    }

    @Test
    void withRetentionTwoCumulativeReadersBothSeeTheExemplarsOfASparseStream() {
        final InMemoryMetricReader first = InMemoryMetricReader.create();
        final InMemoryMetricReader second = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = provider(ReservoirAggregation.explicitBucketHistogram(
            ReservoirSpec.slowest(2).retainFor(MAX_AGE)), first, second)) {
            final DoubleHistogram latency = provider.get("t").histogramBuilder("latency").build();
            latency.record(1.0, Attributes.empty(), TestContexts.SAMPLED);
            assertEquals(List.of(1.0), exemplarValues(first.collectAllMetrics().iterator().next()));
            assertEquals(List.of(1.0), exemplarValues(second.collectAllMetrics().iterator().next()));
            latency.record(3.0, Attributes.empty(), TestContexts.SAMPLED);
            latency.record(9.0, Attributes.empty(), TestContexts.SAMPLED);
            for (int scrape = 0; scrape < 3; scrape++) {
                assertEquals(List.of(3.0, 9.0), exemplarValues(first.collectAllMetrics().iterator().next()));
                assertEquals(List.of(3.0, 9.0), exemplarValues(second.collectAllMetrics().iterator().next()));
            }
        }
    }

    @Test
    void companionWithoutRetentionTheSecondReaderFindsNothing() {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = provider(ReservoirAggregation.explicitBucketHistogram(
            ReservoirSpec.slowest(2)), reader)) {
            final DoubleHistogram latency = provider.get("t").histogramBuilder("latency").build();
            latency.record(3.0, Attributes.empty(), TestContexts.SAMPLED);
            assertEquals(List.of(3.0), exemplarValues(reader.collectAllMetrics().iterator().next()));
            assertEquals(List.of(), exemplarValues(reader.collectAllMetrics().iterator().next()),
                "every collection resets: what the retention test checks can fail");
        }
    }

    @Test
    void underDeltaRetentionIsANoOpAfterTheFirstCollection() {
        final InMemoryMetricReader reader = InMemoryMetricReader.createDelta();
        try (SdkMeterProvider provider = provider(ReservoirAggregation.sum(
            ReservoirSpec.fixedSizeUniform(2).retainFor(MAX_AGE)), reader)) {
            final LongCounter counter = provider.get("t").counterBuilder("requests").build();
            counter.add(4, Attributes.empty(), TestContexts.SAMPLED);
            final MetricData firstWindow = reader.collectAllMetrics().iterator().next();
            assertEquals(AggregationTemporality.DELTA, firstWindow.getLongSumData().getAggregationTemporality());
            assertEquals(1, points(firstWindow).get(0).getExemplars().size());
            sleepPastTheMillisecond();
            counter.add(5, Attributes.empty(), TestContexts.SAMPLED);
            final List<? extends ExemplarData> second = points(reader.collectAllMetrics().iterator().next()).get(0)
                .getExemplars();
            assertEquals(1, second.size(), "only the second window's measurement: " + second);
            assertEquals(5L, ((io.opentelemetry.sdk.metrics.data.LongExemplarData) second.get(0)).getValue());
            counter.add(1, Attributes.empty(), TestContexts.SAMPLED);
            reader.collectAllMetrics();
            final var third = reader.collectAllMetrics();
            assertTrue(third.isEmpty() || points(third.iterator().next()).stream()
                .allMatch(p -> p.getExemplars().isEmpty()), "an empty window exports no retained exemplar");
        }
    }

    @Test
    void misfitsAreRefusedSayingWhichSpecFits() {
        assertRefused("retainFor applies to every other spec: alignedUniform(), alignedSlowest()",
            () -> deprecatedLastSeen().retainFor(MAX_AGE));
        assertRefused("needs 1027 slots per series, more than the arena's slab of 1024",
            () -> ReservoirAggregation.explicitBucketHistogram(java.util.stream.IntStream.range(1, 513)
                .asDoubleStream().boxed().collect(Collectors.toList()), ReservoirSpec.alignedSlowest().retainFor(MAX_AGE)));
        assertRefused("ReservoirSpec.slowest(k)", () -> ReservoirAggregation.sum(ReservoirSpec.alignedSlowest()));
        assertRefused("ReservoirSpec.slowest(k)",
            () -> ReservoirAggregation.sum(ReservoirSpec.alignedUniform()));
        assertRefused("slowest size k must be in [1, 1023]", () -> ReservoirSpec.slowest(0));
        assertRefused("weightedByValue size k must be in [1, 1023]", () -> ReservoirSpec.weightedByValue(1024));
        assertRefused("halved for retention), was 600", () -> ReservoirSpec.slowest(600).retainFor(MAX_AGE));
        assertRefused("was PT0S", () -> ReservoirSpec.slowest(1).retainFor(Duration.ZERO));
        assertRefused("was null", () -> ReservoirSpec.slowest(1).retainFor(null));
    }

    @Test
    void retentionIsPartOfTheSpecsValue() {
        assertEquals(ReservoirSpec.slowest(2).retainFor(MAX_AGE), ReservoirSpec.slowest(2).retainFor(MAX_AGE));
        assertNotEquals(ReservoirSpec.slowest(2), ReservoirSpec.slowest(2).retainFor(MAX_AGE));
        assertNotEquals(ReservoirSpec.slowest(2), ReservoirSpec.weightedByValue(2));
        assertEquals("ReservoirSpec{slowest(2), retainFor=PT10M}",
            ReservoirSpec.slowest(2).retainFor(MAX_AGE).toString());
        final Function<ReservoirSpec, Object> keepsRetention = s -> s.withFilter(ExemplarFilter.alwaysOn()).retention();
        assertEquals(java.util.Optional.of(MAX_AGE), keepsRetention.apply(ReservoirSpec.slowest(2).retainFor(MAX_AGE)));
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static ReservoirSpec deprecatedLastSeen() {
        return ReservoirSpec.alignedLastSeen();
    }

    /** Capture times have millisecond resolution: step past the one the delta collection ran in. */
    private static void sleepPastTheMillisecond() {
        try {
            Thread.sleep(3);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertRefused(final String messagePart, final Executable construction) {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(refused.getMessage().contains(messagePart), refused.getMessage());
    }
}
