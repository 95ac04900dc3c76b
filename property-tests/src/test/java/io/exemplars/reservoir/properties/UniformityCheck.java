package io.exemplars.reservoir.properties;

import java.util.function.Supplier;

/**
 * The one statistical decision every property and every biased companion makes.
 *
 * <p><b>Why a repeat.</b> Every draw is seeded: the properties' inputs by their cases' seeds
 * ({@link SeededCase}), the reservoirs' own draws by the test's seed ({@link SamplerSeedExtension}),
 * so a single-threaded check computes the same statistic in every run. But a correct sampler still
 * rejects at {@code p = 0.001} for about one seed in a thousand, and any change to the order in
 * which draws are made is a change of seed: with a few dozen statistical checks per build, a
 * correct change would turn the build red about once in thirty. So: run the experiment and test at
 * {@link ChiSquare#ALPHA}; only if that rejects, run the whole experiment again on the next draws
 * of the same streams and test again; report bias only when both reject. For a uniform sampler the two runs are independent,
 * so a false alarm has probability {@code 0.001^2 = 1e-6} per check; a biased sampler rejects both
 * (the companions show the statistic far above the critical value each time). Every test is still a
 * test at p = 0.001; the repeat only confirms a rejection before it fails the build.
 */
final class UniformityCheck {
    private UniformityCheck() {
    }

    /**
     * @param experiment what is tested, for the report
     * @param run        runs the experiment once, on fresh sampler randomness each call
     * @return the verdict, also printed to standard output (the surefire report keeps it)
     */
    static UniformityVerdict check(final String experiment, final Supplier<CellCounts> run) {
        final UniformityVerdict.Outcome first = UniformityVerdict.Outcome.of(run.get());
        final UniformityVerdict.Outcome repeat = first.rejects() ? UniformityVerdict.Outcome.of(run.get()) : null;
        final UniformityVerdict verdict = new UniformityVerdict(experiment, first, repeat);
        System.out.println(verdict);
        return verdict;
    }
}
