package io.exemplars.benchmarks;

import java.util.SplittableRandom;

/**
 * The measurements every benchmark offers: one fixed array of realistic request latencies, cycled
 * by index, so neither allocation nor the harness's own randomness shows up in what is measured,
 * and every reservoir sees exactly the same values.
 *
 * <p>The latencies are log-normal in milliseconds (median {@value #MEDIAN_MILLIS} ms, log-space
 * sigma {@value #SIGMA}), which spreads them over most buckets of the OpenTelemetry default
 * histogram layout, as real request latencies do. The seed is fixed: every run, every fork and
 * every reservoir gets the same sequence.
 */
public final class LatencyValues {
    /** Number of pre-generated values; a power of two so cycling is a mask, not a division. */
    public static final int COUNT = 1 << 12;
    /** {@code index & MASK} cycles through the values. */
    public static final int MASK = COUNT - 1;
    /** Median of the generated latencies, milliseconds. */
    public static final double MEDIAN_MILLIS = 30.0;
    /** Standard deviation of the latencies' natural logarithm. */
    public static final double SIGMA = 1.0;
    /** Fixed seed, so the sequence is identical across runs and reservoirs. */
    public static final long SEED = 0x5EED_E8E3_9A17L;

    private static final double[] VALUES = generate();

    private LatencyValues() {
    }

    /**
     * @param index any non-negative or negative int; it is masked, so callers may just increment
     * @return the value at {@code index & MASK}
     */
    public static double at(final int index) {
        return VALUES[index & MASK];
    }

    private static double[] generate() {
        final SplittableRandom random = new SplittableRandom(SEED);
        final double mu = Math.log(MEDIAN_MILLIS);
        final double[] values = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
            values[i] = Math.exp(mu + SIGMA * standardNormal(random));
        }
        return values;
    }

    /** Box-Muller: SplittableRandom has no nextGaussian on Java 17. */
    private static double standardNormal(final SplittableRandom random) {
        final double u1 = 1.0 - random.nextDouble(); // in (0, 1], so the log is finite
        final double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
