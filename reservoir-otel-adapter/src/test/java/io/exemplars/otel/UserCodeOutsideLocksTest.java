package io.exemplars.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, cases 3 and 4: a measurement filter, or a span's {@code setAttribute} behind
 * {@code markSpans()}, that blocks or records into the same instrument never stalls recording or
 * collection: user code runs outside our locks, and a record made from inside it offers no exemplar.
 */
class UserCodeOutsideLocksTest {
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
    private static final Attributes FROM_FILTER = Attributes.of(ROUTE, "from-filter");
    private static final Attributes SERIES = Attributes.of(ROUTE, "/checkout");

    private static SdkMeterProvider provider(final InMemoryMetricReader reader, final ReservoirSpec spec) {
        return SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.alwaysOn())
            .registerView(InstrumentSelector.builder().setName("latency").build(), View.builder()
                .setAggregation(ReservoirAggregation.explicitBucketHistogram(spec)).build())
            .build();
    }

    private static HistogramPointData point(final List<MetricData> metrics, final Attributes attributes) {
        for (final MetricData metric : metrics) {
            for (final HistogramPointData point : metric.getHistogramData().getPoints()) {
                if (point.getAttributes().equals(attributes)) {
                    return point;
                }
            }
        }
        throw new AssertionError("no point for " + attributes + " in " + metrics);
    }

    @Test
    void aFilterRecordingIntoTheSameInstrumentNeverStallsTwoRecordersOf20000AndACumulativeCollector() {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        final AtomicLong filterCalls = new AtomicLong();
        final DoubleHistogram[] latency = new DoubleHistogram[1];
        final MeasurementFilter recording = (value, attributes, context) -> {
            filterCalls.incrementAndGet();
            latency[0].record(value, FROM_FILTER); // another series of the same instrument
            return true;
        };
        try (SdkMeterProvider provider = provider(reader,
            ReservoirSpec.slowest(2).retainFor(Duration.ofSeconds(60)).withMeasurementFilter(recording))) {
            latency[0] = provider.get("reentrant").histogramBuilder("latency").build();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                final AtomicBoolean recording2 = new AtomicBoolean(true);
                final Thread collector = new Thread(() -> {
                    while (recording2.get()) {
                        reader.collectAllMetrics();
                    }
                });
                collector.start();
                final List<Thread> recorders = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    final Thread recorder = new Thread(() -> {
                        for (int i = 0; i < 20_000; i++) {
                            latency[0].record(i % 997, SERIES, TestContexts.SAMPLED);
                        }
                    });
                    recorders.add(recorder);
                    recorder.start();
                }
                for (final Thread recorder : recorders) {
                    recorder.join();
                }
                recording2.set(false);
                collector.join();
            }, "two recorders of 20,000 records and a cumulative collector finish within 30 s");
            final List<MetricData> metrics = new ArrayList<>(reader.collectAllMetrics());
            assertEquals(40_000, point(metrics, SERIES).getCount());
            assertTrue(point(metrics, SERIES).getExemplars().size() >= 1, "the series keeps its slowest");
            final HistogramPointData nested = point(metrics, FROM_FILTER);
            assertEquals(filterCalls.get(), nested.getCount(), "every record made by the filter is recorded");
            assertEquals(0, nested.getExemplars().size(), "but offers no exemplar (it would re-enter the filter)");
        }
    }

    /** A recording span whose {@code setAttribute} runs the given action first (blocks, or records). */
    private static final class ActingSpan implements Span {
        private final SpanContext context;
        private final Consumer<Span> action;
        final AtomicLong marks = new AtomicLong();

        ActingSpan(final SpanContext context, final Consumer<Span> action) {
            this.context = context;
            this.action = action;
        }

        @Override
        public <T> Span setAttribute(final AttributeKey<T> key, final T value) {
            if (SpanContextCapturer.EXEMPLAR_MARK.equals(key)) {
                action.accept(this);
                marks.incrementAndGet();
            }
            return this;
        }

        @Override
        public Span addEvent(final String name, final Attributes attributes) {
            return this;
        }

        @Override
        public Span addEvent(final String name, final Attributes attributes, final long timestamp, final TimeUnit unit) {
            return this;
        }

        @Override
        public Span setStatus(final StatusCode statusCode, final String description) {
            return this;
        }

        @Override
        public Span recordException(final Throwable exception, final Attributes additionalAttributes) {
            return this;
        }

        @Override
        public Span updateName(final String name) {
            return this;
        }

        @Override
        public void end() {
        }

        @Override
        public void end(final long timestamp, final TimeUnit unit) {
        }

        @Override
        public SpanContext getSpanContext() {
            return context;
        }

        @Override
        public boolean isRecording() {
            return true;
        }
    }

    @Test
    void aSpanWhoseSetAttributeBlocksTwoSecondsDoesNotHoldUpAnotherRecorderOfTheSameBucket() throws Exception {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        final CountDownLatch marking = new CountDownLatch(1);
        final CountDownLatch unblock = new CountDownLatch(1);
        final ActingSpan blocking = new ActingSpan(TestContexts.SAMPLED_SPAN, span -> {
            marking.countDown();
            try {
                unblock.await(2, TimeUnit.SECONDS); // like a span processor waiting on I/O
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (SdkMeterProvider provider = provider(reader, ReservoirSpec.alignedUniform().markSpans())) {
            final DoubleHistogram latency = provider.get("marking").histogramBuilder("latency").build();
            final Thread slowMarker = new Thread(() -> latency.record(3, SERIES, Context.root().with(blocking)));
            slowMarker.start();
            assertTrue(marking.await(10, TimeUnit.SECONDS));
            final long start = System.nanoTime();
            for (int i = 0; i < 10_000; i++) { // same series, same bucket, a span that is not recording
                latency.record(3, SERIES, TestContexts.SAMPLED);
            }
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            unblock.countDown();
            slowMarker.join(10_000);
            assertTrue(millis < 1_000, "10,000 records took " + millis + " ms while the marking span blocked (2 s)");
            assertEquals(1, blocking.marks.get(), "the stored exemplar's span was marked, after the unlock");
            assertEquals(10_001, point(new ArrayList<>(reader.collectAllMetrics()), SERIES).getCount());
        }
    }

    @Test
    void aSpanWhoseSetAttributeRecordsIntoTheSameSeriesNeitherDeadlocksNorStallsAnotherRecorder() {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        final DoubleHistogram[] latency = new DoubleHistogram[1];
        final ActingSpan recordingSpan = new ActingSpan(TestContexts.SAMPLED_SPAN,
            span -> latency[0].record(3, SERIES, Context.root().with(span)));
        try (SdkMeterProvider provider = provider(reader, ReservoirSpec.alignedUniform().markSpans())) {
            latency[0] = provider.get("marking").histogramBuilder("latency").build();
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                latency[0].record(3, SERIES, Context.root().with(recordingSpan));
                final Thread other = new Thread(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        latency[0].record(3, SERIES, TestContexts.SAMPLED);
                    }
                });
                other.start();
                other.join();
            }, "the marking thread and a second recorder of the same series finish");
            assertEquals(1, recordingSpan.marks.get(), "marked once: the nested record offered no exemplar");
            final HistogramPointData point = point(new ArrayList<>(reader.collectAllMetrics()), SERIES);
            assertEquals(10_002, point.getCount(), "the nested record is recorded");
        }
    }
}
