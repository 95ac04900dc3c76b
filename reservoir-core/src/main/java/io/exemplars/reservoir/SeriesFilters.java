package io.exemplars.reservoir;

/**
 * Combines per-series filters: {@link #and} and {@link #or} of two {@link SeriesFilter}s of the same
 * series, for example an {@link ExemplarSelection}'s filter with a rule of your own that reads your
 * context type.
 *
 * <p>The combination observes the offers whose key is below the larger of the two
 * {@link SeriesFilter#observedKeyBound() bounds} and shows each to both children (so a child with a
 * smaller bound sees a larger, still uniformly thinned, sample), and passes every
 * {@link SeriesFilter#onCollect} to both. Each child must belong to this one series: share a
 * stateful child between series and its state is shared too.
 */
public final class SeriesFilters {
    private SeriesFilters() {
    }

    /**
     * @param first  asked first
     * @param second asked only when {@code first} accepts
     * @param <C>    the caller's measurement context type
     * @return a filter that accepts a candidate when both accept it
     * @throws IllegalArgumentException when either filter is null
     */
    public static <C> SeriesFilter<C> and(final SeriesFilter<C> first, final SeriesFilter<C> second) {
        return new CompositeSeriesFilter<>(first, second, true);
    }

    /**
     * @param first  asked first
     * @param second asked only when {@code first} refuses
     * @param <C>    the caller's measurement context type
     * @return a filter that accepts a candidate when either accepts it
     * @throws IllegalArgumentException when either filter is null
     */
    public static <C> SeriesFilter<C> or(final SeriesFilter<C> first, final SeriesFilter<C> second) {
        return new CompositeSeriesFilter<>(first, second, false);
    }
}
