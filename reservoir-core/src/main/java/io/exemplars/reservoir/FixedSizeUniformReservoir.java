package io.exemplars.reservoir;

import static io.exemplars.reservoir.SlotLayout.FLAG_LONG_VALUE;

/**
 * Up to {@code k} exemplars, a uniform random k-subset of the offers since the last reset: the
 * OpenTelemetry {@code SimpleFixedSizeExemplarReservoir}, without its shared counter.
 *
 * <p>Each offer draws a random 63-bit key; the reservoir keeps the {@code k} smallest (the
 * {@link BottomKEngine}). The ring is one header line followed by {@code k} slots. The header holds
 * the reservoir lock and the threshold, the largest key kept ({@link SlotLayout#EMPTY_KEY} while a
 * slot is free). An offer loses unless its key is at most the threshold: one acquire read and a
 * compare, nothing written. A winner passes the capturer's filter, takes the header lock (accepts
 * are rare, about {@code k (1 + ln(n/k))} per interval, so one lock per reservoir costs nothing
 * measurable), replaces the slot holding the largest key, and publishes the new threshold.
 *
 * <p>NaN is dropped, {@code -0.0} stored as {@code 0.0}, infinities kept. With a {@link Retention},
 * non-resetting collections keep the exemplars as that class describes. Thread-safe.
 *
 * @param <C> the caller's measurement context type
 */
public final class FixedSizeUniformReservoir<C> extends BottomKReservoir<C> {

    private FixedSizeUniformReservoir(final SlotArena arena, final int size, final ExemplarCapturer<C> capturer,
                                      final SeriesFilter<C> filter, final Retention retention) {
        super("reservoir", arena, size, capturer, filter, retention, false);
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
        return create(arena, size, capturer, SeriesFilter.acceptAll());
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
        return create(arena, size, capturer, filter, Retention.none());
    }

    /**
     * @param arena     where the reservoir leases its slots
     * @param size      how many exemplars to keep, {@code k >= 1}; with retention at most half the
     *                  arena's slab size less one (two picks are kept)
     * @param capturer  reads the payload of a kept offer from the caller's context
     * @param filter    this series' own filter, asked about each draw winner after the capturer's
     * @param retention how non-resetting collections keep exemplars ({@link Retention#none()} for none)
     * @param <C>       the caller's measurement context type
     * @return a new, empty reservoir (it leases slots when it first keeps an exemplar)
     * @throws IllegalArgumentException naming the bad size, or if an argument is null
     */
    public static <C> FixedSizeUniformReservoir<C> create(final SlotArena arena, final int size,
                                                          final ExemplarCapturer<C> capturer,
                                                          final SeriesFilter<C> filter, final Retention retention) {
        return new FixedSizeUniformReservoir<>(arena, size, capturer, filter, retention);
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
        engine.observeIfDrawn(key, value); // the filter's thinned sample, picked by the key
        engine.offer(key, value, valueBits, valueFlags, attributes, context);
    }
}
