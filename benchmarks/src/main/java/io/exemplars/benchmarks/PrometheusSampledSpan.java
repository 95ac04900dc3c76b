package io.exemplars.benchmarks;

import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * The sampled span as Prometheus client_java's {@code ExemplarSampler} sees it: its own
 * {@link SpanContext} interface, answered from constants, so the peer pays for exactly what it
 * would pay with a tracer bridge that has the span at hand, and nothing for the harness.
 */
final class PrometheusSampledSpan implements SpanContext {
    static final PrometheusSampledSpan INSTANCE = new PrometheusSampledSpan();

    private PrometheusSampledSpan() {
    }

    @Override
    public String getCurrentTraceId() {
        return TraceContexts.TRACE_ID;
    }

    @Override
    public String getCurrentSpanId() {
        return TraceContexts.SPAN_ID;
    }

    @Override
    public boolean isCurrentSpanSampled() {
        return true;
    }

    @Override
    public void markCurrentSpanAsExemplar() {
        // A tracer bridge would set a span attribute here; there is no span to mark.
    }
}
