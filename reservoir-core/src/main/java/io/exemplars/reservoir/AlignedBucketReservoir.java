package io.exemplars.reservoir;

import static io.exemplars.reservoir.SlotLayout.FLAG_LONG_VALUE;
import static io.exemplars.reservoir.SlotLayout.KEY_OFFSET;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;

/**
 * What every aligned reservoir shares: one slot per histogram bucket, the value-to-bucket
 * dispatch (NaN dropped, {@code -0.0} stored as {@code 0.0}), per-slot collection and the ring's
 * lifecycle. A subclass supplies only its sampling policy: {@link #offerToSlot}, and what to write
 * under the slot's lock ({@link LockedSlotWriter}), handed to {@link SlotRing#offerWinner}.
 *
 * @param <C> the caller's measurement context type
 */
abstract class AlignedBucketReservoir<C> implements ExemplarReservoir<C> {
    final BucketBoundaries boundaries;
    final ExemplarCapturer<C> capturer;
    final SeriesFilter<C> filter;
    /** The filter's {@link SeriesFilter#observedKeyBound()}, read once: the reject path compares to it. */
    final long observedKeyBound;
    final SlotRing ring;

    AlignedBucketReservoir(final SlotArena arena, final BucketBoundaries boundaries,
                           final ExemplarCapturer<C> capturer, final SeriesFilter<C> filter) {
        this.boundaries = ReservoirArguments.requireNonNull(boundaries, "boundaries");
        this.capturer = ReservoirArguments.requireNonNull(capturer, "capturer");
        this.filter = ReservoirArguments.requireNonNull(filter, "filter");
        this.observedKeyBound = filter.observedKeyBound();
        this.ring = ReservoirArguments.requireNonNull(arena, "arena").newRing(this, boundaries.bucketCount());
    }

    @Override
    public final void offerDouble(final double value, final Object attributes, final C context) {
        if (value != value) {
            return; // NaN: dropped, documented
        }
        offerToSlot(boundaries.bucketIndex(value), value, Double.doubleToRawLongBits(value + 0.0), 0, attributes,
            context);
    }

    @Override
    public final void offerLong(final long value, final Object attributes, final C context) {
        final double asDouble = (double) value;
        offerToSlot(boundaries.bucketIndex(asDouble), asDouble, value, FLAG_LONG_VALUE, attributes, context);
    }

    /**
     * The sampling policy: offer a measurement to its bucket's slot.
     *
     * @param bucket     the bucket, a valid slot index
     * @param value      the measurement as a {@code double}, for the series filter
     * @param valueBits  the raw value ({@code double} bits or a {@code long})
     * @param valueFlags {@link SlotLayout#FLAG_LONG_VALUE} or 0
     * @param attributes the measurement's attribute reference
     * @param context    the caller's measurement context
     */
    abstract void offerToSlot(int bucket, double value, long valueBits, int valueFlags, Object attributes, C context);

    /**
     * The reject path's one read: the key now kept in {@code bucket}'s slot, with acquire semantics.
     * A ring without slots reads its placeholder: every key empty (the candidate goes on and claims
     * slots) or, when refused or closed, every key closed (rejected).
     */
    final long keptKey(final int bucket) {
        return ring.memory().getLongAcquire(ring.base() + bucket * SLOT_LENGTH + KEY_OFFSET);
    }

    @Override
    public final <S> int collect(final ExemplarVisitor<S> visitor, final S state, final boolean reset) {
        filter.onCollect(reset);
        return ring.collectEachSlot(visitor, state, reset);
    }

    /**
     * @return the boundaries this reservoir aligns to
     */
    public final BucketBoundaries boundaries() {
        return boundaries;
    }

    @Override
    public final int capacity() {
        return ring.slots();
    }

    @Override
    public final void close() {
        ring.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{boundaries=" + boundaries + '}';
    }
}
