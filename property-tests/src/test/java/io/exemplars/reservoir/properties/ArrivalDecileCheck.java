package io.exemplars.reservoir.properties;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The time-bias check: recording threads offer one interval's offers in a global arrival order
 * ({@link ConcurrentTrials}), and the kept offers' positions, counted per decile of the interval,
 * are tested with chi-square at {@link ChiSquare#ALPHA}, {@value #EXPECTED_PER_DECILE} expected
 * per decile. A sampler that favours the start (first-k), the end (last-seen, OTel Java's aligned
 * reservoir, Algorithm R with a racy counter) or any thread's offers fails.
 *
 * <p>Each offer's number is its arrival position. Besides the statistic, every interval must keep
 * exactly the expected number of exemplars, and with more than one thread the threads must have
 * interleaved (consecutive positions taken by different threads) at least once, or the run tested
 * nothing concurrent and the check fails.
 *
 * <p>Used by the core reservoirs' {@link TimeUnbiasedProperties} and by the same check through the
 * OpenTelemetry SDK, {@link SdkPathProperties}, so both prove the very same thing.
 */
final class ArrivalDecileCheck {
    /** Cells: the ten deciles of the interval's arrival order. */
    static final int DECILES = 10;
    /** At least this many kept offers are expected per decile (over all intervals of a run). */
    static final int EXPECTED_PER_DECILE = 200;

    private ArrivalDecileCheck() {
    }

    /**
     * For a sampler that keeps {@code k} distinct offers of the interval (fixed size, or one per
     * bucket when the statistic should treat them alike): hypergeometric counts, see
     * {@link CellCounts#ofDistinctKept}.
     *
     * @param sampler the sampler under test
     * @param threads recording threads
     * @param offers  one interval's offers, indexed and numbered by arrival position
     * @param k       exemplars every interval must keep
     * @return the verdict
     */
    static UniformityVerdict ofDistinctKept(final SamplerFactory sampler, final int threads, final Offer[] offers,
                                            final int k) {
        return verdict(sampler, threads, offers, k, () -> CellCounts.ofDistinctKept(DECILES, offers.length, k));
    }

    /**
     * For a sampler with a filter that keeps {@code k} distinct offers among the {@code eligible}
     * offers of the interval that its filter accepts, the eligible offers spread evenly over the
     * deciles: hypergeometric counts over the eligible offers.
     *
     * @param sampler  the sampler under test
     * @param threads  recording threads
     * @param offers   one interval's offers, indexed and numbered by arrival position
     * @param k        exemplars every interval must keep
     * @param eligible how many of the interval's offers the filter accepts
     * @return the verdict
     */
    static UniformityVerdict ofDistinctKeptAmongEligible(final SamplerFactory sampler, final int threads,
                                                         final Offer[] offers, final int k, final int eligible) {
        return verdict(sampler, threads, offers, k, () -> CellCounts.ofDistinctKept(DECILES, eligible, k));
    }

    /**
     * For an aligned sampler that keeps one offer per bucket, the buckets independent and each
     * bucket's offers spread evenly over the deciles ({@link InterleavedBuckets}): multinomial counts.
     *
     * @param sampler the sampler under test
     * @param threads recording threads
     * @param offers  one interval's offers, indexed and numbered by arrival position
     * @param buckets exemplars every interval must keep, one per bucket
     * @return the verdict
     */
    static UniformityVerdict ofOnePerBucket(final SamplerFactory sampler, final int threads, final Offer[] offers,
                                            final int buckets) {
        return verdict(sampler, threads, offers, buckets, () -> CellCounts.ofSingleDraws(DECILES));
    }

    private static UniformityVerdict verdict(final SamplerFactory sampler, final int threads, final Offer[] offers,
                                             final int keptPerInterval, final Supplier<CellCounts> emptyCounts) {
        final int n = offers.length;
        final int trials = SequentialTrials.trialsFor(EXPECTED_PER_DECILE, DECILES, keptPerInterval);
        final ConcurrentTrials experiment = new ConcurrentTrials(sampler, offers, threads);
        return UniformityCheck.check(sampler + ", decile of arrival position, " + threads + " thread(s), n = "
            + n + ", " + trials + " intervals", () -> {
                final CellCounts counts = emptyCounts.get();
                final long start = System.nanoTime();
                final long switches = experiment.run(trials, kept -> {
                    assertEquals(keptPerInterval, kept.size(), "exemplars kept in an interval");
                    for (final ExemplarSnapshot exemplar : kept) {
                        counts.add((int) (exemplar.offer().number() * DECILES / n));
                    }
                });
                // How long an interval lasted (sampler set-up and collects included): a reader can
                // see that the run was long enough for the threads to be scheduled together.
                final double millisPerInterval = (System.nanoTime() - start) / 1e6 / trials;
                System.out.printf("  %d thread(s): %.1f thread switches per interval, %.1f ms per interval%n", threads,
                    (double) switches / trials, millisPerInterval);
                assertTrue(threads == 1 || switches > 0,
                    "the " + threads + " recording threads never interleaved: the run tested nothing concurrent");
                return counts;
            });
    }
}
