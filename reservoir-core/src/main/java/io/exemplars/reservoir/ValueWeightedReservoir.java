package io.exemplars.reservoir;

import static io.exemplars.reservoir.SlotLayout.FLAG_LONG_VALUE;

/**
 * Up to {@code k} exemplars sampled without replacement with probability proportional to the
 * measured value (weighted reservoir sampling, Efraimidis and Spirakis 2006): more exemplars where
 * latency is high, yet every measurement has a chance.
 *
 * <p>The bottom-k engine ({@link BottomKEngine}) with the key {@code E / w}, {@code E ~ Exp(1)}
 * and {@code w} the value ({@link ValueKeys#weighted}, which documents its precision for tiny and
 * huge weights): the {@code k} offers with the smallest keys are exactly a weighted sample without
 * replacement; for {@code k = 1}, offer {@code i} of an interval is kept with probability
 * {@code w_i / sum w}. The reject path is a random draw, one acquire read of the threshold's
 * reject scale (published with the threshold) and one multiplication, a bound without a logarithm
 * ({@link ValueKeys#weightedSurelyAbove}, exact); only offers near or below the threshold compute
 * the key (a logarithm and a division). Nothing is written.
 *
 * <h2>Which measurements can be kept</h2>
 * Only values {@code > 0}: a measurement {@code <= 0} (or NaN) has no weight and is never kept
 * (it is still recorded by the metric, just never an exemplar). {@code +Infinity} outweighs every
 * finite value. {@code long} measurements weigh their {@code double} value; the exported value is
 * the exact one offered.
 *
 * <p>With a {@link Retention}, non-resetting collections keep the exemplars as that class
 * describes. Thread-safe.
 *
 * @param <C> the caller's measurement context type
 */
public final class ValueWeightedReservoir<C> extends BottomKReservoir<C> {

    private ValueWeightedReservoir(final SlotArena arena, final int size, final ExemplarCapturer<C> capturer,
                                   final SeriesFilter<C> filter, final Retention retention) {
        super("weighted reservoir", arena, size, capturer, filter, retention, true);
    }

    /**
     * @param arena    where the reservoir leases its slots
     * @param size     how many exemplars to keep, {@code k >= 1}, less than the arena's slab size
     * @param capturer reads the payload of a kept offer from the caller's context
     * @param <C>      the caller's measurement context type
     * @return a new, empty reservoir (it leases slots when it first keeps an exemplar)
     * @throws IllegalArgumentException naming the bad size, or if an argument is null
     */
    public static <C> ValueWeightedReservoir<C> create(final SlotArena arena, final int size,
                                                       final ExemplarCapturer<C> capturer) {
        return create(arena, size, capturer, SeriesFilter.acceptAll(), Retention.none());
    }

    /**
     * @param arena     where the reservoir leases its slots
     * @param size      how many exemplars to keep, {@code k >= 1}; less than the arena's slab size,
     *                  or with retention at most half of it less one (two picks are kept)
     * @param capturer  reads the payload of a kept offer from the caller's context
     * @param filter    this series' own filter, asked about each winner after the capturer's; it
     *                  observes the offers whose uniform draw falls below its bound
     * @param retention how non-resetting collections keep exemplars ({@link Retention#none()} for none)
     * @param <C>       the caller's measurement context type
     * @return a new, empty reservoir (it leases slots when it first keeps an exemplar)
     * @throws IllegalArgumentException naming the bad size, or if an argument is null
     */
    public static <C> ValueWeightedReservoir<C> create(final SlotArena arena, final int size,
                                                       final ExemplarCapturer<C> capturer,
                                                       final SeriesFilter<C> filter, final Retention retention) {
        return new ValueWeightedReservoir<>(arena, size, capturer, filter, retention);
    }

    @Override
    public void offerDouble(final double value, final Object attributes, final C context) {
        offer(value, Double.doubleToRawLongBits(value + 0.0), 0, attributes, context);
    }

    @Override
    public void offerLong(final long value, final Object attributes, final C context) {
        offer((double) value, value, FLAG_LONG_VALUE, attributes, context);
    }

    private void offer(final double value, final long valueBits, final int valueFlags, final Object attributes,
                       final C context) {
        final long random = SamplingRandom.nextLong();
        engine.observeIfDrawn(random >>> 1, value); // the filter's thinned sample, by the offer's draw
        // not NaN, not <= 0: those have no weight and are never kept; then the reject path without a
        // logarithm (exact: it rejects only offers whose key is above the threshold)
        if (value > 0.0 && !ValueKeys.weightedSurelyAbove(value, random, engine.rejectScale())) {
            engine.offer(ValueKeys.weighted(value, random), value, valueBits, valueFlags, attributes, context);
        }
    }
}
