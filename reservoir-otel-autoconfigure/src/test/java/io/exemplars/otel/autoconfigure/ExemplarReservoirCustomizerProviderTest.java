package io.exemplars.otel.autoconfigure;

import io.exemplars.otel.ReservoirAggregation;
import io.exemplars.otel.ReservoirSpec;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each key through {@code AutoConfiguredOpenTelemetrySdk}, as an application starts the SDK: the
 * provider is found by {@code ServiceLoader}, metrics go through a real periodic reader to an
 * in-memory exporter, the exemplar filter is {@code always_on}.
 *
 * <p>"From our reservoir" is checked two ways. Our reservoirs lease rings from
 * {@link ReservoirSpec#defaultArena()} while they hold an exemplar (from the first kept offer of an
 * interval until its collection); the SDK's built-in ones do not. And the uniform reservoirs
 * show a property the built-in histogram reservoir lacks: of {@value #VALUES_PER_INTERVAL}
 * increasing values in one bucket, the built-in always keeps the last; a uniform pick is the last
 * with probability 1/{@value #VALUES_PER_INTERVAL} per interval, independently, so
 * {@value #INTERVALS} intervals that all keep the last fail a uniform reservoir with probability
 * 100^-5 = 1e-10.
 */
@Timeout(60)
class ExemplarReservoirCustomizerProviderTest {
    private static final int INTERVALS = 5;
    private static final int VALUES_PER_INTERVAL = 100;
    private static final List<Double> ADVICE = List.of(1.0, 2.0, 3.0);
    private static final String HISTOGRAM = "app.latency";
    private static final String COUNTER = "app.requests";
    private static final int COUNTER_ADDS = 50;

    @Test
    void defaultIsOtelDefaultOnEveryInstrument() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of())) {
            final Kept kept = keptPerInterval(sdk, HISTOGRAM);
            assertUniformPicks(kept);
            assertOurs(kept);
            final Kept counter = counterExemplars(sdk, COUNTER);
            assertEquals(ReservoirSpec.OTEL_DEFAULT_FIXED_SIZE, counter.values().size(),
                "otel_default keeps one exemplar per sum series");
            assertOurs(counter);
        }
    }

    @Test
    void alignedUniformPicksUniformlyPerBucket() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of("otel.exemplars.reservoir", "aligned_uniform"))) {
            final Kept kept = keptPerInterval(sdk, HISTOGRAM);
            assertUniformPicks(kept);
            assertOurs(kept);
        }
    }

    @Test
    void alignedLastSeenKeepsTheLastValueFromOurArena() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of("otel.exemplars.reservoir", "ALIGNED_LAST_SEEN"))) {
            final Kept kept = keptPerInterval(sdk, HISTOGRAM);
            assertLastValues(kept, "aligned_last_seen keeps each interval's last value");
            assertOurs(kept);
        }
    }

    @Test
    void alignedSlowestKeepsEachBucketsLargestMeasurement() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of("otel.exemplars.reservoir", "Aligned_Slowest"))) {
            final long before = rings();
            for (final double value : new double[] {1.9, 2.5, 0.5, 1.2, 3.5, 0.75, 2.25, 9.0, 0.1}) {
                histogram(sdk, HISTOGRAM).record(value);
            }
            assertTrue(rings() > before, "our reservoir");
            final List<Double> kept = new ArrayList<>();
            histogramPoint(sdk.collectOne(HISTOGRAM)).getExemplars().forEach(e -> kept.add(e.getValue()));
            kept.sort(null);
            assertEquals(List.of(0.75, 1.9, 2.5, 9.0), kept, "each bucket's largest, one per bucket");
        }
    }

    @Test
    void retainKeepsEveryBucketsExemplarForASecondCollectionFromTheFirstOn() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of(
            "otel.exemplars.reservoir", "aligned_uniform", "otel.exemplars.reservoir.retain", "60s"))) {
            for (final double value : new double[] {0.5, 1.5, 2.5, 3.5}) {
                histogram(sdk, HISTOGRAM).record(value);
            }
            final List<DoubleExemplarData> first = histogramPoint(sdk.collectOne(HISTOGRAM)).getExemplars();
            final List<DoubleExemplarData> second = histogramPoint(sdk.collectOne(HISTOGRAM)).getExemplars();
            assertEquals(4, first.size(), "every bucket's exemplar: " + first);
            assertEquals(first, second, "the second collection sees what the first did");
        }
        // The companion: without the key, the second collection finds nothing.
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of("otel.exemplars.reservoir", "aligned_uniform"))) {
            histogram(sdk, HISTOGRAM).record(0.5);
            assertEquals(1, histogramPoint(sdk.collectOne(HISTOGRAM)).getExemplars().size());
            assertEquals(List.of(), histogramPoint(sdk.collectOne(HISTOGRAM)).getExemplars());
        }
    }

    @Test
    void retainTakesTheSdksDurationSyntaxWithEveryReservoirThatCanRetain() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of("otel.exemplars.reservoir", "slowest",
            "otel.exemplars.reservoir.size", "2", "otel.exemplars.reservoir.retain", "30000ms"))) {
            histogram(sdk, HISTOGRAM).record(2.5);
            assertEquals(1, histogramPoint(sdk.collectOne(HISTOGRAM)).getExemplars().size());
            assertEquals(1, histogramPoint(sdk.collectOne(HISTOGRAM)).getExemplars().size());
        }
        for (final String reservoir : new String[] {"otel_default", "aligned_slowest", "fixed_size_uniform"}) {
            final Map<String, String> keys = new java.util.HashMap<>(Map.of("otel.exemplars.reservoir", reservoir,
                "otel.exemplars.reservoir.retain", "2m"));
            if (reservoir.startsWith("fixed")) {
                keys.put("otel.exemplars.reservoir.size", "1");
            }
            try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(keys)) {
                final Kept counter = counterExemplars(sdk, COUNTER);
                assertEquals(1, counter.values().size(), reservoir);
                assertEquals(1, sdk.collectOne(COUNTER).getLongSumData().getPoints().iterator().next()
                    .getExemplars().size(), reservoir + ": the counter's exemplar retained too");
            }
        }
    }

    @Test
    void fixedSizeUniformKeepsSizeExemplars() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of(
            "otel.exemplars.reservoir", "fixed_size_uniform", "otel.exemplars.reservoir.size", " 3 "))) {
            final Kept counter = counterExemplars(sdk, COUNTER);
            assertEquals(3, counter.values().size(), "k = 3 exemplars on the counter");
            assertOurs(counter);
            histogram(sdk, HISTOGRAM).record(1.5);
            histogram(sdk, HISTOGRAM).record(2.5);
            histogram(sdk, HISTOGRAM).record(0.5);
            histogram(sdk, HISTOGRAM).record(1.25);
            final HistogramPointData point = histogramPoint(sdk.collectOne(HISTOGRAM));
            assertEquals(3, point.getExemplars().size(), "k = 3 exemplars across the histogram's buckets");
            assertEquals(ADVICE, point.getBoundaries(), "the instrument's bucket advice is kept");
        }
    }

    @Test
    void slowestKeepsTheLargestMeasurements() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of(
            "otel.exemplars.reservoir", "slowest", "otel.exemplars.reservoir.size", "2"))) {
            for (final double value : new double[] {1.5, 2.5, 0.5, 2.75, 1.25}) {
                histogram(sdk, HISTOGRAM).record(value);
            }
            final List<Double> kept = new ArrayList<>();
            histogramPoint(sdk.collectOne(HISTOGRAM)).getExemplars().forEach(e -> kept.add(e.getValue()));
            kept.sort(null);
            assertEquals(List.of(2.5, 2.75), kept, "the two largest of the interval");
        }
    }

    @Test
    void weightedByValueNeverKeepsANonPositiveMeasurement() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of(
            "otel.exemplars.reservoir", "weighted_by_value", "otel.exemplars.reservoir.size", "2"))) {
            for (final double value : new double[] {0.0, -1.0, 3.0, 0.0, 2.0, -5.0}) {
                histogram(sdk, HISTOGRAM).record(value);
            }
            final List<Double> kept = new ArrayList<>();
            histogramPoint(sdk.collectOne(HISTOGRAM)).getExemplars().forEach(e -> kept.add(e.getValue()));
            kept.sort(null);
            assertEquals(List.of(2.0, 3.0), kept, "only the two positive measurements can be kept, and both are");
        }
    }

    @Test
    void instrumentsSelectsByNameWithWildcards() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of(
            "otel.exemplars.reservoir", "aligned_uniform", "otel.exemplars.instruments", "app.*, db.que?y"))) {
            assertOurs(keptPerInterval(sdk, HISTOGRAM));
            assertOurs(keptPerInterval(sdk, "db.query"));
            final Kept builtIn = keptPerInterval(sdk, "rpc.latency");
            assertEquals(0, builtIn.ringsLeased(), "rpc.latency is not selected: no ring from our arena");
            assertLastValues(builtIn, "rpc.latency keeps the SDK's built-in reservoir (last value per bucket)");
        }
    }

    @Test
    void providerExemplarFilterStillApplies() {
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of("otel.metrics.exemplar.filter", "always_off"))) {
            final long ringsBefore = rings();
            histogram(sdk, HISTOGRAM).record(1.5);
            assertEquals(ringsBefore, rings(), "always_off installs no reservoir");
            assertEquals(List.of(), histogramPoint(sdk.collectOne(HISTOGRAM)).getExemplars());
        }
    }

    /**
     * Documents how an application's own View meets ours: the View wins for the instruments it
     * selects (ours is a default aggregation), one stream, the View's aggregation; a View that
     * wants our reservoirs says so with a ReservoirAggregation.
     */
    @Test
    void anApplicationViewReplacesOursForItsInstruments() {
        final List<Double> viewBoundaries = List.of(10.0, 20.0);
        try (AutoConfiguredSdk sdk = AutoConfiguredSdk.start(Map.of("otel.exemplars.reservoir", "aligned_uniform"),
            builder -> builder
                .registerView(InstrumentSelector.builder().setName("app.latency").build(),
                    View.builder().setAggregation(
                        io.opentelemetry.sdk.metrics.Aggregation.explicitBucketHistogram(viewBoundaries)).build())
                .registerView(InstrumentSelector.builder().setName("app.size").build(),
                    View.builder().setAggregation(ReservoirAggregation.explicitBucketHistogram(viewBoundaries,
                        ReservoirSpec.alignedUniform())).build()))) {
            long before = rings();
            histogram(sdk, HISTOGRAM).record(15);
            assertEquals(before, rings(), "the application's View (SDK aggregation) replaces our default");
            final List<MetricData> metrics = sdk.collect();
            assertEquals(1, metrics.size(), "one stream for app.latency: " + metrics);
            assertEquals(viewBoundaries, histogramPoint(metrics.get(0)).getBoundaries());

            before = rings();
            histogram(sdk, "app.size").record(15);
            assertTrue(rings() > before, "a View with a ReservoirAggregation keeps our reservoirs");
            assertEquals(viewBoundaries, histogramPoint(sdk.collectOne("app.size")).getBoundaries());
        }
    }

    /**
     * Exemplar values kept over intervals, and how many rings of our arena the instrument's
     * reservoirs held at most before a collection.
     */
    private record Kept(List<Double> values, long ringsLeased) {
    }

    /** Records value(0..99), all in the bucket (1, 2], per interval; returns each interval's one exemplar. */
    private static Kept keptPerInterval(final AutoConfiguredSdk sdk, final String name) {
        final DoubleHistogram histogram = histogram(sdk, name);
        final List<Double> kept = new ArrayList<>();
        long leased = 0;
        for (int interval = 0; interval < INTERVALS; interval++) {
            final long before = rings();
            for (int i = 0; i < VALUES_PER_INTERVAL; i++) {
                histogram.record(value(i));
            }
            leased = Math.max(leased, rings() - before);
            final HistogramPointData point = histogramPoint(sdk.collectOne(name));
            assertEquals(ADVICE, point.getBoundaries(), "the instrument's bucket advice is not kept");
            final List<DoubleExemplarData> exemplars = point.getExemplars();
            assertEquals(1, exemplars.size(), "one bucket had measurements: " + exemplars);
            kept.add(exemplars.get(0).getValue());
        }
        return new Kept(kept, leased);
    }

    /** @return the i-th value of an interval: strictly increasing, all inside (1, 2] */
    private static double value(final int i) {
        return 1.0 + (i + 0.5) / VALUES_PER_INTERVAL;
    }

    private static void assertUniformPicks(final Kept kept) {
        assertTrue(kept.values().stream().anyMatch(v -> v < value(VALUES_PER_INTERVAL - 1)),
            "every interval kept its last value, as the SDK's built-in reservoir does: " + kept);
    }

    private static void assertLastValues(final Kept kept, final String what) {
        assertTrue(kept.values().stream().allMatch(v -> v == value(VALUES_PER_INTERVAL - 1)), what + ": " + kept);
    }

    private static void assertOurs(final Kept kept) {
        assertTrue(kept.ringsLeased() > 0, "no ring leased from our arena: not our reservoir; " + kept);
    }

    private static Kept counterExemplars(final AutoConfiguredSdk sdk, final String name) {
        final LongCounter counter = sdk.sdk().getMeter("test").counterBuilder(name).build();
        final long before = rings();
        for (int i = 0; i < COUNTER_ADDS; i++) {
            counter.add(1);
        }
        final long leased = rings() - before;
        final List<Double> values = new ArrayList<>();
        for (LongExemplarData e : sdk.collectOne(name).getLongSumData().getPoints().iterator().next().getExemplars()) {
            values.add((double) e.getValue());
        }
        return new Kept(values, leased);
    }

    private static DoubleHistogram histogram(final AutoConfiguredSdk sdk, final String name) {
        return sdk.sdk().getMeter("test").histogramBuilder(name).setExplicitBucketBoundariesAdvice(ADVICE).build();
    }

    private static HistogramPointData histogramPoint(final MetricData metric) {
        return metric.getHistogramData().getPoints().iterator().next();
    }

    private static long rings() {
        return ReservoirSpec.defaultArena().ringsInUse();
    }
}
