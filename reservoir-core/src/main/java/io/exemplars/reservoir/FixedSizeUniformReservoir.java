package io.exemplars.reservoir;

import static io.exemplars.reservoir.SlotLayout.FLAG_LONG_VALUE;
import static io.exemplars.reservoir.SlotLayout.KEY_OFFSET;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;

/**
 * Up to {@code k} exemplars, a uniform random k-subset of the offers since the last reset: the
 * OpenTelemetry {@code SimpleFixedSizeExemplarReservoir}, without its shared counter.
 *
 * <p>The ring is one header line followed by {@code k} slots. The header holds the reservoir lock
 * and the threshold, the largest key kept ({@link SlotLayout#EMPTY_KEY} while a slot is free). An
 * offer draws a key and loses unless it is below the threshold: one acquire read and a compare,
 * nothing written. A winner passes the capturer's filter, takes the header lock (accepts are rare,
 * about {@code k (1 + ln(n/k))} per interval, so one lock per reservoir costs nothing measurable),
 * replaces the slot holding the largest key, and publishes the new threshold.
 *
 * <p>NaN is dropped, {@code -0.0} stored as {@code 0.0}, infinities kept. Thread-safe.
 *
 * @param <C> the caller's measurement context type
 */
public final class FixedSizeUniformReservoir<C> implements ExemplarReservoir<C> {
    /** Slot 0 of the ring is the header; data slots are 1..k. */
    private static final int HEADER_SLOT = 0;

    private final int size;
    private final ExemplarCapturer<C> capturer;
    private final SeriesFilter<C> filter;
    /** The filter's {@link SeriesFilter#observedKeyBound()}, read once: the reject path compares to it. */
    private final long observedKeyBound;
    private final SlotRing ring;
    /** The winner path's write, bound once here so that offering allocates nothing. */
    private final LockedSlotWriter<C> replaceLargest = this::replaceLargest;

    private FixedSizeUniformReservoir(final SlotArena arena, final int size, final ExemplarCapturer<C> capturer,
                                      final SeriesFilter<C> filter) {
        ReservoirArguments.requireNonNull(arena, "arena");
        if (size < 1 || size >= arena.maxRingSlots()) {
            throw new IllegalArgumentException("reservoir size must be in [1, " + (arena.maxRingSlots() - 1)
                + "] (the arena's slab size less one header slot), was " + size);
        }
        this.size = size;
        this.capturer = ReservoirArguments.requireNonNull(capturer, "capturer");
        this.filter = ReservoirArguments.requireNonNull(filter, "filter");
        this.observedKeyBound = filter.observedKeyBound();
        this.ring = arena.newRing(this, size + 1);
    }

    /**
     * @param arena    where the reservoir leases its slots
     * @param size     how many exemplars to keep, {@code k >= 1}, less than the arena's slab size
     * @param capturer reads the payload of a kept offer from the caller's context
     * @param <C>      the caller's measurement context type
     * @return a new, empty reservoir (it leases slots when it first keeps an exemplar)
     * @throws IllegalArgumentException naming the bad size, or if an argument is null
     */
    public static <C> FixedSizeUniformReservoir<C> create(final SlotArena arena, final int size,
                                                          final ExemplarCapturer<C> capturer) {
        return new FixedSizeUniformReservoir<>(arena, size, capturer, SeriesFilter.acceptAll());
    }

    /**
     * @param arena    where the reservoir leases its slots
     * @param size     how many exemplars to keep, {@code k >= 1}, less than the arena's slab size
     * @param capturer reads the payload of a kept offer from the caller's context
     * @param filter   this series' own filter, asked about each draw winner after the capturer's
     * @param <C>      the caller's measurement context type
     * @return a new, empty reservoir (it leases slots when it first keeps an exemplar)
     * @throws IllegalArgumentException naming the bad size, or if an argument is null
     */
    public static <C> FixedSizeUniformReservoir<C> create(final SlotArena arena, final int size,
                                                          final ExemplarCapturer<C> capturer,
                                                          final SeriesFilter<C> filter) {
        return new FixedSizeUniformReservoir<>(arena, size, capturer, filter);
    }

    @Override
    public void offerDouble(final double value, final Object attributes, final C context) {
        if (value != value) {
            return;
        }
        offer(value, Double.doubleToRawLongBits(value + 0.0), 0, attributes, context);
    }

    @Override
    public void offerLong(final long value, final Object attributes, final C context) {
        offer((double) value, value, FLAG_LONG_VALUE, attributes, context);
    }

    private void offer(final double value, final long valueBits, final int valueFlags, final Object attributes,
                       final C context) {
        final long key = SampleKeys.next();
        if (key < observedKeyBound) {
            ReservoirArguments.observe(filter, value); // the filter's thinned sample, picked by the key
        }
        if (key >= ring.memory().getLongAcquire(ring.base() + KEY_OFFSET)) {
            return; // the reject path: the header's threshold (or a placeholder's key)
        }
        if (ReservoirArguments.eligible(capturer, filter, value, attributes, context)) {
            ring.write(HEADER_SLOT, replaceLargest, key, valueBits, valueFlags, attributes, context);
        }
    }

    /** Under the header lock: the candidate replaces the largest kept key, if still below it. */
    private void replaceLargest(final SlotMemory memory, final int base, final int header, final long key,
                                final long valueBits, final int valueFlags, final Object attributes,
                                final C context) {
        final long threshold = memory.getLong(base + KEY_OFFSET);
        if (key < threshold && SlotRing.store(memory, base + slotHoldingKey(memory, base, threshold) * SLOT_LENGTH,
            key, valueBits, valueFlags, attributes, context, capturer)) {
            memory.putLongRelease(base + KEY_OFFSET, largestKey(memory, base));
        }
    }

    /** The data slot whose key is {@code key} (the threshold, so it exists); under the lock. */
    private static int slotHoldingKey(final SlotMemory memory, final int base, final long key) {
        int slot = 1;
        while (memory.getLong(base + slot * SLOT_LENGTH + KEY_OFFSET) != key) {
            slot++;
        }
        return slot;
    }

    /** The largest key over the data slots; under the lock. */
    private long largestKey(final SlotMemory memory, final int base) {
        long largest = Long.MIN_VALUE;
        for (int slot = 1; slot <= size; slot++) {
            largest = Math.max(largest, memory.getLong(base + slot * SLOT_LENGTH + KEY_OFFSET));
        }
        return largest;
    }

    @Override
    public <S> int collect(final ExemplarVisitor<S> visitor, final S state, final boolean reset) {
        filter.onCollect(reset);
        return ring.collectUnderHeader(visitor, state, reset);
    }

    @Override
    public int capacity() {
        return size;
    }

    @Override
    public void close() {
        ring.close();
    }

    @Override
    public String toString() {
        return "FixedSizeUniformReservoir{size=" + size + '}';
    }
}
