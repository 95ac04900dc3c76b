package io.exemplars.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

/**
 * Measurement contexts for the tests: a context holding a sampled span, one holding a valid but
 * unsampled span, and one holding no span.
 */
final class TestContexts {
    static final String SAMPLED_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String SAMPLED_SPAN_ID = "b7ad6b7169203331";
    static final String UNSAMPLED_TRACE_ID = "ffeeddccbbaa99887766554433221100";
    static final String UNSAMPLED_SPAN_ID = "00f067aa0ba902b7";

    static final SpanContext SAMPLED_SPAN = SpanContext.create(SAMPLED_TRACE_ID, SAMPLED_SPAN_ID,
        TraceFlags.getSampled(), TraceState.getDefault());
    static final SpanContext UNSAMPLED_SPAN = SpanContext.create(UNSAMPLED_TRACE_ID, UNSAMPLED_SPAN_ID,
        TraceFlags.getDefault(), TraceState.getDefault());

    static final Context SAMPLED = inSpan(SAMPLED_SPAN);
    static final Context UNSAMPLED = inSpan(UNSAMPLED_SPAN);
    static final Context NO_SPAN = Context.root();

    private TestContexts() {
    }

    static Context inSpan(final SpanContext span) {
        return Context.root().with(Span.wrap(span));
    }
}
