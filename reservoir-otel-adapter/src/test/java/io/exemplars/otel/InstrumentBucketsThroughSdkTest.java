package io.exemplars.otel;

import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.ExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.metrics.internal.aggregator.AggregationUtil;
import io.opentelemetry.sdk.metrics.internal.aggregator.AggregatorFactory;
import io.opentelemetry.sdk.metrics.internal.aggregator.ExplicitBucketHistogramUtils;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarFilterInternal;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The instrument's own buckets, through the SDK's public path: {@code defaultAggregation(spec)} on
 * one View selecting {@code *} gives every instrument type (synchronous and observable, long and
 * double, histograms with and without bucket advice) the point type and buckets of the SDK's own
 * default aggregation, with exemplars; {@code explicitBucketHistogram(spec)} follows the advice,
 * and explicit boundaries override it. Each case runs the same recordings through a provider with
 * our View and through one with no View (the SDK's default aggregation) and compares the points.
 */
class InstrumentBucketsThroughSdkTest {
    private static final String NAME = "instrument.under.test";
    /** The HTTP semantic conventions' advice for request durations, in seconds. */
    private static final List<Double> DOUBLE_ADVICE =
        List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    private static final List<Long> LONG_ADVICE = List.of(2L, 5L, 10L);
    /** Three measurements in three different advice buckets, all in the first default bucket (0, 5]. */
    private static final double[] DOUBLE_VALUES = {0.003, 0.07, 3.0};
    private static final long[] LONG_VALUES = {1, 4, 30};

    enum Instrument {
        COUNTER, UP_DOWN_COUNTER, HISTOGRAM, HISTOGRAM_WITH_ADVICE, GAUGE,
        OBSERVABLE_COUNTER, OBSERVABLE_UP_DOWN_COUNTER, OBSERVABLE_GAUGE;

        boolean observable() {
            return name().startsWith("OBSERVABLE");
        }

        boolean histogram() {
            return name().startsWith("HISTOGRAM");
        }
    }

    private final Logger histogramLogger = Logger.getLogger(ExplicitBucketHistogramWithReservoir.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(final LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        histogramLogger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        histogramLogger.removeHandler(capture);
    }

    static Stream<Arguments> everyInstrumentAndSpec() {
        final List<Arguments> cases = new ArrayList<>();
        for (final Instrument instrument : Instrument.values()) {
            for (final boolean longs : new boolean[] {true, false}) {
                for (final ReservoirSpec spec : List.of(ReservoirSpec.otelDefault(), ReservoirSpec.alignedUniform(),
                    ReservoirSpec.fixedSizeUniform(2))) {
                    cases.add(Arguments.of(instrument, longs, spec));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} longs={1} {2}")
    @MethodSource("everyInstrumentAndSpec")
    void defaultAggregationAggregatesLikeTheSdksDefaultAndKeepsExemplars(final Instrument instrument,
                                                                         final boolean longs,
                                                                         final ReservoirSpec spec) {
        final Aggregation ours = ReservoirAggregation.defaultAggregation(spec.withFilter(ExemplarFilter.alwaysOn()));
        final MetricData sdk = recordAndCollect(instrument, longs, null);
        final MetricData withOurs = recordAndCollect(instrument, longs, ours);

        assertEquals(sdk.getType(), withOurs.getType());
        final PointData expected = single(sdk);
        final PointData actual = single(withOurs);
        assertSameAggregate(expected, actual);
        if (instrument.histogram()) {
            final List<Double> boundaries = ((HistogramPointData) actual).getBoundaries();
            assertEquals(instrument == Instrument.HISTOGRAM_WITH_ADVICE ? advice(longs)
                : ExplicitBucketHistogramUtils.DEFAULT_HISTOGRAM_BUCKET_BOUNDARIES, boundaries);
        } else if (sdk.getData() instanceof SumData) {
            assertEquals(((SumData<?>) sdk.getData()).isMonotonic(), ((SumData<?>) withOurs.getData()).isMonotonic());
        }
        assertExemplars(instrument, longs, spec, actual);
        assertEquals(List.of(), warnings);
    }

    @Test
    void explicitBucketHistogramFollowsTheAdviceElseTheSdkDefault() {
        final Aggregation ours = ReservoirAggregation.explicitBucketHistogram(
            ReservoirSpec.alignedUniform().withFilter(ExemplarFilter.alwaysOn()));
        for (final boolean longs : new boolean[] {true, false}) {
            final HistogramPointData withAdvice =
                (HistogramPointData) single(recordAndCollect(Instrument.HISTOGRAM_WITH_ADVICE, longs, ours));
            assertEquals(advice(longs), withAdvice.getBoundaries());
            assertOneExemplarPerNonEmptyBucket(withAdvice);
            assertEquals(3, withAdvice.getExemplars().size(), "three measurements in three advice buckets");

            final HistogramPointData withoutAdvice =
                (HistogramPointData) single(recordAndCollect(Instrument.HISTOGRAM, longs, ours));
            assertEquals(ExplicitBucketHistogramUtils.DEFAULT_HISTOGRAM_BUCKET_BOUNDARIES, withoutAdvice.getBoundaries());
            assertOneExemplarPerNonEmptyBucket(withoutAdvice);
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void explicitBoundariesOverrideTheAdvice() {
        final List<Double> boundaries = List.of(1.0, 2.0);
        final Aggregation ours = ReservoirAggregation.explicitBucketHistogram(boundaries,
            ReservoirSpec.alignedUniform().withFilter(ExemplarFilter.alwaysOn()));
        for (final boolean longs : new boolean[] {true, false}) {
            final HistogramPointData point =
                (HistogramPointData) single(recordAndCollect(Instrument.HISTOGRAM_WITH_ADVICE, longs, ours));
            assertEquals(boundaries, point.getBoundaries());
            assertOneExemplarPerNonEmptyBucket(point);
        }
    }

    @Test
    void adviceAnAlignedReservoirCannotCoverKeepsItsBucketsWithoutExemplarsAndWarnsOnce() {
        // 40 boundaries = 41 buckets; the arena's slabs hold 32 slots: the SDK default's 16 fit.
        final List<Double> manyBuckets = IntStream.rangeClosed(1, 40).mapToObj(i -> i * 0.25)
            .collect(Collectors.toList());
        final SlotArena arena = SlotArena.create(32, 2);
        final Aggregation aligned = ReservoirAggregation.defaultAggregation(
            ReservoirSpec.alignedUniform().withArena(arena).withFilter(ExemplarFilter.alwaysOn()));
        for (int registration = 0; registration < 2; registration++) {
            final HistogramPointData point = (HistogramPointData) single(
                recordAndCollect(aligned, meter -> {
                    final var histogram = meter.histogramBuilder(NAME).setExplicitBucketBoundariesAdvice(manyBuckets)
                        .build();
                    for (final double value : DOUBLE_VALUES) {
                        histogram.record(value, Attributes.empty(), TestContexts.SAMPLED);
                    }
                }));
            assertEquals(manyBuckets, point.getBoundaries(), "the histogram keeps the advice, as the SDK would");
            assertEquals(3, point.getCount());
            assertEquals(List.of(), point.getExemplars(), "no aligned reservoir fits 41 buckets in a 32-slot slab");
        }
        // Two providers, one aggregation: the advice list was resolved once.
        assertEquals(1, warnings.size(), warnings::toString);
        final String message = warnings.get(0).getMessage();
        assertTrue(message.contains("instrument " + NAME + " keeps its bucket-boundary advice (40 boundaries)"), message);
        assertTrue(message.contains("records no exemplars"), message);
        assertTrue(message.contains("needs 41 slots per series, more than the arena's slab of 32"), message);
        assertEquals(0, arena.ringsInUse(), "no reservoir was created for it");

        // A fixed-size reservoir does not depend on the buckets: the same advice keeps its exemplars.
        final HistogramPointData fixedSize = (HistogramPointData) single(recordAndCollect(
            ReservoirAggregation.defaultAggregation(ReservoirSpec.fixedSizeUniform(3).withArena(arena)
                .withFilter(ExemplarFilter.alwaysOn())),
            meter -> {
                final var histogram = meter.histogramBuilder(NAME).setExplicitBucketBoundariesAdvice(manyBuckets).build();
                for (final double value : DOUBLE_VALUES) {
                    histogram.record(value);
                }
            }));
        assertEquals(manyBuckets, fixedSize.getBoundaries());
        assertEquals(3, fixedSize.getExemplars().size());
        assertEquals(1, warnings.size(), warnings::toString);
    }

    @Test
    void adviceTheSdkRefusesFallsBackToTheSdkDefaultBoundariesWithAWarning() {
        // Only an instrument described by hand can carry it: the SDK's builders validate advice.
        final List<List<Double>> refusedBySdk = List.of(List.of(2.0, 1.0), List.of(Double.NaN),
            Arrays.asList(1.0, null), List.of(Double.NEGATIVE_INFINITY, 0.0));
        for (final Aggregation aggregation : List.of(
            ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.alignedUniform()),
            ReservoirAggregation.defaultAggregation(ReservoirSpec.otelDefault()))) {
            for (final List<Double> advice : refusedBySdk) {
                final var instrument = TestInstruments.descriptor(InstrumentType.HISTOGRAM, advice);
                assertDoesNotThrow(() -> ((AggregatorFactory) aggregation).createAggregator(instrument,
                    (ExemplarFilterInternal) ExemplarFilter.alwaysOn(), MemoryMode.IMMUTABLE_DATA), advice::toString);
                final ReservoirShape shape = ((ReservoirBackedAggregation) aggregation).shapeFor(instrument);
                assertTrue(shape.toString().startsWith("alignedUniform[0.0, 5.0, 10.0"), shape::toString);
            }
        }
        assertEquals(2 * refusedBySdk.size(), warnings.size(), warnings::toString);
        for (final LogRecord warning : warnings) {
            assertTrue(warning.getMessage().contains("has bucket-boundary advice the SDK refuses"), warning.getMessage());
            assertTrue(warning.getMessage().contains("uses the SDK's default boundaries [0.0, 5.0, 10.0"),
                warning.getMessage());
        }
    }

    @Test
    void defaultAggregationIsAValueWithTheSdksName() {
        final Aggregation a = ReservoirAggregation.defaultAggregation(ReservoirSpec.otelDefault());
        assertEquals(a, ReservoirAggregation.defaultAggregation(ReservoirSpec.otelDefault()));
        assertEquals(a.hashCode(), ReservoirAggregation.defaultAggregation(ReservoirSpec.otelDefault()).hashCode());
        assertFalse(a.equals(ReservoirAggregation.defaultAggregation(ReservoirSpec.alignedUniform())));
        assertFalse(a.equals(ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.otelDefault())));
        assertFalse(a.equals(Aggregation.defaultAggregation()));
        assertEquals("ReservoirAggregation.defaultAggregation{spec=ReservoirSpec{fixedSizeUniform(2), filter=alwaysOn}}",
            ReservoirAggregation.defaultAggregation(ReservoirSpec.fixedSizeUniform(2).withFilter(ExemplarFilter.alwaysOn()))
                .toString());
        assertEquals("default", AggregationUtil.aggregationName(a));
        for (final InstrumentType type : InstrumentType.values()) {
            assertTrue(((AggregatorFactory) a).isCompatibleWithInstrument(TestInstruments.descriptor(type, null)),
                type::toString);
        }
    }

    @Test
    void anAlignedSpecGivesSumsAndLastValuesWhatOtelDefaultGivesThem() {
        final SlotArena arena = SlotArena.create(64, 2);
        final ReservoirBackedAggregation aligned = (ReservoirBackedAggregation) ReservoirAggregation.defaultAggregation(
            ReservoirSpec.alignedLastSeen().withArena(arena));
        assertEquals("fixedSizeUniform(1)", aligned.shapeFor(TestInstruments.descriptor(InstrumentType.COUNTER, null))
            .toString());
        assertEquals("fixedSizeUniform(1)", aligned.shapeFor(TestInstruments.descriptor(InstrumentType.GAUGE, null))
            .toString());
        assertTrue(aligned.shapeFor(TestInstruments.histogram()).toString().startsWith("alignedLastSeen[0.0, 5.0"));
        assertEquals("alignedLastSeen[1.0, 2.0]",
            aligned.shapeFor(TestInstruments.descriptor(InstrumentType.HISTOGRAM, List.of(1.0, 2.0))).toString());
        final ReservoirBackedAggregation fixed = (ReservoirBackedAggregation) ReservoirAggregation.defaultAggregation(
            ReservoirSpec.fixedSizeUniform(5));
        for (final InstrumentType type : List.of(InstrumentType.COUNTER, InstrumentType.OBSERVABLE_GAUGE,
            InstrumentType.HISTOGRAM)) {
            assertEquals("fixedSizeUniform(5)", fixed.shapeFor(TestInstruments.descriptor(type, null)).toString());
        }
    }

    private static List<Double> advice(final boolean longs) {
        return longs ? LONG_ADVICE.stream().map(Long::doubleValue).collect(Collectors.toList()) : DOUBLE_ADVICE;
    }

    /** Records the instrument's measurements through a provider with our View on {@code *}, or none. */
    private static MetricData recordAndCollect(final Instrument instrument, final boolean longs,
                                               final Aggregation aggregation) {
        return recordAndCollect(aggregation, meter -> create(meter, instrument, longs));
    }

    private static MetricData recordAndCollect(final Aggregation aggregation, final Consumer<Meter> instruments) {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        final SdkMeterProviderBuilder builder = SdkMeterProvider.builder().registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.alwaysOn());
        if (aggregation != null) {
            builder.registerView(InstrumentSelector.builder().setName("*").build(),
                View.builder().setAggregation(aggregation).build());
        }
        try (SdkMeterProvider provider = builder.build()) {
            instruments.accept(provider.get("buckets"));
            final List<MetricData> metrics = new ArrayList<>(reader.collectAllMetrics());
            assertEquals(1, metrics.size(), metrics::toString);
            assertEquals(NAME, metrics.get(0).getName());
            return metrics.get(0);
        }
    }

    /** Creates the instrument and records its measurements (observable ones at collection). */
    private static void create(final Meter meter, final Instrument instrument, final boolean longs) {
        final Context context = TestContexts.SAMPLED;
        final Attributes none = Attributes.empty();
        switch (instrument) {
            case COUNTER:
                if (longs) {
                    final var counter = meter.counterBuilder(NAME).build();
                    Arrays.stream(LONG_VALUES).forEach(v -> counter.add(v, none, context));
                } else {
                    final var counter = meter.counterBuilder(NAME).ofDoubles().build();
                    Arrays.stream(DOUBLE_VALUES).forEach(v -> counter.add(v, none, context));
                }
                break;
            case UP_DOWN_COUNTER:
                if (longs) {
                    final var counter = meter.upDownCounterBuilder(NAME).build();
                    Arrays.stream(LONG_VALUES).forEach(v -> counter.add(-v, none, context));
                } else {
                    final var counter = meter.upDownCounterBuilder(NAME).ofDoubles().build();
                    Arrays.stream(DOUBLE_VALUES).forEach(v -> counter.add(-v, none, context));
                }
                break;
            case HISTOGRAM:
            case HISTOGRAM_WITH_ADVICE:
                final boolean withAdvice = instrument == Instrument.HISTOGRAM_WITH_ADVICE;
                if (longs) {
                    final var builder = meter.histogramBuilder(NAME).ofLongs();
                    final var histogram = (withAdvice ? builder.setExplicitBucketBoundariesAdvice(LONG_ADVICE) : builder)
                        .build();
                    Arrays.stream(LONG_VALUES).forEach(v -> histogram.record(v, none, context));
                } else {
                    final var builder = meter.histogramBuilder(NAME);
                    final var histogram = (withAdvice ? builder.setExplicitBucketBoundariesAdvice(DOUBLE_ADVICE) : builder)
                        .build();
                    Arrays.stream(DOUBLE_VALUES).forEach(v -> histogram.record(v, none, context));
                }
                break;
            case GAUGE:
                if (longs) {
                    final var gauge = meter.gaugeBuilder(NAME).ofLongs().build();
                    Arrays.stream(LONG_VALUES).forEach(v -> gauge.set(v, none, context));
                } else {
                    final var gauge = meter.gaugeBuilder(NAME).build();
                    Arrays.stream(DOUBLE_VALUES).forEach(v -> gauge.set(v, none, context));
                }
                break;
            case OBSERVABLE_COUNTER:
                if (longs) {
                    meter.counterBuilder(NAME).buildWithCallback(m -> m.record(LONG_VALUES[2]));
                } else {
                    meter.counterBuilder(NAME).ofDoubles().buildWithCallback(m -> m.record(DOUBLE_VALUES[2]));
                }
                break;
            case OBSERVABLE_UP_DOWN_COUNTER:
                if (longs) {
                    meter.upDownCounterBuilder(NAME).buildWithCallback(m -> m.record(-LONG_VALUES[2]));
                } else {
                    meter.upDownCounterBuilder(NAME).ofDoubles().buildWithCallback(m -> m.record(-DOUBLE_VALUES[2]));
                }
                break;
            default:
                if (longs) {
                    meter.gaugeBuilder(NAME).ofLongs().buildWithCallback(m -> m.record(LONG_VALUES[2]));
                } else {
                    meter.gaugeBuilder(NAME).buildWithCallback(m -> m.record(DOUBLE_VALUES[2]));
                }
        }
    }

    private static PointData single(final MetricData metric) {
        final List<PointData> points = new ArrayList<>(metric.getData().getPoints());
        assertEquals(1, points.size(), points::toString);
        return points.get(0);
    }

    /** Everything but the exemplars and the times. */
    private static void assertSameAggregate(final PointData expected, final PointData actual) {
        assertEquals(expected.getAttributes(), actual.getAttributes());
        if (expected instanceof HistogramPointData) {
            final HistogramPointData e = (HistogramPointData) expected;
            final HistogramPointData a = (HistogramPointData) actual;
            assertEquals(e.getBoundaries(), a.getBoundaries());
            assertEquals(e.getCounts(), a.getCounts());
            assertEquals(e.getCount(), a.getCount());
            assertEquals(e.getSum(), a.getSum());
            assertEquals(e.getMin(), a.getMin());
            assertEquals(e.getMax(), a.getMax());
        } else if (expected instanceof LongPointData) {
            assertEquals(((LongPointData) expected).getValue(), ((LongPointData) actual).getValue());
        } else {
            assertEquals(((DoublePointData) expected).getValue(), ((DoublePointData) actual).getValue());
        }
    }

    private static void assertExemplars(final Instrument instrument, final boolean longs, final ReservoirSpec spec,
                                        final PointData point) {
        final List<? extends ExemplarData> exemplars = point.getExemplars();
        assertFalse(exemplars.isEmpty(), "exemplars expected on " + point);
        final Set<Double> recorded = new HashSet<>();
        if (instrument.observable()) {
            recorded.add(longs ? (double) LONG_VALUES[2] : DOUBLE_VALUES[2]);
            recorded.add(longs ? (double) -LONG_VALUES[2] : -DOUBLE_VALUES[2]);
        } else {
            final double sign = instrument == Instrument.UP_DOWN_COUNTER ? -1 : 1;
            for (int i = 0; i < 3; i++) {
                recorded.add(sign * (longs ? LONG_VALUES[i] : DOUBLE_VALUES[i]));
            }
        }
        for (final ExemplarData exemplar : exemplars) {
            assertTrue(recorded.contains(valueOf(exemplar)), () -> exemplar + " is not a recorded value " + recorded);
        }
        final int measurements = instrument.observable() ? 1 : 3;
        if (spec.equals(ReservoirSpec.fixedSizeUniform(2))) {
            assertEquals(Math.min(2, measurements), exemplars.size(), exemplars::toString);
        } else if (instrument.histogram()) {
            assertOneExemplarPerNonEmptyBucket((HistogramPointData) point);
        } else {
            assertEquals(1, exemplars.size(), "otelDefault for sums and last values: one exemplar");
        }
    }

    /** Aligned: exactly one exemplar in each non-empty bucket, inside that bucket. */
    private static void assertOneExemplarPerNonEmptyBucket(final HistogramPointData point) {
        final double[] boundaries = point.getBoundaries().stream().mapToDouble(Double::doubleValue).toArray();
        final Set<Integer> exemplarBuckets = new HashSet<>();
        for (final DoubleExemplarData exemplar : point.getExemplars()) {
            assertTrue(exemplarBuckets.add(ExplicitBucketHistogramUtils.findBucketIndex(boundaries, exemplar.getValue())),
                () -> "two exemplars in one bucket: " + point.getExemplars());
        }
        final Set<Integer> nonEmpty = new HashSet<>();
        for (int i = 0; i < point.getCounts().size(); i++) {
            if (point.getCounts().get(i) > 0) {
                nonEmpty.add(i);
            }
        }
        assertEquals(nonEmpty, exemplarBuckets);
    }

    private static double valueOf(final ExemplarData exemplar) {
        return exemplar instanceof LongExemplarData ? ((LongExemplarData) exemplar).getValue()
            : ((DoubleExemplarData) exemplar).getValue();
    }
}
