package io.exemplars.reservoir.properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ChiSquare} against published table values (NIST/SEMATECH e-Handbook of Statistical
 * Methods, table 1.3.6.7.4, upper-tail critical values of the chi-square distribution, given to
 * three decimals) and against closed forms.
 */
class ChiSquareTest {
    /** Half a unit in the last place of a three-decimal table entry. */
    private static final double TABLE_ROUNDING = 0.0005;

    @ParameterizedTest(name = "df = {0}, alpha = {1}: {2}")
    @CsvSource({
        "1, 0.001, 10.828",
        "2, 0.001, 13.816",
        "4, 0.001, 18.467",
        "9, 0.001, 27.877",
        "14, 0.001, 36.123",
        "19, 0.001, 43.820",
        "99, 0.001, 148.230",
        "100, 0.001, 149.449",
        "1, 0.05, 3.841",
        "10, 0.05, 18.307",
        "5, 0.01, 15.086",
        "30, 0.10, 40.256",
    })
    void criticalValueMatchesTheTable(final int df, final double alpha, final double table) {
        assertEquals(table, ChiSquare.criticalValue(df, alpha), TABLE_ROUNDING);
    }

    @Test
    void upperTailOfTwoDegreesOfFreedomIsExponential() {
        // chi2(2) is the exponential distribution with mean 2: P(X > x) = exp(-x / 2).
        for (final double x : new double[] {0.01, 0.5, 1.0, 2.0, 3.0, 7.5, 13.816, 40.0, 100.0}) {
            assertEquals(Math.exp(-x / 2.0), ChiSquare.upperTailProbability(x, 2), 1e-13 * Math.max(1.0, x));
        }
    }

    @Test
    void criticalValueInvertsTheUpperTail() {
        for (final int df : new int[] {1, 3, 9, 27, 81, 243}) {
            final double critical = ChiSquare.criticalValue(df, ChiSquare.ALPHA);
            assertEquals(ChiSquare.ALPHA, ChiSquare.upperTailProbability(critical, df), 1e-12);
        }
    }

    @Test
    void logGammaMatchesFactorialsAndHalfIntegers() {
        assertEquals(Math.log(24.0), ChiSquare.logGamma(5.0), 1e-13); // Gamma(5) = 4!
        assertEquals(0.5 * Math.log(Math.PI), ChiSquare.logGamma(0.5), 1e-13); // Gamma(1/2) = sqrt(pi)
        assertEquals(Math.log(0.75 * Math.sqrt(Math.PI)), ChiSquare.logGamma(2.5), 1e-13);
    }

    @Test
    void meanOfTheDistributionSitsNearTheMiddle() {
        // For large df, chi2(df) is near-normal: P(X > df) tends to 1/2 from below.
        final double p = ChiSquare.upperTailProbability(1_000.0, 1_000);
        assertTrue(p > 0.49 && p < 0.5, "P(chi2(1000) > 1000) = " + p);
    }

    @Test
    void rejectsMeaninglessArguments() {
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.criticalValue(0, ChiSquare.ALPHA));
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.criticalValue(3, 0.0));
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.upperTailProbability(-1.0, 3));
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.upperTailProbability(Double.NaN, 3));
    }

    @Test
    void pearsonStatisticRefusesTooFewExpectedPerCell() {
        final CellCounts counts = CellCounts.ofSingleDraws(4);
        for (int i = 0; i < 19; i++) {
            counts.add(i % 4);
        }
        assertThrows(IllegalStateException.class, counts::pearsonStatistic);
    }

    @Test
    void pearsonStatisticOfKnownCounts() {
        // counts 10, 20, 30, 40: expected 25 each; (225 + 25 + 25 + 225) / 25 = 20.
        final CellCounts counts = CellCounts.ofSingleDraws(4);
        addTimes(counts, 0, 10);
        addTimes(counts, 1, 20);
        addTimes(counts, 2, 30);
        addTimes(counts, 3, 40);
        assertEquals(20.0, counts.pearsonStatistic(), 1e-12);
        assertEquals(3, counts.degreesOfFreedom());
    }

    @Test
    void withoutReplacementScalesTheStatistic() {
        // k = 3 of n = 7 per trial, one cell per offer: the statistic is divided by (7-3)/(7-1).
        final CellCounts counts = CellCounts.ofDistinctKept(7, 7, 3);
        final CellCounts plain = CellCounts.ofSingleDraws(7);
        for (int cell = 0; cell < 7; cell++) {
            addTimes(counts, cell, 10 + cell);
            addTimes(plain, cell, 10 + cell);
        }
        assertEquals(plain.pearsonStatistic() * 6.0 / 4.0, counts.pearsonStatistic(), 1e-12);
        assertEquals(6, counts.degreesOfFreedom());
    }

    private static void addTimes(final CellCounts counts, final int cell, final int times) {
        for (int i = 0; i < times; i++) {
            counts.add(cell);
        }
    }
}
