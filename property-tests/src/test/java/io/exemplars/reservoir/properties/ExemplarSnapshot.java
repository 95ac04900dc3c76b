package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.CollectedExemplar;
import io.exemplars.reservoir.ExemplarVisitor;

import java.util.List;

/**
 * A copy of one collected exemplar, every field read once from the collect's flyweight (which is
 * valid only inside the visitor), so the properties can inspect it afterwards.
 *
 * @param index       the bucket (aligned) or slot position (fixed size)
 * @param longValue   whether the measurement was a {@code long}
 * @param asLong      the measurement as a {@code long}, as {@link CollectedExemplar#longValue()}
 * @param asDouble    the measurement as a {@code double}, as {@link CollectedExemplar#doubleValue()}
 * @param epochNanos  the capture time
 * @param traceIdHigh the high half of the trace id
 * @param traceIdLow  the low half of the trace id
 * @param spanId      the span id
 * @param traceFlags  the W3C trace flags
 * @param attributes  the attribute reference (an {@link Offer} in every property)
 */
record ExemplarSnapshot(int index, boolean longValue, long asLong, double asDouble, long epochNanos,
                        long traceIdHigh, long traceIdLow, long spanId, int traceFlags, Object attributes) {

    /** Appends a snapshot of each visited exemplar to the list passed as the collect's state. */
    static final ExemplarVisitor<List<ExemplarSnapshot>> INTO_LIST = (list, exemplar) -> list.add(copyOf(exemplar));

    private static final int W3C_TRACE_FLAGS_MASK = 0xFF;

    /**
     * @param exemplar a collect's flyweight
     * @return its fields, copied
     */
    static ExemplarSnapshot copyOf(final CollectedExemplar exemplar) {
        return new ExemplarSnapshot(exemplar.index(), exemplar.isLongValue(), exemplar.longValue(),
            exemplar.doubleValue(), exemplar.epochNanos(), exemplar.traceIdHigh(), exemplar.traceIdLow(),
            exemplar.spanId(), exemplar.traceFlags(), exemplar.attributes());
    }

    /**
     * What a correct reservoir hands out for {@code offer} kept at {@code index}: the value with the
     * conversions of {@link CollectedExemplar} ({@code -0.0} stored as {@code 0.0}), every id from the
     * offer, and the offer as the attributes.
     *
     * @param index the bucket or slot the exemplar sits in
     * @param offer the kept offer
     * @return the exemplar a reservoir should hand out for it
     */
    static ExemplarSnapshot of(final int index, final Offer offer) {
        final long asLong = offer.isLong() ? offer.longValue() : (long) offer.doubleValue();
        final double asDouble = offer.isLong() ? (double) offer.longValue() : offer.doubleValue() + 0.0;
        return new ExemplarSnapshot(index, offer.isLong(), asLong, asDouble, offer.epochNanos(),
            offer.traceIdHigh(), offer.traceIdLow(), offer.spanId(), offer.traceFlags() & W3C_TRACE_FLAGS_MASK,
            offer);
    }

    /**
     * @return the offer named by the attributes
     * @throws ClassCastException if the attributes are not an offer
     */
    Offer offer() {
        return (Offer) attributes;
    }
}
