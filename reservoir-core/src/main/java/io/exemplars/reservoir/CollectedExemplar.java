package io.exemplars.reservoir;

import org.agrona.DirectBuffer;

import static io.exemplars.reservoir.SlotLayout.EPOCH_NANOS_OFFSET;
import static io.exemplars.reservoir.SlotLayout.FLAGS_OFFSET;
import static io.exemplars.reservoir.SlotLayout.FLAG_LONG_VALUE;
import static io.exemplars.reservoir.SlotLayout.SPAN_ID_OFFSET;
import static io.exemplars.reservoir.SlotLayout.TRACE_FLAGS_MASK;
import static io.exemplars.reservoir.SlotLayout.TRACE_ID_HIGH_OFFSET;
import static io.exemplars.reservoir.SlotLayout.TRACE_ID_LOW_OFFSET;
import static io.exemplars.reservoir.SlotLayout.VALUE_OFFSET;

/**
 * A read-only flyweight over one collected exemplar.
 *
 * <p>It points at a private copy taken under the slot's lock, so every field it returns comes from
 * the same offer (never a torn mix of two), and the copy is not disturbed by offers that continue
 * while the visitor runs. The flyweight is reused for the next exemplar: it is valid only inside
 * {@link ExemplarVisitor#onExemplar}.
 */
public final class CollectedExemplar {
    private DirectBuffer buffer;
    private int offset;
    private int index;
    private Object attributes;
    private Object contextReference;

    CollectedExemplar() {
    }

    CollectedExemplar wrap(final DirectBuffer buffer, final int offset, final int index, final Object attributes,
                           final Object contextReference) {
        this.buffer = buffer;
        this.offset = offset;
        this.index = index;
        this.attributes = attributes;
        this.contextReference = contextReference;
        return this;
    }

    /**
     * @return the bucket index for an aligned reservoir, the slot position for a fixed-size one
     */
    public int index() {
        return index;
    }

    /**
     * @return {@code true} when the offer was a {@code long} measurement
     */
    public boolean isLongValue() {
        return (buffer.getInt(offset + FLAGS_OFFSET) & FLAG_LONG_VALUE) != 0;
    }

    /**
     * @return the measurement as a {@code double} (a {@code long} measurement is converted)
     */
    public double doubleValue() {
        final long bits = buffer.getLong(offset + VALUE_OFFSET);
        return isLongValue() ? (double) bits : Double.longBitsToDouble(bits);
    }

    /**
     * @return the measurement as a {@code long} (a {@code double} measurement is cast)
     */
    public long longValue() {
        final long bits = buffer.getLong(offset + VALUE_OFFSET);
        return isLongValue() ? bits : (long) Double.longBitsToDouble(bits);
    }

    /**
     * @return the time the offer was accepted, in nanoseconds since the Unix epoch
     */
    public long epochNanos() {
        return buffer.getLong(offset + EPOCH_NANOS_OFFSET);
    }

    /**
     * @return the high 64 bits of the trace id (0 when none)
     */
    public long traceIdHigh() {
        return buffer.getLong(offset + TRACE_ID_HIGH_OFFSET);
    }

    /**
     * @return the low 64 bits of the trace id (0 when none)
     */
    public long traceIdLow() {
        return buffer.getLong(offset + TRACE_ID_LOW_OFFSET);
    }

    /**
     * @return the span id (0 when none)
     */
    public long spanId() {
        return buffer.getLong(offset + SPAN_ID_OFFSET);
    }

    /**
     * @return the W3C trace flags
     */
    public int traceFlags() {
        return buffer.getInt(offset + FLAGS_OFFSET) & TRACE_FLAGS_MASK;
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
        return attributes;
    }

    /**
     * @return the object the capturer's {@link ExemplarCapturer#contextReference} returned for this
     *     offer (for example its span context), or {@code null}
     */
    public Object contextReference() {
        return contextReference;
    }

    @Override
    public String toString() {
        return "CollectedExemplar{index=" + index
            + ", value=" + (isLongValue() ? Long.toString(longValue()) : Double.toString(doubleValue()))
            + ", epochNanos=" + epochNanos()
            + ", traceId=" + String.format("%016x%016x", traceIdHigh(), traceIdLow())
            + ", spanId=" + String.format("%016x", spanId())
            + ", traceFlags=" + traceFlags()
            + ", attributes=" + attributes + '}';
    }
}
