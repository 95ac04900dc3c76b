package io.exemplars.reservoir;

/**
 * Opens {@link SamplingRandom}'s package-private seed to the properties, so the reservoirs' own
 * draws (keys, tie-breaks, coins) repeat from a test's seed as its generated inputs do. Works only
 * in a JVM started with {@code -Dio.exemplars.reservoir.sampling.seedable=true}, as this module's
 * surefire configuration is.
 */
public final class SeededSampling {
    private SeededSampling() {
    }

    /**
     * Seeds the calling thread's draws; threads it starts afterwards draw streams split from it.
     *
     * @param seed the seed
     * @throws IllegalStateException when the JVM was not started with the property: the draws would
     *                               not follow the seed
     */
    public static void reseed(final long seed) {
        SamplingRandom.reseedThisThread(seed);
    }
}
