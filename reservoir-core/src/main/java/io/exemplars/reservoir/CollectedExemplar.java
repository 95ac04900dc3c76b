package io.exemplars.reservoir;

import static io.exemplars.reservoir.CollectScratch.EPOCH_NANOS_WORD;
import static io.exemplars.reservoir.CollectScratch.FLAGS_WORD;
import static io.exemplars.reservoir.CollectScratch.INDEX_WORD;
import static io.exemplars.reservoir.CollectScratch.SPAN_ID_WORD;
import static io.exemplars.reservoir.CollectScratch.TRACE_ID_HIGH_WORD;
import static io.exemplars.reservoir.CollectScratch.TRACE_ID_LOW_WORD;
import static io.exemplars.reservoir.CollectScratch.VALUE_WORD;
import static io.exemplars.reservoir.CollectScratch.WORDS_PER_EXEMPLAR;
import static io.exemplars.reservoir.SlotLayout.ATTRIBUTES_REFERENCE;
import static io.exemplars.reservoir.SlotLayout.CONTEXT_REFERENCE;
import static io.exemplars.reservoir.SlotLayout.FLAG_LONG_VALUE;
import static io.exemplars.reservoir.SlotLayout.REFERENCES_PER_SLOT;
import static io.exemplars.reservoir.SlotLayout.TRACE_FLAGS_MASK;

/**
 * A read-only flyweight over one collected exemplar.
 *
 * <p>It points at a private copy taken under the slot's lock, so every field it returns comes from
 * the same offer (never a torn mix of two), and the copy is not disturbed by offers that continue
 * while the visitor runs. The flyweight is reused for the next exemplar: it is valid only inside
 * {@link ExemplarVisitor#onExemplar}.
 */
public final class CollectedExemplar {
    /** The scratch's copied words and references; set when the scratch (re)allocates them. */
    private long[] words;
    private Object[] references;
    /** Where the current exemplar's words start in {@code words}. */
    private int offset;
    /** Where the current exemplar's references start in {@code references}. */
    private int referenceBase;

    CollectedExemplar() {
    }

    /** Points the flyweight at the scratch's arrays (once per allocation of them, not per exemplar). */
    void over(final long[] words, final Object[] references) {
        this.words = words;
        this.references = references;
    }

    /** Points the flyweight at the scratch's {@code position}-th copy. */
    CollectedExemplar at(final int position) {
        this.offset = position * WORDS_PER_EXEMPLAR;
        this.referenceBase = position * REFERENCES_PER_SLOT;
        return this;
    }

    /**
     * @return the bucket index for an aligned reservoir, the slot position for a fixed-size one
     */
    public int index() {
        return (int) words[offset + INDEX_WORD];
    }

    /**
     * @return {@code true} when the offer was a {@code long} measurement
     */
    public boolean isLongValue() {
        return ((int) words[offset + FLAGS_WORD] & FLAG_LONG_VALUE) != 0;
    }

    /**
     * @return the measurement as a {@code double} (a {@code long} measurement is converted)
     */
    public double doubleValue() {
        final long bits = words[offset + VALUE_WORD];
        return isLongValue() ? (double) bits : Double.longBitsToDouble(bits);
    }

    /**
     * @return the measurement as a {@code long} (a {@code double} measurement is cast)
     */
    public long longValue() {
        final long bits = words[offset + VALUE_WORD];
        return isLongValue() ? bits : (long) Double.longBitsToDouble(bits);
    }

    /**
     * @return the time the offer was accepted, in nanoseconds since the Unix epoch
     */
    public long epochNanos() {
        return words[offset + EPOCH_NANOS_WORD];
    }

    /**
     * @return the high 64 bits of the trace id (0 when none)
     */
    public long traceIdHigh() {
        return words[offset + TRACE_ID_HIGH_WORD];
    }

    /**
     * @return the low 64 bits of the trace id (0 when none)
     */
    public long traceIdLow() {
        return words[offset + TRACE_ID_LOW_WORD];
    }

    /**
     * @return the span id (0 when none)
     */
    public long spanId() {
        return words[offset + SPAN_ID_WORD];
    }

    /**
     * @return the W3C trace flags
     */
    public int traceFlags() {
        return (int) words[offset + FLAGS_WORD] & TRACE_FLAGS_MASK;
    }

    /**
     * @return {@code true} when both the trace id and the span id are non-zero (a valid span)
     */
    public boolean hasSpanContext() {
        return (traceIdHigh() != 0 || traceIdLow() != 0) && spanId() != 0;
    }

    /**
     * @return the attribute reference passed with the offer (may be {@code null})
     */
    public Object attributes() {
        return references[referenceBase + ATTRIBUTES_REFERENCE];
    }

    /**
     * @return the object the capturer's {@link ExemplarCapturer#contextReference} returned for this
     *     offer (for example its span context), or {@code null}
     */
    public Object contextReference() {
        return references[referenceBase + CONTEXT_REFERENCE];
    }

    @Override
    public String toString() {
        return "CollectedExemplar{index=" + index()
            + ", value=" + (isLongValue() ? Long.toString(longValue()) : Double.toString(doubleValue()))
            + ", epochNanos=" + epochNanos()
            + ", traceId=" + String.format("%016x%016x", traceIdHigh(), traceIdLow())
            + ", spanId=" + String.format("%016x", spanId())
            + ", traceFlags=" + traceFlags()
            + ", attributes=" + attributes() + '}';
    }
}
