package io.exemplars.otel;

import io.exemplars.reservoir.ExemplarCapturer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;

/**
 * Reads an exemplar's payload out of the OpenTelemetry {@link Context} a measurement was recorded
 * in: the time, and the trace id, span id and trace flags of the context's span when it is valid.
 *
 * <p>The core reservoirs call it only for a measurement that has already won the sampling draw,
 * so the span lookup and the id parsing cost nothing on the reject path. It is also the exemplar
 * filter: {@link #ALL_MEASUREMENTS} is {@code ExemplarFilter.alwaysOn()},
 * {@link #SAMPLED_SPANS_ONLY} is {@code ExemplarFilter.traceBased()} (the SDK's definition: the
 * context's span is sampled). {@code alwaysOff()} has no capturer: it installs no reservoir.
 *
 * <p>Stateless apart from the clock, so one instance of each serves every reservoir. Nothing here
 * allocates or throws for a valid context; a null context reads as "no span".
 *
 * <p>Public so that code which offers OpenTelemetry measurements to the core reservoirs directly
 * (without an SDK View, as the benchmarks do) captures exactly what the adapter captures.
 */
public final class SpanContextCapturer implements ExemplarCapturer<Context> {
    /** Every measurement is eligible: {@code ExemplarFilter.alwaysOn()}. */
    public static final SpanContextCapturer ALL_MEASUREMENTS = new SpanContextCapturer(false, false);
    /** Only measurements recorded inside a sampled span are eligible: {@code ExemplarFilter.traceBased()}. */
    public static final SpanContextCapturer SAMPLED_SPANS_ONLY = new SpanContextCapturer(true, false);
    /** The attribute {@link ReservoirSpec#markSpans()} sets on the span of a stored exemplar. */
    public static final AttributeKey<Boolean> EXEMPLAR_MARK = AttributeKey.booleanKey("exemplar");
    /**
     * As {@link #ALL_MEASUREMENTS}, but the ids stay in the kept {@link SpanContext}
     * ({@link #contextReference}): the slot's trace id, span id and flags words are 0, and whoever
     * collects reads them from the reference. A store then costs one span lookup and the clock, as
     * the SDK's own reservoir cells do, instead of five lookups and parsing 48 hex digits. The
     * adapter uses this (its collection builds the exemplar from the reference); so does the
     * last-seen reservoir's every-offer write.
     */
    public static final SpanContextCapturer ALL_MEASUREMENTS_BY_REFERENCE = new SpanContextCapturer(false, true);
    /** As {@link #SAMPLED_SPANS_ONLY}, with the ids kept by reference ({@link #ALL_MEASUREMENTS_BY_REFERENCE}). */
    public static final SpanContextCapturer SAMPLED_SPANS_ONLY_BY_REFERENCE = new SpanContextCapturer(true, true);

    /**
     * Like the SDK's built-in reservoir cells: the default clock, read without high precision
     * (millisecond time in nanoseconds), which costs less and is all an exemplar needs.
     */
    private static final boolean HIGH_PRECISION_TIME = false;
    private static final int SPAN_ID_OFFSET = 0;

    private final boolean sampledSpansOnly;
    /** Ids only in the {@link #contextReference}: the id words read 0. */
    private final boolean byReference;
    private final boolean markSpans;
    private final Clock clock = Clock.getDefault();

    private SpanContextCapturer(final boolean sampledSpansOnly, final boolean byReference) {
        this(sampledSpansOnly, byReference, false);
    }

    private SpanContextCapturer(final boolean sampledSpansOnly, final boolean byReference, final boolean markSpans) {
        this.sampledSpansOnly = sampledSpansOnly;
        this.byReference = byReference;
        this.markSpans = markSpans;
    }

    /**
     * @return this capturer (same filter, same id storage), also setting {@link #EXEMPLAR_MARK} on
     *     the span of each stored exemplar while that span is recording; made once per aggregation
     */
    SpanContextCapturer markingSpans() {
        return markSpans ? this : new SpanContextCapturer(sampledSpansOnly, byReference, true);
    }

    @Override
    public boolean isEligible(final Object attributes, final Context context) {
        return !sampledSpansOnly || spanContext(context).isSampled();
    }

    @Override
    public long epochNanos(final Context context) {
        return clock.now(HIGH_PRECISION_TIME);
    }

    @Override
    public long traceIdHigh(final Context context) {
        if (byReference) {
            return 0L;
        }
        final SpanContext span = spanContext(context);
        return span.isValid() ? HexIds.parseLong(span.getTraceId(), 0) : 0L;
    }

    @Override
    public long traceIdLow(final Context context) {
        if (byReference) {
            return 0L;
        }
        final SpanContext span = spanContext(context);
        return span.isValid() ? HexIds.parseLong(span.getTraceId(), HexIds.LONG_HEX_LENGTH) : 0L;
    }

    @Override
    public long spanId(final Context context) {
        if (byReference) {
            return 0L;
        }
        final SpanContext span = spanContext(context);
        return span.isValid() ? HexIds.parseLong(span.getSpanId(), SPAN_ID_OFFSET) : 0L;
    }

    @Override
    public int traceFlags(final Context context) {
        if (byReference) {
            return 0;
        }
        final SpanContext span = spanContext(context);
        return span.isValid() ? span.getTraceFlags().asByte() & 0xFF : 0;
    }

    /**
     * The span's own {@link SpanContext} (immutable, already allocated by the tracer), kept with
     * the exemplar so collection reuses it instead of rebuilding one from the ids; {@code null}
     * when the span is not valid. Called with the slot locked: a plain read, nothing else.
     */
    @Override
    public Object contextReference(final Context context) {
        if (context == null) {
            return null;
        }
        final SpanContext spanContext = Span.fromContext(context).getSpanContext();
        return spanContext.isValid() ? spanContext : null;
    }

    /**
     * @return whether this capturer marks spans: its other methods only look the span up in the
     *     context and read its {@code SpanContext}; {@code setAttribute} may run span processors
     *     that record
     */
    @Override
    public boolean mayRecord() {
        return markSpans;
    }

    /**
     * @return whether this capturer marks spans: only then does the reservoir call {@link #afterStore}
     */
    @Override
    public boolean actsAfterStore() {
        return markSpans;
    }

    /**
     * Marks the span of a stored exemplar ({@link #EXEMPLAR_MARK}) while it is recording. Called by
     * the reservoir after it released the slot's lock, never under it: a span's
     * {@code setAttribute} takes the span's own lock and may run span processors, which may block or
     * record measurements (those offer no exemplar: the reservoir's re-entrancy guard). A failure to
     * mark is ignored; the exemplar is stored anyway.
     */
    @Override
    public void afterStore(final Context context) {
        if (!markSpans || context == null) {
            return;
        }
        final Span span = Span.fromContext(context);
        if (span.isRecording()) {
            try {
                span.setAttribute(EXEMPLAR_MARK, true);
            } catch (final RuntimeException ignored) {
                // a span implementation that throws keeps its exemplar, unmarked
            }
        }
    }

    private static SpanContext spanContext(final Context context) {
        // Span.fromContext maps a context without a span to the invalid span; a null context is
        // checked here because Span.fromContext would also report it to the API-usage logger.
        return context == null ? SpanContext.getInvalid() : Span.fromContext(context).getSpanContext();
    }

    @Override
    public String toString() {
        return "SpanContextCapturer{" + (sampledSpansOnly ? "sampled spans only" : "all")
            + (byReference ? ", ids by reference" : "") + (markSpans ? ", marking spans" : "") + '}';
    }
}
