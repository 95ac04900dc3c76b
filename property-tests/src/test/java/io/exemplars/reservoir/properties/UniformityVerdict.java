package io.exemplars.reservoir.properties;

/**
 * The outcome of {@link UniformityCheck}: one chi-square test, and a second on fresh data when the
 * first rejected uniformity.
 *
 * @param experiment what was tested (sampler and parameters), for the report
 * @param first      the first test
 * @param repeat     the repeat, or {@code null} when the first test did not reject
 */
record UniformityVerdict(String experiment, Outcome first, Outcome repeat) {

    /**
     * @return {@code true} when both tests rejected uniformity at {@link ChiSquare#ALPHA}: the
     *     sampler is biased
     */
    boolean rejectsUniformity() {
        return repeat != null && repeat.rejects();
    }

    @Override
    public String toString() {
        return experiment + ": " + first + (repeat == null ? "" : "; repeated on fresh data: " + repeat)
            + (rejectsUniformity() ? " => BIASED" : " => uniform");
    }

    /**
     * One chi-square test at {@link ChiSquare#ALPHA}.
     *
     * @param statistic the (scaled) Pearson statistic
     * @param df        its degrees of freedom
     * @param critical  the critical value at {@link ChiSquare#ALPHA}
     * @param pValue    {@code P(chi2(df) >= statistic)}
     * @param counts    the observed counts, for the failure message
     */
    record Outcome(double statistic, int df, double critical, double pValue, String counts) {

        static Outcome of(final CellCounts counts) {
            final double statistic = counts.pearsonStatistic();
            final int df = counts.degreesOfFreedom();
            return new Outcome(statistic, df, ChiSquare.criticalValue(df, ChiSquare.ALPHA),
                ChiSquare.upperTailProbability(statistic, df), counts.toString());
        }

        boolean rejects() {
            return statistic > critical;
        }

        @Override
        public String toString() {
            return String.format("chi2 = %.2f, df = %d, critical(p = %s) = %.3f, p-value = %.3g, counts %s",
                statistic, df, ChiSquare.ALPHA, critical, pValue, abbreviated(counts));
        }

        private static String abbreviated(final String counts) {
            final int limit = 400;
            return counts.length() <= limit ? counts : counts.substring(0, limit) + "...";
        }
    }
}
