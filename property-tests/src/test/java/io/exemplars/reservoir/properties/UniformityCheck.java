package io.exemplars.reservoir.properties;

import java.util.function.Supplier;

/**
 * The one statistical decision every property and every biased companion makes.
 *
 * <p><b>Why a repeat.</b> The reservoirs draw their keys from {@link java.util.concurrent.ThreadLocalRandom},
 * which cannot be seeded: the properties fix the seeds of their generated inputs and data, but the sampler's
 * randomness is fresh in every run. A correct sampler therefore fails one chi-square test at
 * {@code p = 0.001} with probability 0.001, and with a dozen statistical checks per build that is a
 * spurious red build about once in a hundred. So: run the experiment and test at
 * {@link ChiSquare#ALPHA}; only if that rejects, run the whole experiment again on fresh data and
 * test again; report bias only when both reject. For a uniform sampler the two runs are independent,
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
