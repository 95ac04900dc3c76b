package io.exemplars.reservoir.properties;

import io.exemplars.otel.ReservoirAggregation;
import io.exemplars.otel.ReservoirSpec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Requests through the OpenTelemetry SDK, for the properties of measurement filters and marked
 * spans: each request is a recording span (traceBased filter: sampled), in which one latency is
 * recorded into a histogram whose View uses the spec under test; some requests fail, half of those
 * with {@code error.type} on the measurement, half with the span's status ERROR set before the
 * measurement. Recording threads split each interval's requests; the interval ends with a
 * collection (DELTA). Every span's id, error and mark are remembered when it ends, so each exported
 * exemplar can be followed to its span.
 */
final class TracedHistogramRun {
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Boolean> EXEMPLAR = AttributeKey.booleanKey("exemplar");
    /** One request in this many fails. */
    static final int FAILURE_EVERY = 20;

    /** What a span was when it ended. */
    record EndedSpan(boolean failed, boolean marked) {
    }

    private final ReservoirSpec spec;
    private final Map<String, EndedSpan> ended = new ConcurrentHashMap<>();

    TracedHistogramRun(final ReservoirSpec spec) {
        this.spec = spec;
    }

    /**
     * @param intervals  collections
     * @param requests   requests per interval
     * @param threads    recording threads
     * @param seed       the latencies' and failures' seed
     * @param onInterval receives each interval's exported exemplars, with the ended spans so far
     */
    void run(final int intervals, final int requests, final int threads, final long seed,
             final Consumer<List<DoubleExemplarData>> onInterval) {
        final InMemoryMetricReader reader = InMemoryMetricReader.createDelta();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(new Remember()).build();
             SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader)
                 .setExemplarFilter(ExemplarFilter.traceBased())
                 .registerView(InstrumentSelector.builder().setName("latency").build(), View.builder()
                     .setAggregation(ReservoirAggregation.explicitBucketHistogram(List.of(0.1, 0.5, 1.0, 2.0), spec))
                     .build())
                 .build()) {
            final Tracer tracer = tracing.get("properties");
            final DoubleHistogram histogram = meters.get("properties").histogramBuilder("latency").build();
            final SplittableRandom seeds = new SplittableRandom(seed);
            for (int interval = 0; interval < intervals; interval++) {
                final Thread[] recorders = new Thread[threads];
                for (int t = 0; t < threads; t++) {
                    final SplittableRandom random = seeds.split();
                    recorders[t] = new Thread(() -> {
                        for (int i = 0; i < requests / threads; i++) {
                            request(tracer, histogram, random);
                        }
                    });
                    recorders[t].start();
                }
                for (final Thread recorder : recorders) {
                    recorder.join();
                }
                final List<DoubleExemplarData> exemplars = new ArrayList<>();
                for (final MetricData metric : reader.collectAllMetrics()) {
                    for (final HistogramPointData point : metric.getHistogramData().getPoints()) {
                        exemplars.addAll(point.getExemplars());
                    }
                }
                onInterval.accept(exemplars);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the span with this id as it ended, or null */
    EndedSpan span(final String spanId) {
        return ended.get(spanId);
    }

    /** @return every span that ended so far */
    Set<Map.Entry<String, EndedSpan>> spans() {
        return ended.entrySet();
    }

    private static void request(final Tracer tracer, final DoubleHistogram histogram, final SplittableRandom random) {
        final Span span = tracer.spanBuilder("request").startSpan();
        final int outcome = random.nextInt(2 * FAILURE_EVERY);
        final double latency = Math.exp(random.nextGaussian()) / 4;
        try (Scope ignored = span.makeCurrent()) {
            if (outcome == 0) {
                histogram.record(latency, Attributes.of(ERROR_TYPE, "500"), Context.current());
                span.setAttribute(ERROR_TYPE, "500");
            } else if (outcome == 1) {
                span.setStatus(StatusCode.ERROR);
                histogram.record(latency, Attributes.empty(), Context.current());
            } else {
                histogram.record(latency, Attributes.empty(), Context.current());
            }
        } finally {
            span.end();
        }
    }

    /** Remembers each span's id, failure and mark when it ends; keeps nothing else. */
    private final class Remember implements SpanProcessor {
        @Override
        public void onStart(final Context parentContext, final ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(final ReadableSpan span) {
            final boolean failed = span.getAttribute(ERROR_TYPE) != null
                || span.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR;
            ended.put(span.getSpanContext().getSpanId(), new EndedSpan(failed, Boolean.TRUE.equals(span.getAttribute(EXEMPLAR))));
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }
}
