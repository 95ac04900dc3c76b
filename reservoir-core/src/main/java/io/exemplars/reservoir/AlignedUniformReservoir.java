package io.exemplars.reservoir;

import static io.exemplars.reservoir.SlotLayout.FLAG_LONG_VALUE;
import static io.exemplars.reservoir.SlotLayout.KEY_OFFSET;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;

/**
 * One exemplar per histogram bucket, each a uniform random pick among the bucket's offers since
 * the last reset: the OpenTelemetry {@code AlignedHistogramBucketExemplarReservoir}, sampled
 * honestly.
 *
 * <p>Each bucket is one off-heap slot holding the kept offer's random key. An offer draws a key and
 * loses unless it is below the slot's key: that reject path is a random draw, the bucket lookup,
 * one acquire read and a compare, with no write to shared memory, so recording threads do not
 * contend. A winner is checked against the capturer's filter, locks only its bucket's slot,
 * re-checks its key and stores its payload. Because the kept offer is the one with the smallest key,
 * the result is independent of arrival order and thread interleaving: no bias toward the start or
 * the end of the interval. Expected accepts per bucket and interval: {@code 1 + ln(n)}.
 *
 * <p>Bucket semantics are those of {@link BucketBoundaries}; NaN is dropped, infinities go to the
 * first or last bucket, {@code -0.0} is stored as {@code 0.0}. Thread-safe.
 *
 * @param <C> the caller's measurement context type
 */
public final class AlignedUniformReservoir<C> extends AlignedBucketReservoir<C> {
    /** The winner path's write, bound once here so that offering allocates nothing. */
    private final LockedSlotWriter<C> keepIfSmallest = this::keepIfSmallest;

    private AlignedUniformReservoir(final SlotArena arena, final BucketBoundaries boundaries,
                                    final ExemplarCapturer<C> capturer, final SeriesFilter<C> filter,
                                    final Retention retention) {
        super(arena, boundaries, capturer, filter, retention);
    }

    /**
     * @param arena      where the reservoir's slots are carved from
     * @param boundaries the histogram's bucket boundaries
     * @param capturer   reads the payload of a kept offer from the caller's context
     * @param <C>        the caller's measurement context type
     * @return a new, empty reservoir with one slot per bucket
     * @throws IllegalArgumentException if an argument is null or the arena's slabs are smaller than
     *                                  the bucket count
     * @throws IllegalStateException    if the JVM refuses the arena's first direct memory (its placeholders)
     */
    public static <C> AlignedUniformReservoir<C> create(final SlotArena arena, final BucketBoundaries boundaries,
                                                        final ExemplarCapturer<C> capturer) {
        return new AlignedUniformReservoir<>(arena, boundaries, capturer, SeriesFilter.acceptAll(), Retention.none());
    }

    /**
     * @param arena      where the reservoir leases its slots
     * @param boundaries the histogram's bucket boundaries
     * @param capturer   reads the payload of a kept offer from the caller's context
     * @param filter     this series' own filter, asked about each draw winner after the capturer's
     * @param <C>        the caller's measurement context type
     * @return a new, empty reservoir with one slot per bucket
     * @throws IllegalArgumentException if an argument is null or the arena's slabs are smaller than
     *                                  the bucket count
     */
    public static <C> AlignedUniformReservoir<C> create(final SlotArena arena, final BucketBoundaries boundaries,
                                                        final ExemplarCapturer<C> capturer,
                                                        final SeriesFilter<C> filter) {
        return new AlignedUniformReservoir<>(arena, boundaries, capturer, filter, Retention.none());
    }

    /**
     * With retention: non-resetting collections keep each bucket's pick across collections, as
     * {@link Retention} describes for the fixed-size reservoirs, bucket by bucket (each bucket
     * keeps its current pick, uniform among its offers since its last rotation, and its previous
     * one; a collection exports, per bucket, the current pick if it is no older than
     * {@code maxAge}, else the previous one if that is). The offer path is unchanged.
     *
     * @param arena      where the reservoir leases its slots
     * @param boundaries the histogram's bucket boundaries
     * @param capturer   reads the payload of a kept offer from the caller's context
     * @param filter     this series' own filter, asked about each draw winner after the capturer's
     * @param retention  how non-resetting collections keep exemplars ({@link Retention#none()} for none)
     * @param <C>        the caller's measurement context type
     * @return a new, empty reservoir; it leases one slot per bucket, with retention two per bucket and one more
     * @throws IllegalArgumentException if an argument is null or the ring does not fit one of the arena's slabs
     */
    public static <C> AlignedUniformReservoir<C> create(final SlotArena arena, final BucketBoundaries boundaries,
                                                        final ExemplarCapturer<C> capturer,
                                                        final SeriesFilter<C> filter, final Retention retention) {
        return new AlignedUniformReservoir<>(arena, boundaries, capturer, filter, retention);
    }

    /**
     * Offers a {@code double} measurement whose bucket the caller already knows, skipping the
     * lookup. An index outside {@code [0, bucketCount)} or a NaN value is dropped.
     *
     * @param bucketIndex the bucket, as {@link BucketBoundaries#bucketIndex} would compute it
     * @param value       the measurement
     * @param attributes  the measurement's attribute reference (may be null)
     * @param context     the caller's measurement context
     */
    public void offerDoubleToBucket(final int bucketIndex, final double value, final Object attributes,
                                    final C context) {
        if (value != value || bucketIndex < 0 || bucketIndex >= boundaries.bucketCount()) {
            return;
        }
        offerToSlot(bucketIndex, value, Double.doubleToRawLongBits(value + 0.0), 0, attributes, context);
    }

    /**
     * Offers a {@code long} measurement whose bucket the caller already knows. An index outside
     * {@code [0, bucketCount)} is dropped.
     *
     * @param bucketIndex the bucket
     * @param value       the measurement
     * @param attributes  the measurement's attribute reference (may be null)
     * @param context     the caller's measurement context
     */
    public void offerLongToBucket(final int bucketIndex, final long value, final Object attributes,
                                  final C context) {
        if (bucketIndex < 0 || bucketIndex >= boundaries.bucketCount()) {
            return;
        }
        offerToSlot(bucketIndex, (double) value, value, FLAG_LONG_VALUE, attributes, context);
    }

    @Override
    void offerToSlot(final int bucket, final double value, final long valueBits, final int valueFlags,
                     final Object attributes, final C context) {
        final long key = SampleKeys.next();
        if (key < observedKeyBound) {
            ReservoirArguments.observe(filter, value); // the filter's thinned sample, picked by the key
        }
        if (key >= keptKey(bucket)) {
            return; // the reject path: nothing written, no lock, no capture
        }
        ring.offerWinner(bucket, keepIfSmallest, false, capturer, filter, value, key, valueBits, valueFlags,
            attributes, context);
    }

    /** Under the bucket's lock: keep the candidate if its key is still the smallest. */
    private void keepIfSmallest(final SlotMemory memory, final int base, final int bucket, final long key,
                            final long valueBits, final int valueFlags, final Object attributes, final C context) {
        final int offset = base + bucket * SLOT_LENGTH;
        // Re-check under the lock: another thread may have stored a smaller key since our read.
        if (key < memory.getLong(offset + KEY_OFFSET)) {
            SlotRing.store(memory, offset, key, valueBits, valueFlags, attributes, context, capturer);
        }
    }
}
