package io.exemplars.reservoir.properties;

import java.util.Arrays;

/**
 * What a sampling experiment observed: counts in cells that are equally likely under the null
 * hypothesis "the sampler is uniform", and Pearson's statistic for them.
 *
 * <p>Cells come in groups; within a group every cell is equally likely, and groups are independent
 * (the aligned reservoir's buckets: each bucket's offers form a group). The statistic is the sum over
 * groups of {@code sum (observed - expected)^2 / expected}, with {@code expected} the group's total
 * over its cell count, and has {@code sum (cells - 1)} degrees of freedom.
 *
 * <p><b>Sampling without replacement.</b> A fixed-size reservoir keeps {@code k} distinct offers of
 * the {@code n} in a trial, not {@code k} independent draws, so the counts are not multinomial.
 * When the cells split the {@code n} offers into equal parts (one cell per offer, or deciles), the
 * counts of one trial are multivariate hypergeometric and their covariance is the multinomial one
 * times {@code (n - k) / (n - 1)}; Pearson's statistic is then asymptotically
 * {@code (n - k) / (n - 1) * chi2(cells - 1)}. {@link #pearsonStatistic()} divides by that factor, so
 * the result is compared with the plain chi-square distribution. With {@code k = 1} the factor is 1.
 */
final class CellCounts {
    private final long[][] groups;
    private final double withoutReplacementFactor;
    /** For {@link #ofProportions}: each cell's probability in the single group; null when cells are equally likely. */
    private final double[] proportions;

    private CellCounts(final long[][] groups, final double withoutReplacementFactor) {
        this(groups, withoutReplacementFactor, null);
    }

    private CellCounts(final long[][] groups, final double withoutReplacementFactor, final double[] proportions) {
        this.groups = groups;
        this.withoutReplacementFactor = withoutReplacementFactor;
        this.proportions = proportions;
    }

    /**
     * One group of multinomial counts (one observation per trial) whose cells are not equally likely
     * under the null hypothesis: cell {@code i} has probability {@code proportions[i]} (the weighted
     * reservoir's exact inclusion probabilities). Pearson's statistic then uses
     * {@code expected_i = total * proportions[i]}, with {@code cells - 1} degrees of freedom.
     *
     * @param proportions probabilities summing to 1 (within 1e-9), at least 2
     * @return empty counts
     */
    static CellCounts ofProportions(final double... proportions) {
        final double sum = Arrays.stream(proportions).sum();
        if (proportions.length < 2 || Math.abs(sum - 1.0) > 1e-9) {
            throw new IllegalArgumentException("need at least 2 probabilities summing to 1, was "
                + Arrays.toString(proportions));
        }
        return new CellCounts(new long[][] {new long[proportions.length]}, 1.0, proportions.clone());
    }

    /**
     * One group of {@code cells} cells, filled by trials that each keep {@code keptPerTrial} distinct
     * offers out of {@code offersPerTrial}, the cells splitting those offers into equal parts.
     *
     * @param cells          number of cells
     * @param offersPerTrial {@code n}
     * @param keptPerTrial   {@code k}, {@code 1 <= k < n}
     * @return empty counts
     */
    static CellCounts ofDistinctKept(final int cells, final int offersPerTrial, final int keptPerTrial) {
        if (keptPerTrial < 1 || keptPerTrial >= offersPerTrial) {
            throw new IllegalArgumentException("need 1 <= k < n (otherwise nothing is random), was k = "
                + keptPerTrial + ", n = " + offersPerTrial);
        }
        final double factor = (double) (offersPerTrial - keptPerTrial) / (offersPerTrial - 1);
        return new CellCounts(new long[][] {new long[cells]}, factor);
    }

    /**
     * Independent groups, each filled with one observation per trial (multinomial counts).
     *
     * @param cellsPerGroup the number of cells of each group, each at least 2
     * @return empty counts
     */
    static CellCounts ofIndependentGroups(final int... cellsPerGroup) {
        final long[][] groups = new long[cellsPerGroup.length][];
        for (int g = 0; g < groups.length; g++) {
            if (cellsPerGroup[g] < 2) {
                throw new IllegalArgumentException("a group needs at least 2 cells, group " + g + " has "
                    + cellsPerGroup[g]);
            }
            groups[g] = new long[cellsPerGroup[g]];
        }
        return new CellCounts(groups, 1.0);
    }

    /**
     * One group of multinomial counts (one observation per trial).
     *
     * @param cells number of cells, at least 2
     * @return empty counts
     */
    static CellCounts ofSingleDraws(final int cells) {
        return ofIndependentGroups(cells);
    }

    /** Counts one observation in {@code cell} of the only group. */
    void add(final int cell) {
        add(0, cell);
    }

    /** Counts one observation in {@code cell} of {@code group}. */
    void add(final int group, final int cell) {
        groups[group][cell]++;
    }

    /**
     * @return the degrees of freedom of {@link #pearsonStatistic()}
     */
    int degreesOfFreedom() {
        int df = 0;
        for (final long[] group : groups) {
            df += group.length - 1;
        }
        return df;
    }

    /**
     * @return Pearson's statistic, scaled for sampling without replacement (see the class comment)
     * @throws IllegalStateException if a cell expects fewer than {@link ChiSquare#MIN_EXPECTED_PER_CELL}
     *                               observations: the experiment was too small for the test
     */
    double pearsonStatistic() {
        double statistic = 0.0;
        for (int g = 0; g < groups.length; g++) {
            final long[] group = groups[g];
            final long total = Arrays.stream(group).sum();
            for (int cell = 0; cell < group.length; cell++) {
                final double expected = proportions == null ? (double) total / group.length : total * proportions[cell];
                if (expected < ChiSquare.MIN_EXPECTED_PER_CELL) {
                    throw new IllegalStateException("group " + g + " cell " + cell + " expects " + expected
                        + ", fewer than " + ChiSquare.MIN_EXPECTED_PER_CELL + ": run more trials");
                }
                final double difference = group[cell] - expected;
                statistic += difference * difference / expected;
            }
        }
        return statistic / withoutReplacementFactor;
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder();
        for (final long[] group : groups) {
            text.append(Arrays.toString(group));
        }
        return text.toString();
    }
}
