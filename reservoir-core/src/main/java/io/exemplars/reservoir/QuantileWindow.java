package io.exemplars.reservoir;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.DoubleRecorder;

import java.util.Arrays;

/**
 * One series' quantile estimates for {@link ExemplarSelection#aboveQuantile}: an HdrHistogram
 * {@link DoubleRecorder} fed with a thinned sample of the series' offers, rolled at each collection.
 *
 * <h2>Sample</h2>
 * The offers whose sampling key (drawn by the reservoir anyway) is below {@link #OBSERVED_KEY_BOUND}:
 * one in {@value #THINNING} on average, a uniform sample of the interval picked with no extra random
 * draw (one in 64 rather than 16: recording into HdrHistogram's recorder costs tens of
 * nanoseconds, which one in 64 offers spreads to about 1 ns per offer). Finite values {@code >= 0} are recorded (latencies, sizes); negative and infinite values and
 * values beyond the histogram's dynamic range are left out of the sample.
 *
 * <h2>Window and threshold</h2>
 * The window is the last completed interval: each collection (resetting or not) takes the sample
 * recorded since the previous collection and sets, for each quantile {@code q}, the threshold used
 * until the next collection to the sample's {@code q}-quantile (HdrHistogram's
 * {@code getValueAtPercentile(100 q)}, reported as the middle of its histogram bucket). So the rule
 * follows a change of the distribution one interval late: the interval after the change still uses
 * the old threshold, the next one the new.
 *
 * <h2>Warm-up and quiet intervals</h2>
 * A window of fewer than {@value #MIN_OBSERVATIONS} observations (fewer than about
 * {@code 64 * 64 = 4096} measurements in the interval) is too small for a tail quantile: it leaves the
 * thresholds as they were. Before the first window that large, the thresholds are
 * {@code -Infinity}: every candidate passes, as without the rule.
 *
 * <h2>Precision and memory</h2>
 * {@value #SIGNIFICANT_DIGITS} significant decimal digit (HdrHistogram's sub-buckets of 1/32 to 1/16
 * of a power of two: the threshold is within about 3 % of the sample quantile), over a dynamic range
 * of {@code 2^30} that HdrHistogram shifts to wherever the values are (nanoseconds to a second, or
 * microseconds to twenty minutes, in any unit). Three histograms per series (the recorder's two and
 * the last window), about 4.7 KB each: about 14 KB of heap per series that uses a quantile rule,
 * however many quantiles its expression names.
 *
 * <h2>Threads</h2>
 * {@link #record} runs on recording threads (wait-free: HdrHistogram's writer-reader phaser);
 * {@link #roll} on the collecting thread, serialized here; {@link #threshold} reads one volatile
 * reference.
 */
final class QuantileWindow {
    /** One offer in this many feeds the sample. */
    static final int THINNING = 64;
    /** Offers whose key is below this bound are recorded: keys are uniform over {@code [0, 2^63)}. */
    static final long OBSERVED_KEY_BOUND = Long.MAX_VALUE / THINNING;
    /** Fewer observations than this in a window leave the thresholds unchanged. */
    static final int MIN_OBSERVATIONS = 64;
    /** HdrHistogram's precision: 1 significant decimal digit. */
    static final int SIGNIFICANT_DIGITS = 1;
    /** HdrHistogram's dynamic range: the largest recordable value over the smallest non-zero one. */
    static final long HIGHEST_TO_LOWEST_VALUE_RATIO = 1L << 30;

    private final double[] quantiles;
    private final DoubleRecorder recorder = new DoubleRecorder(HIGHEST_TO_LOWEST_VALUE_RATIO, SIGNIFICANT_DIGITS);
    /** The last window, recycled into the recorder at the next roll; guarded by this. */
    private DoubleHistogram window;
    /** One threshold per quantile, replaced as a whole at each roll. */
    private volatile double[] thresholds;

    /**
     * @param quantiles the distinct quantiles, ascending, each in {@code (0, 1)}
     */
    QuantileWindow(final double[] quantiles) {
        this.quantiles = quantiles.clone();
        final double[] warmUp = new double[quantiles.length];
        Arrays.fill(warmUp, Double.NEGATIVE_INFINITY);
        this.thresholds = warmUp;
    }

    /** @return the position of {@code quantile} among this window's quantiles */
    int indexOf(final double quantile) {
        final int index = Arrays.binarySearch(quantiles, quantile);
        if (index < 0) {
            throw new IllegalArgumentException("quantile " + quantile + " is not one of " + Arrays.toString(quantiles));
        }
        return index;
    }

    /** @return the quantile at {@code index} */
    double quantile(final int index) {
        return quantiles[index];
    }

    /** @return the threshold of the quantile at {@code index}: values above it pass */
    double threshold(final int index) {
        return thresholds[index];
    }

    /**
     * Records one offer of the thinned sample; never throws, allocates only when HdrHistogram first
     * shifts its range to a new order of magnitude.
     *
     * @param value the measurement
     */
    void record(final double value) {
        if (value >= 0.0 && value < Double.POSITIVE_INFINITY) {
            try {
                recorder.recordValue(value);
            } catch (final ArrayIndexOutOfBoundsException beyondTheRange) {
                // beyond 2^30 times the smallest non-zero value seen: left out of the sample
            }
        }
    }

    /** Ends the window: estimates the thresholds from the interval's sample, or keeps them. */
    synchronized void roll() {
        window = recorder.getIntervalHistogram(window);
        if (window.getTotalCount() < MIN_OBSERVATIONS) {
            return;
        }
        final double[] estimates = new double[quantiles.length];
        for (int i = 0; i < quantiles.length; i++) {
            estimates[i] = window.medianEquivalentValue(window.getValueAtPercentile(100.0 * quantiles[i]));
        }
        thresholds = estimates;
    }

    @Override
    public String toString() {
        return "QuantileWindow" + Arrays.toString(quantiles) + " thresholds " + Arrays.toString(thresholds);
    }
}
