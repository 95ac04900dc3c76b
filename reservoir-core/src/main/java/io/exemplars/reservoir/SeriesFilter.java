package io.exemplars.reservoir;

/**
 * A per-series rule for which measurements may become exemplars, applied by a reservoir to the
 * candidates that win its sampling draw, with an optional thinned view of all the series' offers
 * (so a rule can learn from the series' own measurements, a quantile for instance).
 *
 * <p>Because a reservoir draws each offer's sampling key before it asks the filter, and the key is
 * independent of whether the filter says yes, the kept exemplars are a uniform sample of the
 * measurements the filter accepts (for a uniform reservoir), whatever the filter is.
 *
 * <h2>Cost</h2>
 * {@link #test} runs only for draw winners (about {@code k (1 + ln(n/k))} per interval).
 * {@link #observe} runs for the offers whose sampling key is below {@link #observedKeyBound()}:
 * keys are uniform over {@code [0, 2^63)}, so a bound of {@code Long.MAX_VALUE / 64} shows about one
 * offer in 64, picked by the key the offer drew anyway (no extra random draw). The default bound,
 * {@link #NONE}, shows none, and costs the reject path one compare.
 *
 * <p>One instance per reservoir (per series): a stateful filter keeps its state per series. Called
 * concurrently by recording threads and a collecting thread; implementations must be thread-safe,
 * must not block, and should not throw (a throwing {@code test} drops that candidate, a throwing
 * {@code observe} is ignored).
 *
 * @param <C> the caller's measurement context type
 */
public interface SeriesFilter<C> {
    /** {@link #observedKeyBound()} of a filter that observes nothing. */
    long NONE = -1L;

    /**
     * @param value      the measurement ({@code long} measurements as {@code double})
     * @param attributes the measurement's attribute reference (may be null)
     * @param context    the caller's measurement context
     * @return {@code true} when the candidate may be kept
     */
    boolean test(double value, Object attributes, C context);

    /**
     * @return offers whose sampling key is below this bound are passed to {@link #observe};
     *     {@link #NONE} (the default) for none. Read once, when the reservoir is created.
     */
    default long observedKeyBound() {
        return NONE;
    }

    /**
     * Sees one offer of the thinned sample, on the recording thread, on the reject path: must be
     * cheap and allocation-free.
     *
     * @param value the measurement
     */
    default void observe(final double value) {
    }

    /**
     * Called by the reservoir at the start of each collection, on the collecting thread (for
     * example to roll an estimate over to the next interval).
     *
     * @param reset whether the collection resets the reservoir
     */
    default void onCollect(final boolean reset) {
    }

    /**
     * @return {@code false} only when {@link #test} cannot record a measurement (directly or
     *     through code it calls); see {@link ExemplarCapturer#mayRecord()}. The default,
     *     {@code true}, is always safe. Read for each draw winner: return a constant.
     */
    default boolean mayRecord() {
        return true;
    }

    /**
     * @param <C> the caller's measurement context type
     * @return the filter that accepts every candidate and observes nothing
     */
    @SuppressWarnings("unchecked")
    static <C> SeriesFilter<C> acceptAll() {
        return (SeriesFilter<C>) AcceptAllSeriesFilter.INSTANCE;
    }
}
