package io.exemplars.benchmarks;

import io.opentelemetry.context.Context;
import io.prometheus.metrics.core.exemplars.ExemplarSampler;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Prometheus client_java's {@link ExemplarSampler}, the real artifact, used as its histograms use
 * it: {@code observe(value)} with the span context supplied by a bridge (here a preallocated
 * {@link PrometheusSampledSpan}), and {@code collect()} at scrape time, which keeps exemplars by
 * retention rather than resetting.
 *
 * <p>It is rate-limited, not uniform: after one observation is considered, the sampler ignores
 * every offer until a scheduled task re-opens it (90 ms by default), so almost every offer is one
 * volatile read. Its figures are a cost peer, not a statistical one.
 */
final class PrometheusSampler implements ReservoirUnderTest {
    private final ExemplarSampler sampler;

    PrometheusSampler(final ExemplarSampler sampler) {
        this.sampler = sampler;
    }

    @Override
    public void offer(final double value, final Context context) {
        sampler.observe(value);
    }

    @Override
    public void collect(final Blackhole sink) {
        // Every field of every exemplar, as an exporter reads them (and as the other peers' collects do).
        final Exemplars exemplars = sampler.collect();
        for (int i = 0; i < exemplars.size(); i++) {
            final Exemplar exemplar = exemplars.get(i);
            sink.consume(i);
            sink.consume(exemplar.getValue());
            sink.consume(exemplar.getTimestampMillis());
            sink.consume(exemplar.getLabels());
        }
        sink.consume(exemplars);
    }
}
