package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.ExemplarSelection;
import io.exemplars.reservoir.SeriesFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code aboveQuantile(q)} lets through a share {@code 1 - q} of a stationary stream, and follows a
 * shift of the distribution within one interval ({@link QuantileStream}: log-normal values, sigma 1,
 * {@value #N} measurements per interval, so about {@code N / 64 = 2048} sampled per interval).
 *
 * <p><b>Tolerance</b> for the mean share over {@code K} intervals (each interval's threshold is the
 * sample quantile of the previous one's {@code m = N / 64} sampled values: the filter's key bound): the share above a sample
 * quantile of {@code m} values varies with variance {@code q (1 - q) / m}, the share of {@code N}
 * measurements above a fixed threshold with {@code q (1 - q) / N}; so the statistical part is
 * {@code Z * sqrt((q (1 - q) / m + q (1 - q) / N) / K)}, {@code Z = 3.29} (p = 0.001, two-sided).
 * HdrHistogram at 1 significant digit reports the threshold as the middle of a sub-bucket at most
 * 1/16 wide (relative), so up to 1/32 off in value, which moves the share of a log-normal by at most
 * {@code phi(z_q) / sigma / 32}. For q = 0.99, K = 20: 0.0017 + 0.0008 = 0.0025 (a quarter of
 * 1 - q); for q = 0.9: 0.0050 + 0.0055.
 *
 * <p><b>Warm-up:</b> the first interval lets everything through. <b>Shift:</b> after 6 intervals the
 * median moves by a factor of 8 (up, and in a second run down); the interval of the shift still
 * uses the old threshold; from the next interval on, the mean share over 10 intervals must be within
 * the tolerance again.
 *
 * <p>Companions: {@code aboveQuantile(0.98)} checked as if it were the p99 (a miscalibrated
 * estimate, twice the share); and the shift run with a rule that stops rolling its window
 * ({@link FrozenAfterFilter}).
 */
class QuantileProperties {
    private static final int N = 131_072;
    /** One offer in this many feeds the estimate (the quantile filter's key bound is 2^63 / 64). */
    private static final int THINNING = 64;
    private static final int STATIONARY_INTERVALS = 20;
    private static final int BEFORE_SHIFT = 6;
    private static final int AFTER_SHIFT = 10;
    private static final double SHIFT = 8.0;
    private static final long SEED = 0x5EED_0011L;
    /** HdrHistogram's largest relative error of a reported bucket middle at 1 significant digit. */
    private static final double VALUE_RESOLUTION = 1.0 / 32;

    @ParameterizedTest(name = "q = {0}")
    @ValueSource(doubles = {0.9, 0.99})
    void stationaryStreamPassesOneMinusQ(final double q) {
        assertFalse(stationaryRejects(q, ExemplarSelection.aboveQuantile(q)));
    }

    @Test
    void companionDetectsAMiscalibratedQuantile() {
        assertTrue(stationaryRejects(0.99, ExemplarSelection.aboveQuantile(0.98)));
    }

    @ParameterizedTest(name = "median times {0}")
    @ValueSource(doubles = {SHIFT, 1 / SHIFT})
    void followsAShiftWithinOneInterval(final double factor) {
        assertFalse(shiftRejects(0.99, factor, filter -> filter));
    }

    @ParameterizedTest(name = "median times {0}")
    @ValueSource(doubles = {SHIFT, 1 / SHIFT})
    void companionDetectsARuleThatStopsRolling(final double factor) {
        assertTrue(shiftRejects(0.99, factor, filter -> new FrozenAfterFilter(filter, BEFORE_SHIFT)));
    }

    private static boolean stationaryRejects(final double q, final ExemplarSelection rule) {
        return ToleranceCheck.rejects(rule + " as the " + q + "-quantile, stationary, " + STATIONARY_INTERVALS
            + " intervals of " + N, () -> {
                final QuantileStream stream = new QuantileStream(rule.newSeriesFilter(), SEED);
                assertEquals(1.0, stream.interval(N, 1.0), "warm-up: the first interval lets everything through");
                double sum = 0;
                for (int i = 0; i < STATIONARY_INTERVALS; i++) {
                    sum += stream.interval(N, 1.0);
                }
                return new ToleranceCheck.Run(sum / STATIONARY_INTERVALS, 1 - q, tolerance(q, STATIONARY_INTERVALS));
            });
    }

    private static boolean shiftRejects(final double q, final double factor,
                                        final Function<SeriesFilter<Object>, SeriesFilter<Object>> wrap) {
        final ExemplarSelection rule = ExemplarSelection.aboveQuantile(q);
        return ToleranceCheck.rejects(wrap.apply(rule.newSeriesFilter()) + ", median x" + factor + " after "
            + BEFORE_SHIFT + " intervals, mean share of the " + AFTER_SHIFT + " intervals after the shifted one", () -> {
                final QuantileStream stream = new QuantileStream(wrap.apply(rule.newSeriesFilter()), SEED);
                for (int i = 0; i < BEFORE_SHIFT; i++) {
                    stream.interval(N, 1.0);
                }
                final double shifted = stream.interval(N, factor); // still judged by the old threshold
                System.out.printf("  the interval of the shift let through %.4f%n", shifted);
                double sum = 0;
                for (int i = 0; i < AFTER_SHIFT; i++) {
                    sum += stream.interval(N, factor);
                }
                return new ToleranceCheck.Run(sum / AFTER_SHIFT, 1 - q, tolerance(q, AFTER_SHIFT));
            });
    }

    /** See the class comment. */
    static double tolerance(final double q, final int intervals) {
        final double sampled = N / (double) THINNING;
        final double statistical = ToleranceCheck.Z
            * Math.sqrt((q * (1 - q) / sampled + q * (1 - q) / N) / intervals);
        return statistical + normalDensityAtQuantile(q) / QuantileStream.SIGMA * VALUE_RESOLUTION;
    }

    /** {@code phi(z_q)}, the standard normal density at its q-quantile, for the quantiles checked. */
    private static double normalDensityAtQuantile(final double q) {
        final double z;
        if (q == 0.99) {
            z = 2.3263478740;
        } else if (q == 0.9) {
            z = 1.2815515655;
        } else {
            throw new IllegalArgumentException("no tabulated normal quantile for q = " + q);
        }
        return Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    }
}
