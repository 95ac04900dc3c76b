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
 * <p>With a {@link Retention} the ring holds a second bank of one slot per bucket (the previous
 * interval's picks) and a trailer slot (the rotation mark), {@code 2 * buckets + 1} slots in all;
 * the current bank stays at slots {@code 0..buckets-1}, so the offer path is the same with or
 * without retention, and only collection differs ({@link SlotRing#collectAlignedRetaining}).
 *
 * @param <C> the caller's measurement context type
 */
abstract class AlignedBucketReservoir<C> implements ExemplarReservoir<C> {
    final BucketBoundaries boundaries;
    final ExemplarCapturer<C> capturer;
    final SeriesFilter<C> filter;
    final Retention retention;
    /** The filter's {@link SeriesFilter#observedKeyBound()}, read once: the reject path compares to it. */
    final long observedKeyBound;
    final SlotRing ring;

    AlignedBucketReservoir(final SlotArena arena, final BucketBoundaries boundaries,
                           final ExemplarCapturer<C> capturer, final SeriesFilter<C> filter) {
        this(arena, boundaries, capturer, filter, Retention.none());
    }

    /**
     * @throws IllegalArgumentException when an argument is null, or the ring ({@code buckets}
     *                                  slots, {@code 2 * buckets + 1} with retention) does not fit
     *                                  one slab of the arena (the message names the counts)
     */
    AlignedBucketReservoir(final SlotArena arena, final BucketBoundaries boundaries,
                           final ExemplarCapturer<C> capturer, final SeriesFilter<C> filter,
                           final Retention retention) {
        this.boundaries = ReservoirArguments.requireNonNull(boundaries, "boundaries");
        this.capturer = ReservoirArguments.requireNonNull(capturer, "capturer");
        this.filter = ReservoirArguments.requireNonNull(filter, "filter");
        this.retention = ReservoirArguments.requireNonNull(retention, "retention");
        this.observedKeyBound = filter.observedKeyBound();
        ReservoirArguments.requireNonNull(arena, "arena");
        final int slots = ringSlots(boundaries.bucketCount(), retention);
        if (slots > arena.maxRingSlots()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " with " + boundaries.bucketCount()
                + " buckets needs " + slots + " slots" + (retention.retains() ? " (two per bucket and a trailer, "
                + "for retention)" : "") + ", more than the arena's slab of " + arena.maxRingSlots());
        }
        // A retaining ring's lease lasts at least twice its maxAge unrenewed (LeaseExpiry).
        this.ring = arena.newRing(this, slots, LeaseExpiry.forRetention(retention, 0L));
    }

    /**
     * @param buckets   the bucket count
     * @param retention the reservoir's retention
     * @return the slots one aligned reservoir leases: one per bucket, or with retention two per
     *     bucket and the rotation mark's trailer
     */
    static int ringSlots(final int buckets, final Retention retention) {
        return retention.retains() ? 2 * buckets + 1 : buckets;
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
        if (!retention.retains()) {
            return ring.collectEachSlot(visitor, state, reset);
        }
        final long now = retention.nowEpochNanos();
        return ring.collectAlignedRetaining(visitor, state, boundaries.bucketCount(), reset,
            retention.intervalAt(now), retention.notBefore(now));
    }

    /**
     * @return the boundaries this reservoir aligns to
     */
    public final BucketBoundaries boundaries() {
        return boundaries;
    }

    @Override
    public final int capacity() {
        return boundaries.bucketCount();
    }

    /**
     * @return how non-resetting collections keep this reservoir's exemplars ({@link Retention#none()} for none)
     */
    public final Retention retention() {
        return retention;
    }

    @Override
    public final void close() {
        ring.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{boundaries=" + boundaries
            + (retention.retains() ? ", " + retention : "") + '}';
    }
}
