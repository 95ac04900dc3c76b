package io.exemplars.reservoir;

import static io.exemplars.reservoir.SlotLayout.EMPTY_KEY;
import static io.exemplars.reservoir.SlotLayout.HEADER_REJECT_SCALE_OFFSET;
import static io.exemplars.reservoir.SlotLayout.KEY_OFFSET;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;
import static io.exemplars.reservoir.SlotLayout.VALUE_OFFSET;

/**
 * The fixed-size bottom-k engine behind {@link FixedSizeUniformReservoir},
 * {@link SlowestValuesReservoir} and {@link ValueWeightedReservoir}: it keeps the {@code k}
 * eligible offers with the smallest keys since the last reset. The reservoirs differ only in the
 * key they compute for an offer (a random draw, the value in reversed order, an exponential key
 * scaled by the value); the engine never looks at how a key was made.
 *
 * <h2>Ring</h2>
 * One header line, then {@code k} data slots (the current pick), then, with a {@link Retention},
 * {@code k} more (the previous interval's pick, see {@link SlotRing#collectRetaining}). The
 * header's seq word is the reservoir lock, its key word the threshold (the largest kept key,
 * {@link SlotLayout#EMPTY_KEY} while a data slot is free), its value word the tie count (below).
 *
 * <h2>Reject path</h2>
 * {@code key > threshold}: return. One acquire read and a compare, nothing written. A key equal to
 * the threshold goes on to the winner path, because equal keys are real for value-derived keys
 * (two requests of the same duration).
 *
 * <h2>Ties, exactly</h2>
 * The kept set is the bottom-k of the interval's (key, independent uniform tie-breaker) pairs
 * compared lexicographically, without storing tie-breakers: while the reservoir is full, the
 * header counts {@code c}, the eligible offers of the interval whose key equals the threshold
 * {@code T}, and {@code m} slots hold {@code T}. The {@code m} kept ones are a uniform
 * {@code m}-subset of those {@code c} (Algorithm R on the tied offers): a new offer with key
 * {@code T} raises {@code c} and replaces a uniformly chosen tied slot with probability
 * {@code m / c}; a smaller key evicts a uniformly chosen tied slot (a uniform subset minus a
 * uniform member is a uniform subset). When the threshold moves down to a new value {@code T'},
 * every offer with key {@code T'} seen so far is still kept (the threshold never exceeded it), so
 * {@code c = m}. For random 63-bit keys ties have probability {@code 2^-63}: the uniform reservoir
 * pays nothing for this.
 *
 * <p>Thread-safe; winners serialise on the header lock (accepts are rare: about
 * {@code k (1 + ln(n/k))} per interval for random keys, fewer or more for value keys depending
 * on the order values arrive in).
 *
 * @param <C> the caller's measurement context type
 */
final class BottomKEngine<C> implements LockedSlotWriter<C> {
    /** Slot 0 of the ring is the header; data slots are 1..k (and k+1..2k: the previous pick). */
    private static final int HEADER_SLOT = 0;
    /** In the header line: the number of eligible offers of the interval whose key equals the threshold. */
    private static final int TIE_COUNT_OFFSET = VALUE_OFFSET;
    /** {@link #nthSlotHolding}'s answer when no such data slot exists (slot 0 is the header, never a data slot). */
    private static final int NO_SLOT = HEADER_SLOT;

    private final int size;
    private final ExemplarCapturer<C> capturer;
    private final SeriesFilter<C> filter;
    /** The filter's {@link SeriesFilter#observedKeyBound()}, read once: the offer path compares to it. */
    private final long observedKeyBound;
    private final Retention retention;
    private final SlotRing ring;
    /** Whether keys are {@link ValueKeys#weighted}: the threshold's reject scale is then published with it. */
    private final boolean publishesRejectScale;

    /**
     * @param owner         the public reservoir (its reachability frees the ring through the arena's cleaner)
     * @param reservoirName the reservoir's name, for messages
     * @param arena         where the ring leases its slots
     * @param size          k, at least 1; {@code 1 + k} slots (with retention {@code 1 + 2k}) must fit a slab
     * @param capturer      reads the payload of a kept offer
     * @param filter        the series filter, asked about each winner
     * @param retention     how non-resetting collections keep the picks
     * @throws IllegalArgumentException naming the bad size, or when an argument is null
     */
    BottomKEngine(final Object owner, final String reservoirName, final SlotArena arena, final int size,
                  final ExemplarCapturer<C> capturer, final SeriesFilter<C> filter, final Retention retention,
                  final boolean weightedKeys) {
        ReservoirArguments.requireNonNull(arena, "arena");
        this.retention = ReservoirArguments.requireNonNull(retention, "retention");
        final int banks = retention.retains() ? 2 : 1;
        final int largest = (arena.maxRingSlots() - 1) / banks;
        if (size < 1 || size > largest) {
            throw new IllegalArgumentException(reservoirName + " size must be in [1, " + largest + "] (the arena's "
                + "slab of " + arena.maxRingSlots() + " slots less one header slot"
                + (banks == 2 ? ", halved for the retained previous pick" : "") + "), was " + size);
        }
        this.size = size;
        this.capturer = ReservoirArguments.requireNonNull(capturer, "capturer");
        this.filter = ReservoirArguments.requireNonNull(filter, "filter");
        this.observedKeyBound = filter.observedKeyBound();
        // A retaining ring's lease lasts at least twice its maxAge unrenewed (LeaseExpiry).
        this.ring = arena.newRing(owner, 1 + banks * size, LeaseExpiry.forRetention(retention, 0L));
        this.publishesRejectScale = weightedKeys;
    }

    /** @return whether the series filter observes any offers (only then does a key-less reservoir draw) */
    boolean observes() {
        return observedKeyBound >= 0;
    }

    /**
     * Shows the offer to the series filter when {@code draw}, a uniform 63-bit number the offer
     * drew anyway, falls below the filter's bound: the filter's thinned sample, with no extra draw.
     */
    void observeIfDrawn(final long draw, final double value) {
        if (draw < observedKeyBound) {
            ReservoirArguments.observe(filter, value);
        }
    }

    /**
     * @return the threshold's {@link ValueKeys#weightedRejectScale reject scale} (weighted keys
     *     only), read with acquire semantics as the threshold is; {@link ValueKeys#NO_REJECT_SCALE}
     *     while the threshold has none (a new lease, after a reset, a placeholder). A reader that sees
     *     an older scale than the threshold's sees one of a larger threshold within the interval
     *     (the threshold only falls), which rejects less; across a reset, one of the last interval,
     *     exactly as a reader of the threshold itself may: at most one candidate wrongly rejected
     *     while the reset is under way.
     */
    double rejectScale() {
        return Double.longBitsToDouble(ring.memory().getLongAcquire(ring.base() + HEADER_REJECT_SCALE_OFFSET));
    }

    /**
     * Offers a measurement whose key the reservoir has computed.
     *
     * @param key        lower wins; never {@link SlotLayout#CLOSED_KEY} ({@link SlotLayout#EMPTY_KEY} is never kept)
     * @param value      the measurement as a {@code double}, for the series filter
     * @param valueBits  the raw value ({@code double} bits or a {@code long})
     * @param valueFlags {@link SlotLayout#FLAG_LONG_VALUE} or 0
     * @param attributes the measurement's attribute reference
     * @param context    the caller's measurement context
     */
    void offer(final long key, final double value, final long valueBits, final int valueFlags,
               final Object attributes, final C context) {
        if (key > ring.memory().getLongAcquire(ring.base() + KEY_OFFSET)) {
            return; // the reject path: the header's threshold (or a placeholder's key)
        }
        if (key != EMPTY_KEY) {
            ring.offerWinner(HEADER_SLOT, this, false, capturer, filter, value, key, valueBits, valueFlags, attributes,
                context);
        }
    }

    /** Under the header lock: the candidate enters the current pick if it belongs to the bottom-k (see the class doc). */
    @Override
    public void writeLocked(final SlotMemory memory, final int base, final int header, final long key,
                            final long valueBits, final int valueFlags, final Object attributes, final C context) {
        final long threshold = memory.getLong(base + KEY_OFFSET);
        if (key > threshold) {
            return;
        }
        if (threshold == EMPTY_KEY) { // a free slot: every eligible offer so far is kept
            if (store(memory, base, nthSlotHolding(memory, base, EMPTY_KEY, 0), key, valueBits, valueFlags,
                attributes, context)) {
                publishThreshold(memory, base);
            }
            return;
        }
        // One pass: how many data slots hold the threshold, and the first of them (the victim
        // when it is the only one, as it always is for random keys).
        int tied = 0;
        int firstTied = NO_SLOT;
        for (int slot = size; slot >= 1; slot--) {
            if (memory.getLong(base + slot * SLOT_LENGTH + KEY_OFFSET) == threshold) {
                tied++;
                firstTied = slot;
            }
        }
        if (tied == 0) {
            return; // no data slot holds the threshold: never so under the lock; drop rather than guess
        }
        if (key < threshold) {
            final int victim = tied == 1 ? firstTied
                : nthSlotHolding(memory, base, threshold, SamplingRandom.nextInt(tied));
            if (store(memory, base, victim, key, valueBits, valueFlags, attributes, context) && tied == 1) {
                publishThreshold(memory, base);
            }
            return;
        }
        final long seen = memory.getLong(base + TIE_COUNT_OFFSET) + 1; // key == threshold
        memory.putLong(base + TIE_COUNT_OFFSET, seen);
        if (SamplingRandom.nextLong(seen) < tied) {
            store(memory, base, nthSlotHolding(memory, base, threshold, SamplingRandom.nextInt(tied)), key, valueBits,
                valueFlags, attributes, context);
        }
    }

    private boolean store(final SlotMemory memory, final int base, final int slot, final long key,
                          final long valueBits, final int valueFlags, final Object attributes, final C context) {
        return slot != NO_SLOT
            && SlotRing.store(memory, base + slot * SLOT_LENGTH, key, valueBits, valueFlags, attributes, context, capturer);
    }

    /** Under the lock, after the threshold slot changed: the new threshold, and its tie count {@code c = m}. */
    private void publishThreshold(final SlotMemory memory, final int base) {
        long largest = Long.MIN_VALUE;
        int holding = 0; // how many data slots hold the largest key so far: one pass, not two
        for (int slot = 1; slot <= size; slot++) {
            final long key = memory.getLong(base + slot * SLOT_LENGTH + KEY_OFFSET);
            if (key > largest) {
                largest = key;
                holding = 1;
            } else if (key == largest) {
                holding++;
            }
        }
        if (largest != EMPTY_KEY) {
            memory.putLong(base + TIE_COUNT_OFFSET, holding);
        }
        if (publishesRejectScale) { // before the threshold: never a scale of a lower threshold than the one seen
            memory.putLong(base + HEADER_REJECT_SCALE_OFFSET,
                Double.doubleToRawLongBits(ValueKeys.weightedRejectScale(largest)));
        }
        memory.putLongRelease(base + KEY_OFFSET, largest);
    }

    /**
     * The {@code n}-th (from 0) data slot of the current pick holding {@code key}; under the lock.
     * The header's threshold always names a key some data slot holds, so the search succeeds; it is
     * bounded by the pick's size all the same, because slot memory is read without bounds checks and
     * a walk past the run would read (and the caller then write) another series' slots.
     *
     * @return the slot, or {@link #NO_SLOT} when fewer than {@code n + 1} slots hold {@code key}
     */
    private int nthSlotHolding(final SlotMemory memory, final int base, final long key, final int n) {
        int remaining = n;
        for (int slot = 1; slot <= size; slot++) {
            if (memory.getLong(base + slot * SLOT_LENGTH + KEY_OFFSET) == key && remaining-- == 0) {
                return slot;
            }
        }
        return NO_SLOT;
    }

    /**
     * @see ExemplarReservoir#collect
     */
    <S> int collect(final ExemplarVisitor<S> visitor, final S state, final boolean reset) {
        filter.onCollect(reset);
        if (reset || !retention.retains()) {
            return ring.collectUnderHeader(visitor, state, reset, size);
        }
        final long now = retention.nowEpochNanos();
        return ring.collectRetaining(visitor, state, size, retention.intervalAt(now), retention.notBefore(now));
    }

    int capacity() {
        return size;
    }

    Retention retention() {
        return retention;
    }

    void close() {
        ring.close();
    }
}
