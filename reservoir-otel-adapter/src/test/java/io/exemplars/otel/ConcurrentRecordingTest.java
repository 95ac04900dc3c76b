package io.exemplars.otel;

import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.ExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several threads record into one histogram and one counter while another thread collects, for
 * delta and cumulative readers.
 *
 * <p>Every measurement carries its sequence number four ways: as the value, in the span id, in the
 * trace id and in a filtered attribute. Each exemplar collected must carry the same number in all
 * four (no torn exemplar mixing two offers), come from a sampled span (odd numbers; the provider's
 * filter is traceBased), and appear once (each collection resets the reservoirs). No recording call
 * may throw, and the aggregates must count every measurement.
 */
class ConcurrentRecordingTest {
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
    private static final AttributeKey<Long> SEQUENCE = AttributeKey.longKey("sequence");
    private static final int RECORDERS = 3;
    private static final int RECORDS_PER_THREAD = 40_000;
    private static final long TOTAL = (long) RECORDERS * RECORDS_PER_THREAD;
    /** Collections that run while every recorder is halfway, waiting for them. */
    private static final int COLLECTIONS_WHILE_RECORDING = 3;
    private static final List<Double> BOUNDARIES = List.of(10_000.0, 30_000.0, 60_000.0, 90_000.0);
    /** A trace id's low word is the sequence number mixed with this, so the two words differ. */
    private static final long TRACE_LOW_MIX = 0x5DEECE66DL;

    @ParameterizedTest
    @EnumSource(AggregationTemporality.class)
    void exemplarsStayWholeAndCountsStayExactWhileCollecting(final AggregationTemporality temporality)
        throws InterruptedException {
        final InMemoryMetricReader reader = InMemoryMetricReader.builder()
            .setAggregationTemporalitySelector(type -> temporality).build();
        final SlotArena arena = SlotArena.create(64, 2);
        try (SdkMeterProvider provider = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.traceBased())
            .registerView(InstrumentSelector.builder().setName("latency").build(),
                view(ReservoirAggregation.explicitBucketHistogram(BOUNDARIES, ReservoirSpec.alignedUniform().withArena(arena))))
            .registerView(InstrumentSelector.builder().setName("requests").build(),
                view(ReservoirAggregation.sum(ReservoirSpec.fixedSizeUniform(4).withArena(arena))))
            .build()) {
            final var histogram = provider.get("concurrency").histogramBuilder("latency").build();
            final var counter = provider.get("concurrency").counterBuilder("requests").build();

            final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
            final CountDownLatch done = new CountDownLatch(RECORDERS);
            // Halfway through, every recorder waits for this many collections: so collections
            // overlap recording however the threads are scheduled (a warm JVM could otherwise finish
            // recording before the collector's second look).
            final CountDownLatch collectedWhileRecording = new CountDownLatch(COLLECTIONS_WHILE_RECORDING);
            final long before = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
            for (int t = 0; t < RECORDERS; t++) {
                final int thread = t;
                new Thread(() -> {
                    try {
                        for (int i = 0; i < RECORDS_PER_THREAD; i++) {
                            if (i == RECORDS_PER_THREAD / 2
                                && !collectedWhileRecording.await(30, TimeUnit.SECONDS)) {
                                throw new AssertionError("the collector did not run within 30 s");
                            }
                            final long sequence = (long) i * RECORDERS + thread;
                            final Attributes attributes = Attributes.of(ROUTE, "/r", SEQUENCE, sequence);
                            final Context context = contextFor(sequence);
                            histogram.record(sequence, attributes, context);
                            counter.add(1, attributes, context);
                        }
                    } catch (final Throwable failure) {
                        failures.add(failure);
                    } finally {
                        done.countDown();
                    }
                }, "recorder-" + t).start();
            }

            final List<Collection<MetricData>> collections = new ArrayList<>();
            while (!done.await(2, TimeUnit.MILLISECONDS)) {
                collections.add(reader.collectAllMetrics());
                collectedWhileRecording.countDown();
            }
            collections.add(reader.collectAllMetrics());
            final long after = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());

            assertTrue(failures.isEmpty(), () -> "a recording call threw: " + failures);
            assertTrue(collections.size() > COLLECTIONS_WHILE_RECORDING, "the collector must have run while recording");

            long histogramCount = 0;
            long counterSum = 0;
            final Set<Long> seen = new HashSet<>();
            int exemplars = 0;
            for (final Collection<MetricData> metrics : collections) {
                for (final MetricData metric : metrics) {
                    for (final PointData point : metric.getData().getPoints()) {
                        if (point instanceof HistogramPointData) {
                            histogramCount = count(temporality, histogramCount, ((HistogramPointData) point).getCount());
                        } else {
                            counterSum = count(temporality, counterSum, ((LongPointData) point).getValue());
                        }
                        for (final ExemplarData exemplar : point.getExemplars()) {
                            final long sequence = assertWhole(exemplar, before, after);
                            assertTrue(seen.add(metric.getName().hashCode() * 31L + sequence),
                                () -> "exemplar " + sequence + " of " + metric.getName() + " collected twice");
                            exemplars++;
                        }
                    }
                }
            }
            assertEquals(TOTAL, histogramCount, "histogram count");
            assertEquals(TOTAL, counterSum, "counter sum");
            assertTrue(exemplars > 0, "exemplars were kept");
        }
    }

    /** Delta points add up; a cumulative point is the running total, so the last one counts. */
    private static long count(final AggregationTemporality temporality, final long soFar, final long point) {
        return temporality == AggregationTemporality.DELTA ? soFar + point : point;
    }

    /** Checks that all four copies of the sequence number agree, and returns it. */
    private static long assertWhole(final ExemplarData exemplar, final long before, final long after) {
        final long sequence = exemplar.getFilteredAttributes().get(SEQUENCE);
        final SpanContext span = exemplar.getSpanContext();
        assertEquals(spanOf(sequence), span, "span context of exemplar " + sequence);
        if (exemplar instanceof DoubleExemplarData) {
            assertEquals((double) sequence, ((DoubleExemplarData) exemplar).getValue(), "value of exemplar " + sequence);
        } else {
            assertEquals(1L, ((LongExemplarData) exemplar).getValue(), "the counter adds 1");
        }
        assertEquals(1, sequence % 2, "traceBased keeps only sampled (odd) measurements");
        assertTrue(exemplar.getEpochNanos() >= before && exemplar.getEpochNanos() <= after, "exemplar time");
        return sequence;
    }

    private static Context contextFor(final long sequence) {
        return TestContexts.inSpan(spanOf(sequence));
    }

    /** Odd sequence numbers are sampled; the ids are derived from the number, never zero. */
    private static SpanContext spanOf(final long sequence) {
        return SpanContext.create(HexIds.traceId(sequence + 1, (sequence + 1) ^ TRACE_LOW_MIX), HexIds.spanId(sequence + 1),
            sequence % 2 == 1 ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
    }

    private static View view(final Aggregation aggregation) {
        return View.builder().setAggregation(aggregation).setAttributeFilter(key -> key.equals(ROUTE.getKey())).build();
    }
}
