package io.exemplars.benchmarks;

import io.exemplars.reservoir.ExemplarCapturer;
import io.opentelemetry.api.internal.OtelEncodingUtils;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;

/**
 * Reads the exemplar payload of our core reservoirs out of an OpenTelemetry {@link Context}, the
 * same context the SDK's built-in reservoirs are offered, so the raw-reservoir benchmarks compare
 * like with like: the clock is the SDK's (the built-in cell also asks {@code now(false)}), the ids
 * are parsed from the span context's hex strings without allocating.
 *
 * <p>No filter: the built-in reservoirs in {@link ReservoirKind} are measured unfiltered too.
 * Stateless and thread-safe.
 */
final class SpanContextCapturer implements ExemplarCapturer<Context> {
    static final SpanContextCapturer INSTANCE = new SpanContextCapturer();

    /** Hex characters of one 64-bit half of a trace id. */
    private static final int HEX_CHARS_PER_LONG = 16;

    private final Clock clock = Clock.getDefault();

    private SpanContextCapturer() {
    }

    private static SpanContext spanContext(final Context context) {
        return Span.fromContext(context).getSpanContext();
    }

    @Override
    public long epochNanos(final Context context) {
        return clock.now(false);
    }

    @Override
    public long traceIdHigh(final Context context) {
        return OtelEncodingUtils.longFromBase16String(spanContext(context).getTraceId(), 0);
    }

    @Override
    public long traceIdLow(final Context context) {
        return OtelEncodingUtils.longFromBase16String(spanContext(context).getTraceId(), HEX_CHARS_PER_LONG);
    }

    @Override
    public long spanId(final Context context) {
        return OtelEncodingUtils.longFromBase16String(spanContext(context).getSpanId(), 0);
    }

    @Override
    public int traceFlags(final Context context) {
        return spanContext(context).getTraceFlags().asByte() & 0xFF;
    }
}
