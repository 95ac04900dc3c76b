package io.exemplars.reservoir;

import static io.exemplars.reservoir.SlotLayout.KEY_OFFSET;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;

/**
 * One exemplar per histogram bucket, each exactly the bucket's largest measurement since the last
 * reset (ties broken uniformly at random): the highest non-empty bucket always shows the series'
 * slowest request, and every exemplar survives OpenMetrics, which carries one per bucket line.
 *
 * <p>The key of an offer is its value in reversed order ({@link ValueKeys#largestFirst}, as
 * {@link SlowestValuesReservoir} uses), so the reject path is the aligned one with no random draw:
 * the bucket lookup, one acquire read of the bucket slot's key and a compare, nothing written. A
 * measurement below the bucket's kept one is rejected there; an equal one goes on to the winner
 * path, where the tie is broken exactly.
 *
 * <h2>Ties, exactly</h2>
 * {@link BottomKEngine}'s rule for {@code k = 1} (Algorithm R on the tied offers): per bucket, the
 * number {@code c} of eligible offers of the interval whose value equals the kept one is counted
 * under the bucket slot's lock; a new equal offer replaces the kept one with probability
 * {@code 1 / c}, a larger one replaces it and sets {@code c = 1}. So among equal largest values
 * each is kept with probability {@code 1 / c}. The counts live on-heap in a {@code long[]} of one
 * entry per bucket, read and written only under that bucket's slot lock (so with the lease's
 * tag checked); a count is only read when the slot holds the candidate's own key, which means it
 * was written with that key under the same lease, so a count from an earlier interval is never
 * read: every interval's first store into a slot is of a key below the empty key, and sets it.
 * Integer-valued measurements (a {@code long} histogram in milliseconds) tie often: each offer
 * equal to its bucket's largest pays the winner path, as with {@code slowest(k)}.
 *
 * <p>Values: NaN is dropped; {@code +Infinity} goes to the last bucket and is its largest,
 * {@code -Infinity} to the first; {@code -0.0} is {@code 0.0} (and stored as {@code 0.0});
 * {@code long} measurements are ordered by their {@code double} value (exact up to {@code 2^53}),
 * the exported value always the exact one. Accepts per bucket and interval: about
 * {@code 1 + ln(n)} for values in random order, every offer for a bucket whose values only grow.
 * With a {@link Retention}, non-resetting collections keep each bucket's pick as
 * {@link AlignedUniformReservoir#create(SlotArena, BucketBoundaries, ExemplarCapturer, SeriesFilter, Retention)}
 * describes. Thread-safe.
 *
 * @param <C> the caller's measurement context type
 */
public final class AlignedSlowestReservoir<C> extends AlignedBucketReservoir<C> {
    /** The winner path's write, bound once here so that offering allocates nothing. */
    private final LockedSlotWriter<C> keepIfLargest = this::keepIfLargest;
    /**
     * Per bucket: the eligible offers of the interval equal to the kept one ({@code c} above).
     * Guarded by the bucket slot's lock; a plain array, since a lock's acquire and release order
     * every access.
     */
    private final long[] tiesSeen;

    private AlignedSlowestReservoir(final SlotArena arena, final BucketBoundaries boundaries,
                                    final ExemplarCapturer<C> capturer, final SeriesFilter<C> filter,
                                    final Retention retention) {
        super(arena, boundaries, capturer, filter, retention);
        this.tiesSeen = new long[boundaries.bucketCount()];
    }

    /**
     * @param arena      where the reservoir leases its slots
     * @param boundaries the histogram's bucket boundaries
     * @param capturer   reads the payload of a kept offer from the caller's context
     * @param <C>        the caller's measurement context type
     * @return a new, empty reservoir with one slot per bucket
     * @throws IllegalArgumentException if an argument is null or the arena's slabs are smaller than
     *                                  the bucket count
     */
    public static <C> AlignedSlowestReservoir<C> create(final SlotArena arena, final BucketBoundaries boundaries,
                                                        final ExemplarCapturer<C> capturer) {
        return new AlignedSlowestReservoir<>(arena, boundaries, capturer, SeriesFilter.acceptAll(), Retention.none());
    }

    /**
     * @param arena      where the reservoir leases its slots
     * @param boundaries the histogram's bucket boundaries
     * @param capturer   reads the payload of a kept offer from the caller's context
     * @param filter     this series' own filter, asked about each winner after the capturer's; it
     *                   observes the offers whose own uniform draw falls below its bound (drawn
     *                   only when the filter observes)
     * @param retention  how non-resetting collections keep exemplars ({@link Retention#none()} for none)
     * @param <C>        the caller's measurement context type
     * @return a new, empty reservoir; it leases one slot per bucket, with retention two per bucket and one more
     * @throws IllegalArgumentException if an argument is null or the ring does not fit one of the arena's slabs
     */
    public static <C> AlignedSlowestReservoir<C> create(final SlotArena arena, final BucketBoundaries boundaries,
                                                        final ExemplarCapturer<C> capturer,
                                                        final SeriesFilter<C> filter, final Retention retention) {
        return new AlignedSlowestReservoir<>(arena, boundaries, capturer, filter, retention);
    }

    @Override
    void offerToSlot(final int bucket, final double value, final long valueBits, final int valueFlags,
                     final Object attributes, final C context) {
        if (observedKeyBound >= 0 && SampleKeys.next() < observedKeyBound) {
            ReservoirArguments.observe(filter, value); // the key is the value: a draw only for the filter
        }
        // Never NaN here (dropped by the dispatch); + 0.0 turns -0.0 into 0.0, as the stored bits are
        final long key = ValueKeys.largestFirst(value + 0.0);
        if (key > keptKey(bucket)) {
            return; // the reject path: a smaller value than the kept one (or a closed ring); nothing written
        }
        ring.offerWinner(bucket, keepIfLargest, false, capturer, filter, value, key, valueBits, valueFlags,
            attributes, context);
    }

    /** Under the bucket's lock: keep the candidate if it is larger, or, when equal, with probability 1 / c. */
    private void keepIfLargest(final SlotMemory memory, final int base, final int bucket, final long key,
                               final long valueBits, final int valueFlags, final Object attributes, final C context) {
        final int offset = base + bucket * SLOT_LENGTH;
        final long kept = memory.getLong(offset + KEY_OFFSET);
        if (key < kept) {
            if (SlotRing.store(memory, offset, key, valueBits, valueFlags, attributes, context, capturer)) {
                tiesSeen[bucket] = 1;
            }
        } else if (key == kept) {
            final long seen = tiesSeen[bucket] + 1;
            tiesSeen[bucket] = seen;
            if (SamplingRandom.nextLong(seen) == 0) {
                SlotRing.store(memory, offset, key, valueBits, valueFlags, attributes, context, capturer);
            }
        }
    }
}
