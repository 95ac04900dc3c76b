package io.exemplars.reservoir;

import static io.exemplars.reservoir.SlotLayout.FLAG_LONG_VALUE;

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
    private final SlotRing ring;
    private final int header;

    private FixedSizeUniformReservoir(final SlotArena arena, final int size, final ExemplarCapturer<C> capturer) {
        ReservoirArguments.requireNonNull(arena, "arena");
        if (size < 1 || size >= arena.maxRingSlots()) {
            throw new IllegalArgumentException("reservoir size must be in [1, " + (arena.maxRingSlots() - 1)
                + "] (the arena's slab size less one header slot), was " + size);
        }
        this.size = size;
        this.capturer = ReservoirArguments.requireNonNull(capturer, "capturer");
        this.ring = arena.allocate(this, size + 1);
        this.header = ring.offset(HEADER_SLOT);
    }

    /**
     * @param arena    where the reservoir's slots are carved from
     * @param size     how many exemplars to keep, {@code k >= 1}, less than the arena's slab size
     * @param capturer reads the payload of a kept offer from the caller's context
     * @param <C>      the caller's measurement context type
     * @return a new, empty reservoir
     * @throws IllegalArgumentException naming the bad size, or if an argument is null
     * @throws IllegalStateException    if the arena is exhausted
     */
    public static <C> FixedSizeUniformReservoir<C> create(final SlotArena arena, final int size,
                                                          final ExemplarCapturer<C> capturer) {
        return new FixedSizeUniformReservoir<>(arena, size, capturer);
    }

    @Override
    public void offerDouble(final double value, final Object attributes, final C context) {
        if (value != value) {
            return;
        }
        offer(Double.doubleToRawLongBits(value + 0.0), 0, attributes, context);
    }

    @Override
    public void offerLong(final long value, final Object attributes, final C context) {
        offer(value, FLAG_LONG_VALUE, attributes, context);
    }

    private void offer(final long valueBits, final int valueFlags, final Object attributes, final C context) {
        final long key = SampleKeys.next();
        if (key >= ring.keyAcquire(header)) {
            return; // the reject path
        }
        accept(key, valueBits, valueFlags, attributes, context);
    }

    private void accept(final long key, final long valueBits, final int valueFlags, final Object attributes,
                        final C context) {
        if (!ReservoirArguments.eligible(capturer, attributes, context)) {
            return;
        }
        final long held = ring.lock(header);
        final long threshold = ring.key(header);
        if (key < threshold && ring.store(slotHoldingKey(threshold), key, valueBits, valueFlags, attributes,
            context, capturer)) {
            ring.keyRelease(header, largestKey());
        }
        ring.unlock(header, held);
    }

    /** The data slot whose key is {@code key} (the threshold, so it exists); under the lock. */
    private int slotHoldingKey(final long key) {
        int slot = 1;
        while (ring.key(ring.offset(slot)) != key) {
            slot++;
        }
        return slot;
    }

    /** The largest key over the data slots; under the lock. */
    private long largestKey() {
        long largest = Long.MIN_VALUE;
        for (int slot = 1; slot <= size; slot++) {
            largest = Math.max(largest, ring.key(ring.offset(slot)));
        }
        return largest;
    }

    @Override
    public <S> int collect(final ExemplarVisitor<S> visitor, final S state, final boolean reset) {
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
