package io.exemplars.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The traceBased filter and the span-context capture read the measurement's {@link Context} only
 * for a measurement that wins the sampling draw, so they cost nothing on the reject path. Counted
 * through the SDK's public path with a context that counts its lookups.
 *
 * <p>One bucket, n = 100,000 sampled measurements: the number of draw winners is a sum of
 * independent Bernoulli(1/i), mean H(n) = 12.1. Each winner reads the context five times (filter,
 * trace id high and low, span id, flags). The bound of 200 lookups allows 40 winners; by a Chernoff
 * bound P(winners >= 40) < 1e-8, far below the p = 0.001 this suite accepts, so the test does not
 * fail by chance. The companion runs the same count on the SDK's built-in reservoir, which filters
 * every measurement, and must exceed n: the check can fail.
 */
class LazyCaptureTest {
    private static final int MEASUREMENTS = 100_000;
    private static final long MOST_LOOKUPS = 200;

    @Test
    void ourReservoirReadsTheContextOnlyForDrawWinners() {
        final long lookups = contextLookups(true);
        assertTrue(lookups <= MOST_LOOKUPS, () -> lookups + " context lookups for " + MEASUREMENTS + " measurements");
        assertTrue(lookups >= 5, "the winners were captured");
    }

    @Test
    void companionTheSdkBuiltInReservoirReadsItForEveryMeasurement() {
        final long lookups = contextLookups(false);
        assertTrue(lookups >= MEASUREMENTS, () -> "the SDK's filter reads every measurement's context: " + lookups);
        assertTrue(lookups > MOST_LOOKUPS, "so the bound above would catch an eager filter");
    }

    private static long contextLookups(final boolean ours) {
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        final var providerBuilder = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.traceBased());
        if (ours) {
            providerBuilder.registerView(InstrumentSelector.builder().setName("latency").build(), View.builder()
                .setAggregation(ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.alignedUniform())).build());
        }
        final CountingContext context = new CountingContext(TestContexts.SAMPLED, new AtomicLong());
        try (SdkMeterProvider provider = providerBuilder.build()) {
            final DoubleHistogram histogram = provider.get("lazy").histogramBuilder("latency").build();
            for (int i = 0; i < MEASUREMENTS; i++) {
                histogram.record(1.0, Attributes.empty(), context); // all in bucket (0, 5]
            }
            final long lookups = context.lookups.get();
            System.out.println((ours ? "adapter" : "SDK built-in") + ": " + lookups + " context lookups for "
                + MEASUREMENTS + " measurements");
            final MetricData metric = reader.collectAllMetrics().iterator().next();
            assertEquals(1, metric.getHistogramData().getPoints().iterator().next().getExemplars().size());
            return lookups;
        }
    }

    /** A context that counts how often anything is looked up in it. */
    private static final class CountingContext implements Context {
        private final Context delegate;
        private final AtomicLong lookups;

        CountingContext(final Context delegate, final AtomicLong lookups) {
            this.delegate = delegate;
            this.lookups = lookups;
        }

        @Override
        public <V> V get(final ContextKey<V> key) {
            lookups.incrementAndGet();
            return delegate.get(key);
        }

        @Override
        public <V> Context with(final ContextKey<V> key, final V value) {
            return new CountingContext(delegate.with(key, value), lookups);
        }
    }
}
