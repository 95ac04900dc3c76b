package io.exemplars.reservoir.properties;

import java.util.function.Supplier;

/**
 * The decision for properties that compare one observed rate with its expected value within a
 * tolerance derived at {@link ChiSquare#ALPHA} (a binomial bound, or a quantile estimate's): as in
 * {@link UniformityCheck}, a rejection is repeated once on the next draws of the same seeded
 * streams, and only two rejections fail a correct rule
 * (probability below {@code 0.001^2}); a biased rule is far outside the tolerance both times.
 */
final class ToleranceCheck {
    /** The two-sided standard normal quantile at {@link ChiSquare#ALPHA}: {@code sqrt(chi2(1) at 0.001)}. */
    static final double Z = Math.sqrt(ChiSquare.criticalValue(1, ChiSquare.ALPHA));

    private ToleranceCheck() {
    }

    /**
     * One run of a rate experiment.
     *
     * @param observed  the observed rate
     * @param expected  the rate the rule promises
     * @param tolerance the largest deviation accepted
     */
    record Run(double observed, double expected, double tolerance) {
        boolean rejects() {
            return Math.abs(observed - expected) > tolerance;
        }

        @Override
        public String toString() {
            return String.format("observed %.5f, expected %.5f +- %.5f%s", observed, expected, tolerance,
                rejects() ? " (outside)" : "");
        }
    }

    /**
     * @param experiment what is tested, for the report
     * @param run        runs the experiment once, on fresh sampler randomness each call
     * @return {@code true} when both the run and its repeat fell outside the tolerance
     */
    static boolean rejects(final String experiment, final Supplier<Run> run) {
        final Run first = run.get();
        final Run repeat = first.rejects() ? run.get() : null;
        final boolean rejects = repeat != null && repeat.rejects();
        System.out.println(experiment + ": " + first + (repeat == null ? "" : "; repeated on fresh data: " + repeat)
            + (rejects ? " => REJECTED" : " => within tolerance"));
        return rejects;
    }
}
