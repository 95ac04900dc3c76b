package io.exemplars.reservoir;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which measurements may become exemplars, by value: a threshold, a probability, a quantile the
 * series learns from its own measurements, and any {@code and}/{@code or} of these. An immutable
 * recipe; {@link #newSeriesFilter()} makes each series (each reservoir) its own filter, with its own
 * state.
 *
 * <pre>{@code
 * // the adaptive tail rule: always above the p99, 10 % between the p95 and the p99, 1 % of the rest
 * ExemplarSelection adaptive = ExemplarSelection.aboveQuantile(0.99)
 *     .or(ExemplarSelection.aboveQuantile(0.95).and(ExemplarSelection.withProbability(0.1)))
 *     .or(ExemplarSelection.withProbability(0.01));
 * AlignedUniformReservoir<Request> reservoir =
 *     AlignedUniformReservoir.create(arena, boundaries, capturer, adaptive.newSeriesFilter());
 * }</pre>
 *
 * <h2>The kept exemplars stay uniform</h2>
 * A reservoir asks the filter only about a measurement that has won its sampling draw, whose key
 * was drawn before and independently of the filter's answer. So the kept exemplars are a uniform
 * sample of the measurements the filter accepts, and the filter costs nothing on the reject path
 * (except {@link #aboveQuantile}'s sample, below).
 *
 * <h2>Cost</h2>
 * {@link #slowerThan} is one compare, {@link #withProbability} one {@code ThreadLocalRandom} draw,
 * {@link #aboveQuantile} one volatile read, each for draw winners only. An expression with a
 * quantile also records one offer in {@value QuantileWindow#THINNING} (chosen by the key the
 * reservoir drew anyway) into an HdrHistogram recorder on the reject path, and holds about 14 KB of
 * heap per series, however many quantiles it names (they share one sample). See
 * {@link #aboveQuantile} for the window and the warm-up.
 *
 * <h2>Equality</h2>
 * By value: the same expression, built twice, is equal (thresholds, probabilities and quantiles
 * compared as {@code double}s, {@code and}/{@code or} structurally, order included).
 *
 * <p>To combine a selection with a rule of your own that reads your context type, combine the
 * per-series filters: {@code SeriesFilters.and(selection.newSeriesFilter(), myFilter)}.
 */
public final class ExemplarSelection {
    private final SelectionRule rule;

    private ExemplarSelection(final SelectionRule rule) {
        this.rule = rule;
    }

    /**
     * @param threshold the value a measurement must exceed (strictly), in the measurement's unit
     * @return the measurements above {@code threshold}
     * @throws IllegalArgumentException naming the threshold when it is NaN
     */
    public static ExemplarSelection slowerThan(final double threshold) {
        return new ExemplarSelection(new SlowerThanRule(threshold));
    }

    /**
     * @param p the chance that a candidate passes, in {@code (0, 1]}: an independent coin for each
     *          candidate ({@code ThreadLocalRandom})
     * @return a random share {@code p} of the measurements
     * @throws IllegalArgumentException naming {@code p} when it is not in {@code (0, 1]}
     */
    public static ExemplarSelection withProbability(final double p) {
        return new ExemplarSelection(new ProbabilityRule(p));
    }

    /**
     * The measurements strictly above the series' recent {@code q}-quantile.
     *
     * <p>Each series estimates its quantile with HdrHistogram (1 significant digit, dynamic range
     * {@code 2^30}, non-negative values) from one in {@value QuantileWindow#THINNING} of its offers.
     * The window is the last collection interval: the threshold used between two collections is the
     * quantile of the interval before, so a change of the distribution is followed one interval
     * late. Warm-up: until an interval has had at least {@value QuantileWindow#MIN_OBSERVATIONS}
     * sampled offers (about 4,000 measurements), every candidate passes; later, an interval with
     * fewer keeps the previous threshold.
     *
     * @param q the quantile, in {@code (0, 1)}: 0.99 for the p99
     * @return the measurements above the series' recent {@code q}-quantile
     * @throws IllegalArgumentException naming {@code q} when it is not in {@code (0, 1)}
     */
    public static ExemplarSelection aboveQuantile(final double q) {
        return new ExemplarSelection(new QuantileRule(q));
    }

    /**
     * @param other asked only when this selection accepts
     * @return the measurements both accept
     * @throws IllegalArgumentException when {@code other} is null
     */
    public ExemplarSelection and(final ExemplarSelection other) {
        return new ExemplarSelection(new CompositeRule(rule, ReservoirArguments.requireNonNull(other, "other selection")
            .rule, true));
    }

    /**
     * @param other asked only when this selection refuses
     * @return the measurements either accepts
     * @throws IllegalArgumentException when {@code other} is null
     */
    public ExemplarSelection or(final ExemplarSelection other) {
        return new ExemplarSelection(new CompositeRule(rule, ReservoirArguments.requireNonNull(other, "other selection")
            .rule, false));
    }

    /**
     * @param <C> the caller's measurement context type (the selection reads only the value)
     * @return a new filter for one series, with its own quantile estimate when the expression has
     *     quantiles (a stateless expression returns shared, stateless filters)
     */
    public <C> SeriesFilter<C> newSeriesFilter() {
        final SortedSet<Double> quantiles = new TreeSet<>();
        rule.collectQuantiles(quantiles);
        if (quantiles.isEmpty()) {
            return rule.seriesFilter(null);
        }
        final QuantileWindow window = new QuantileWindow(quantiles.stream().mapToDouble(Double::doubleValue).toArray());
        return new LearningSeriesFilter<>(rule.seriesFilter(window), window);
    }

    @Override
    public boolean equals(final Object o) {
        return this == o || o instanceof ExemplarSelection && rule.equals(((ExemplarSelection) o).rule);
    }

    @Override
    public int hashCode() {
        return rule.hashCode();
    }

    /** @return the expression, as it is written in Java */
    @Override
    public String toString() {
        return rule.toString();
    }
}
