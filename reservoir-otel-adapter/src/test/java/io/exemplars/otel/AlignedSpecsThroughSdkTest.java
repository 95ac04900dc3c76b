package io.exemplars.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.exemplars.otel.EveryInstrumentView.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** alignedSlowest(), and retainFor on the aligned specs, through the SDK, from a reader's first collection. */
class AlignedSpecsThroughSdkTest {
    private static final Duration MAX_AGE = Duration.ofMinutes(10);
    private static final List<Double> BOUNDARIES = List.of(1.0, 10.0, 100.0);

    private static HistogramPointData onlyPoint(final InMemoryMetricReader reader) {
        final MetricData metric = reader.collectAllMetrics().iterator().next();
        return metric.getHistogramData().getPoints().iterator().next();
    }

    /** The exemplar values of a point by bucket index (one per bucket, or the test fails). */
    private static TreeMap<Integer, Double> byBucket(final HistogramPointData point) {
        final TreeMap<Integer, Double> values = new TreeMap<>();
        for (final DoubleExemplarData exemplar : point.getExemplars()) {
            final int bucket = io.exemplars.reservoir.BucketBoundaries.of(BOUNDARIES).bucketIndex(exemplar.getValue());
            final Double previous = values.put(bucket, exemplar.getValue());
            assertEquals(null, previous, "two exemplars in bucket " + bucket + ": " + point.getExemplars());
        }
        return values;
    }

    @Test
    void alignedSlowestShowsEachBucketsLargestMeasurement() {
        final InMemoryMetricReader reader = InMemoryMetricReader.createDelta();
        try (SdkMeterProvider provider = provider(
            ReservoirAggregation.explicitBucketHistogram(BOUNDARIES, ReservoirSpec.alignedSlowest()), reader)) {
            final DoubleHistogram latency = provider.get("t").histogramBuilder("latency").build();
            final SplittableRandom random = new SplittableRandom(15);
            for (int interval = 0; interval < 3; interval++) {
                final TreeMap<Integer, Double> largest = new TreeMap<>();
                for (int i = 0; i < 5_000; i++) {
                    final double value = Math.exp(random.nextDouble(-3, 6));
                    largest.merge(io.exemplars.reservoir.BucketBoundaries.of(BOUNDARIES).bucketIndex(value), value,
                        Math::max);
                    latency.record(value, Attributes.empty(), TestContexts.SAMPLED);
                }
                assertEquals(largest, byBucket(onlyPoint(reader)), "interval " + interval);
            }
        }
    }

    @Test
    void alignedSlowestOnACounterUnderTheDefaultAggregationKeepsTheLargestIncrement() {
        final InMemoryMetricReader reader = InMemoryMetricReader.createDelta();
        try (SdkMeterProvider provider = provider(
            ReservoirAggregation.defaultAggregation(ReservoirSpec.alignedSlowest()), reader)) {
            final LongCounter bytes = provider.get("t").counterBuilder("bytes").build();
            for (long add : new long[] {3, 70, 5, 12}) {
                bytes.add(add, Attributes.empty(), TestContexts.SAMPLED);
            }
            final List<Long> exemplars = reader.collectAllMetrics().iterator().next().getLongSumData().getPoints()
                .iterator().next().getExemplars().stream().map(LongExemplarData::getValue).collect(Collectors.toList());
            assertEquals(List.of(70L), exemplars);
        }
    }

    @Test
    void aSecondScrapeRightAfterTheFirstSeesTheSameExemplars() {
        // The README's promise, from the reader's very first collection on.
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = provider(ReservoirAggregation.explicitBucketHistogram(BOUNDARIES,
            ReservoirSpec.alignedUniform().retainFor(MAX_AGE)), reader)) {
            final DoubleHistogram latency = provider.get("t").histogramBuilder("latency").build();
            for (final double value : new double[] {0.5, 0.7, 5, 50, 55, 500}) {
                latency.record(value, Attributes.empty(), TestContexts.SAMPLED);
            }
            final HistogramPointData first = onlyPoint(reader);
            assertEquals(4, first.getExemplars().size(), "every bucket's exemplar: " + first.getExemplars());
            final HistogramPointData second = onlyPoint(reader);
            assertEquals(byBucket(first), byBucket(second));
        }
    }

    @Test
    void companionWithoutRetentionTheSecondScrapeFindsNothing() {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = provider(ReservoirAggregation.explicitBucketHistogram(BOUNDARIES,
            ReservoirSpec.alignedUniform()), reader)) {
            final DoubleHistogram latency = provider.get("t").histogramBuilder("latency").build();
            latency.record(5, Attributes.empty(), TestContexts.SAMPLED);
            assertEquals(1, onlyPoint(reader).getExemplars().size());
            assertEquals(List.of(), onlyPoint(reader).getExemplars(), "what the retention test checks can fail");
        }
    }

    @Test
    void twoReadersOfAnAlignedSlowestRetainingHistogramBothSeeEveryBucket() {
        final InMemoryMetricReader first = InMemoryMetricReader.create();
        final InMemoryMetricReader second = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = provider(ReservoirAggregation.explicitBucketHistogram(BOUNDARIES,
            ReservoirSpec.alignedSlowest().retainFor(MAX_AGE)), first, second)) {
            final DoubleHistogram latency = provider.get("t").histogramBuilder("latency").build();
            for (final double value : new double[] {0.5, 0.7, 5, 50, 55, 500}) {
                latency.record(value, Attributes.empty(), TestContexts.SAMPLED);
            }
            final TreeMap<Integer, Double> expected = new TreeMap<>(java.util.Map.of(0, 0.7, 1, 5.0, 2, 55.0, 3, 500.0));
            for (int scrape = 0; scrape < 3; scrape++) {
                assertEquals(expected, byBucket(onlyPoint(first)), "scrape " + scrape);
                assertEquals(expected, byBucket(onlyPoint(second)), "scrape " + scrape);
            }
            latency.record(60, Attributes.empty(), TestContexts.SAMPLED);
            expected.put(2, 60.0);
            assertEquals(expected, byBucket(onlyPoint(first)));
            assertEquals(expected, byBucket(onlyPoint(second)));
        }
    }

    @Test
    void underADeltaReaderTheFirstCollectionKeepsButNoLaterPointRepeatsIt() throws InterruptedException {
        final InMemoryMetricReader reader = InMemoryMetricReader.createDelta();
        try (SdkMeterProvider provider = provider(ReservoirAggregation.explicitBucketHistogram(BOUNDARIES,
            ReservoirSpec.alignedUniform().retainFor(MAX_AGE)), reader)) {
            final DoubleHistogram latency = provider.get("t").histogramBuilder("latency").build();
            latency.record(5, Attributes.empty(), TestContexts.SAMPLED);
            assertEquals(1, onlyPoint(reader).getExemplars().size());
            Thread.sleep(3); // past the millisecond of the delta collection
            latency.record(50, Attributes.empty(), TestContexts.SAMPLED);
            final HistogramPointData second = onlyPoint(reader);
            assertEquals(List.of(50.0), second.getExemplars().stream().map(DoubleExemplarData::getValue)
                .collect(Collectors.toList()), "the first window's exemplar is not in the second point");
            latency.record(500, Attributes.empty(), TestContexts.SAMPLED);
            assertEquals(List.of(500.0), onlyPoint(reader).getExemplars().stream().map(DoubleExemplarData::getValue)
                .collect(Collectors.toList()), "delta: every collection resets from the second on");
        }
    }

    @Test
    void retentionAppearsInTheSpecsText() {
        assertEquals("ReservoirSpec{alignedSlowest, retainFor=PT10M}",
            ReservoirSpec.alignedSlowest().retainFor(MAX_AGE).toString());
        assertTrue(ReservoirSpec.alignedUniform().retainFor(MAX_AGE).retention().isPresent());
    }
}
