package io.exemplars.demo;

import java.util.Random;

/**
 * One route's seeded source of trouble: whether a request is slow (or fails), and how long its
 * simulated work takes.
 *
 * <p>The same code path serves the default rates and the raised rates the end-to-end test uses;
 * only the numbers differ. With a given seed the sequence of draws is fixed, so a run is
 * reproducible up to the order in which concurrent requests take their draws.
 *
 * <p>Concurrency: requests of one route draw from one {@link Random} on many threads.
 * {@code java.util.Random} is thread-safe (a CAS on its seed), which is enough here: the demo's
 * request rate is far below the point where that CAS contends.
 */
public final class FaultInjector {

    /** Mixes a route's index into the demo seed so routes draw independent sequences. */
    private static final long ROUTE_SEED_STRIDE = 0x9E3779B97F4A7C15L;

    private final double rate;
    private final Random random;

    /**
     * @param rate       probability in [0, 1] that {@link #strikes()} returns true
     * @param seed       the demo's seed
     * @param routeIndex distinguishes the routes sharing one demo seed
     * @throws IllegalArgumentException if {@code rate} is outside [0, 1]
     */
    public FaultInjector(double rate, long seed, int routeIndex) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("rate must be in [0, 1], was " + rate);
        }
        this.rate = rate;
        this.random = new Random(seed + ROUTE_SEED_STRIDE * (routeIndex + 1));
    }

    /** @return the configured probability of trouble */
    public double rate() {
        return rate;
    }

    /** @return true with probability {@link #rate()}: this request is the slow (or failing) one */
    public boolean strikes() {
        return random.nextDouble() < rate;
    }

    /**
     * @param minMillis the shortest duration, at least 0
     * @param maxMillis the longest duration, at least {@code minMillis}
     * @return a duration drawn uniformly from [minMillis, maxMillis]
     */
    public long millisBetween(long minMillis, long maxMillis) {
        return minMillis + (long) (random.nextDouble() * (maxMillis - minMillis + 1));
    }
}
