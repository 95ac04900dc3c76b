package io.exemplars.reservoir;

/**
 * One exemplar per histogram bucket, always the most recent offer: the behaviour of the
 * OpenTelemetry Java and .NET SDKs' aligned-bucket reservoirs, kept for compatibility and as the
 * baseline the uniform reservoir is measured against.
 *
 * <p>This is <b>not</b> a uniform sample: the exemplar always comes from the end of the interval,
 * and every eligible offer writes the payload, so it costs far more than
 * {@link AlignedUniformReservoir}. Prefer the uniform reservoir unless you need the last-seen
 * semantics.
 *
 * <p>An offer tries its bucket's slot lock once and, when another thread holds it (a concurrent
 * offer to the same bucket, or a collection), skips its store instead of waiting, as the .NET SDK
 * does: the concurrent offer is just as recent, so "last seen" keeps its meaning (the kept offer
 * is one of the last ones, not necessarily the very last under contention), and recording threads
 * never wait for one another. Stores still happen only under the lock, so an exemplar is never
 * torn.
 *
 * <p>Bucket semantics, NaN and infinities as for {@link AlignedUniformReservoir}. Thread-safe.
 *
 * @param <C> the caller's measurement context type
 */
public final class AlignedLastSeenReservoir<C> extends AlignedBucketReservoir<C> {
    /** Any key below {@link SlotLayout#EMPTY_KEY} marks the slot as holding an exemplar. */
    private static final long LAST_SEEN_KEY = 0L;

    /** The winner path's write, bound once here so that offering allocates nothing. */
    private final LockedSlotWriter<C> replace = this::replace;

    private AlignedLastSeenReservoir(final SlotArena arena, final BucketBoundaries boundaries,
                                     final ExemplarCapturer<C> capturer, final SeriesFilter<C> filter) {
        super(arena, boundaries, capturer, filter);
    }

    /**
     * @param arena      where the reservoir's slots are carved from
     * @param boundaries the histogram's bucket boundaries
     * @param capturer   reads the payload of each offer from the caller's context
     * @param <C>        the caller's measurement context type
     * @return a new, empty reservoir with one slot per bucket
     * @throws IllegalArgumentException if an argument is null or the bucket count exceeds a slab
     * @throws IllegalStateException    if the JVM refuses the arena's first direct memory (its placeholders)
     */
    public static <C> AlignedLastSeenReservoir<C> create(final SlotArena arena, final BucketBoundaries boundaries,
                                                         final ExemplarCapturer<C> capturer) {
        return new AlignedLastSeenReservoir<>(arena, boundaries, capturer, SeriesFilter.acceptAll());
    }

    /**
     * @param arena      where the reservoir leases its slots
     * @param boundaries the histogram's bucket boundaries
     * @param capturer   reads the payload of each offer from the caller's context
     * @param filter     this series' own filter, asked about each offer after the capturer's; it
     *                   observes the offers whose random key falls below its bound (this
     *                   reservoir draws a key only when the filter observes)
     * @param <C>        the caller's measurement context type
     * @return a new, empty reservoir with one slot per bucket
     * @throws IllegalArgumentException if an argument is null or the bucket count exceeds a slab
     */
    public static <C> AlignedLastSeenReservoir<C> create(final SlotArena arena, final BucketBoundaries boundaries,
                                                         final ExemplarCapturer<C> capturer,
                                                         final SeriesFilter<C> filter) {
        return new AlignedLastSeenReservoir<>(arena, boundaries, capturer, filter);
    }

    @Override
    void offerToSlot(final int bucket, final double value, final long valueBits, final int valueFlags,
                     final Object attributes, final C context) {
        if (observedKeyBound >= 0 && SampleKeys.next() < observedKeyBound) {
            ReservoirArguments.observe(filter, value);
        }
        // A closed or refused ring drops the offer in the write (no slots to write).
        ring.offerWinner(bucket, replace, true, capturer, filter, value, LAST_SEEN_KEY, valueBits, valueFlags,
            attributes, context);
    }

    /** Under the bucket's lock: every eligible offer replaces the previous one. */
    private void replace(final SlotMemory memory, final int base, final int bucket, final long key,
                            final long valueBits, final int valueFlags, final Object attributes, final C context) {
        SlotRing.store(memory, base + bucket * SlotLayout.SLOT_LENGTH, key, valueBits, valueFlags, attributes,
            context, capturer);
    }
}
