package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.SeriesFilter;

import java.util.SplittableRandom;

/**
 * Drives a series filter as a reservoir does, one interval at a time, and measures the share of
 * the interval's measurements it lets through: each measurement draws a random 63-bit key, is shown
 * to {@link SeriesFilter#observe} when the key is below the filter's bound, and is asked
 * {@link SeriesFilter#test}; the interval ends with {@link SeriesFilter#onCollect}.
 *
 * <p>Values: log-normal, {@code scale * exp(SIGMA * N(0, 1))}, from a fixed seed (a latency-like
 * distribution over a few orders of magnitude). Keys: uniform 63-bit draws, as in the reservoirs, from
 * a stream split off the values' one, so the keys repeat from the seed too.
 */
final class QuantileStream {
    /** The log-normal's sigma. */
    static final double SIGMA = 1.0;

    private final SeriesFilter<Object> filter;
    private final SplittableRandom values;
    private final SplittableRandom keys;

    /**
     * @param filter the series filter under test
     * @param seed   the values' seed
     */
    QuantileStream(final SeriesFilter<Object> filter, final long seed) {
        this.filter = filter;
        this.values = new SplittableRandom(seed);
        this.keys = values.split();
    }

    /**
     * Runs one interval and collects.
     *
     * @param measurements how many measurements
     * @param scale        the distribution's median
     * @return the share of the measurements the filter let through
     */
    double interval(final int measurements, final double scale) {
        final long bound = filter.observedKeyBound();
        long passed = 0;
        for (int i = 0; i < measurements; i++) {
            final double value = scale * Math.exp(SIGMA * values.nextGaussian());
            if ((keys.nextLong() & Long.MAX_VALUE) < bound) {
                filter.observe(value);
            }
            passed += filter.test(value, null, null) ? 1 : 0;
        }
        filter.onCollect(true);
        return (double) passed / measurements;
    }
}
