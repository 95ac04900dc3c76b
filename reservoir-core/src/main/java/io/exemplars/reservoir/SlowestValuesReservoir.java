package io.exemplars.reservoir;

import static io.exemplars.reservoir.SlotLayout.FLAG_LONG_VALUE;

/**
 * Up to {@code k} exemplars: exactly the {@code k} largest measurements since the last reset (the
 * slowest requests of a latency series), ties broken uniformly at random.
 *
 * <p>The bottom-k engine ({@link BottomKEngine}) with the value as the key, in reversed order
 * ({@link ValueKeys#largestFirst}): a measurement not above the current k-th largest is rejected
 * with one acquire read and a compare, nothing written and no random draw; one equal to it goes to
 * the winner path, where the engine breaks the tie exactly (each of {@code c} equal measurements
 * competing for {@code m} places is kept with probability {@code m / c}).
 *
 * <h2>Order</h2>
 * Doubles in their numeric order: {@code +Infinity} is the largest, {@code -Infinity} the smallest,
 * {@code -0.0} is {@code 0.0} (and stored as {@code 0.0}); NaN is dropped. {@code long}
 * measurements are ordered by their {@code double} value, so a reservoir offered both kinds orders
 * them consistently: exact for magnitudes up to {@code 2^53} (104 days in nanoseconds); beyond,
 * longs that round to the same double are ties. The exported value is always the exact one offered.
 *
 * <p>Accepts: for values in random order about {@code k (1 + ln(n/k))} per interval, like the
 * uniform reservoir; for steadily increasing values every offer wins (each is the new largest), so
 * a series that only grows pays the winner path on every offer. With a {@link Retention},
 * non-resetting collections keep the exemplars as that class describes. Thread-safe.
 *
 * @param <C> the caller's measurement context type
 */
public final class SlowestValuesReservoir<C> extends BottomKReservoir<C> {

    private SlowestValuesReservoir(final SlotArena arena, final int size, final ExemplarCapturer<C> capturer,
                                   final SeriesFilter<C> filter, final Retention retention) {
        super("slowest reservoir", arena, size, capturer, filter, retention, false);
    }

    /**
     * @param arena    where the reservoir leases its slots
     * @param size     how many exemplars to keep, {@code k >= 1}, less than the arena's slab size
     * @param capturer reads the payload of a kept offer from the caller's context
     * @param <C>      the caller's measurement context type
     * @return a new, empty reservoir (it leases slots when it first keeps an exemplar)
     * @throws IllegalArgumentException naming the bad size, or if an argument is null
     */
    public static <C> SlowestValuesReservoir<C> create(final SlotArena arena, final int size,
                                                       final ExemplarCapturer<C> capturer) {
        return create(arena, size, capturer, SeriesFilter.acceptAll(), Retention.none());
    }

    /**
     * @param arena     where the reservoir leases its slots
     * @param size      how many exemplars to keep, {@code k >= 1}; less than the arena's slab size,
     *                  or with retention at most half of it less one (two picks are kept)
     * @param capturer  reads the payload of a kept offer from the caller's context
     * @param filter    this series' own filter, asked about each winner after the capturer's; it
     *                  observes the offers whose own uniform draw falls below its bound (drawn only
     *                  when the filter observes)
     * @param retention how non-resetting collections keep exemplars ({@link Retention#none()} for none)
     * @param <C>       the caller's measurement context type
     * @return a new, empty reservoir (it leases slots when it first keeps an exemplar)
     * @throws IllegalArgumentException naming the bad size, or if an argument is null
     */
    public static <C> SlowestValuesReservoir<C> create(final SlotArena arena, final int size,
                                                       final ExemplarCapturer<C> capturer,
                                                       final SeriesFilter<C> filter, final Retention retention) {
        return new SlowestValuesReservoir<>(arena, size, capturer, filter, retention);
    }

    @Override
    public void offerDouble(final double value, final Object attributes, final C context) {
        if (value != value) {
            return; // NaN: dropped
        }
        final double normalised = value + 0.0; // -0.0 becomes 0.0, the same key and stored bits
        offer(ValueKeys.largestFirst(normalised), normalised, Double.doubleToRawLongBits(normalised), 0, attributes,
            context);
    }

    @Override
    public void offerLong(final long value, final Object attributes, final C context) {
        final double asDouble = (double) value;
        offer(ValueKeys.largestFirst(asDouble), asDouble, value, FLAG_LONG_VALUE, attributes, context);
    }

    private void offer(final long key, final double value, final long valueBits, final int valueFlags,
                       final Object attributes, final C context) {
        if (engine.observes()) {
            engine.observeIfDrawn(SampleKeys.next(), value); // the key is the value: a draw only for the filter
        }
        engine.offer(key, value, valueBits, valueFlags, attributes, context);
    }
}
