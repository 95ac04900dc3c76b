package io.exemplars.reservoir.properties;

/**
 * The chi-square distribution: upper-tail probabilities and critical values, computed from the
 * regularized incomplete gamma function (no table, no approximation formula).
 *
 * <p>If {@code X ~ chi2(df)} then {@code P(X > x) = Q(df / 2, x / 2)}, where {@code Q} is the
 * regularized upper incomplete gamma function. {@code Q(a, x)} is evaluated with its power series
 * when {@code x < a + 1} and with its continued fraction (modified Lentz) otherwise, the classical
 * split where each converges fast; {@code ln Gamma(a)} comes from the Lanczos approximation
 * (g = 7, 9 terms, relative error below 1e-14 for the half-integers used here). The critical value
 * is the root of {@code Q(df / 2, x / 2) = alpha}, found by bisection, which cannot fail to converge
 * because {@code Q} falls monotonically from 1 to 0.
 */
final class ChiSquare {
    /** The significance level of every statistical property in this module. */
    static final double ALPHA = 0.001;
    /** The usual validity rule of Pearson's test: no cell may expect fewer observations. */
    static final double MIN_EXPECTED_PER_CELL = 5.0;

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    };
    private static final double LANCZOS_G = 7.0;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2.0 * Math.PI);
    private static final double RELATIVE_EPSILON = 1e-15;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 10_000;
    private static final int BISECTION_STEPS = 200;

    private ChiSquare() {
    }

    /**
     * @param statistic an observed chi-square statistic, {@code >= 0}
     * @param df        degrees of freedom, {@code >= 1}
     * @return {@code P(X >= statistic)} for {@code X ~ chi2(df)}, the p-value
     */
    static double upperTailProbability(final double statistic, final int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, was " + df);
        }
        if (!(statistic >= 0.0)) {
            throw new IllegalArgumentException("a chi-square statistic is >= 0, was " + statistic);
        }
        return regularizedUpperGamma(0.5 * df, 0.5 * statistic);
    }

    /**
     * @param df    degrees of freedom, {@code >= 1}
     * @param alpha the upper-tail probability, in {@code (0, 1)}
     * @return the {@code x} with {@code P(X > x) = alpha} for {@code X ~ chi2(df)}
     */
    static double criticalValue(final int df, final double alpha) {
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        }
        double low = 0.0;
        double high = df + 10.0 * Math.sqrt(2.0 * df) + 50.0;
        while (upperTailProbability(high, df) > alpha) {
            low = high;
            high *= 2.0;
        }
        for (int step = 0; step < BISECTION_STEPS && high - low > RELATIVE_EPSILON * high; step++) {
            final double middle = 0.5 * (low + high);
            if (upperTailProbability(middle, df) > alpha) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return 0.5 * (low + high);
    }

    /** {@code Q(a, x) = Gamma(a, x) / Gamma(a)} for {@code a > 0}, {@code x >= 0}. */
    static double regularizedUpperGamma(final double a, final double x) {
        if (x == 0.0) {
            return 1.0;
        }
        final double logPrefactor = a * Math.log(x) - x - logGamma(a);
        if (x < a + 1.0) {
            return 1.0 - Math.exp(logPrefactor) * lowerSeries(a, x);
        }
        return Math.exp(logPrefactor) * upperContinuedFraction(a, x);
    }

    /** {@code sum_{n>=0} x^n / (a (a+1) ... (a+n))}: {@code P(a, x) = prefactor * this}. */
    private static double lowerSeries(final double a, final double x) {
        double denominator = a;
        double term = 1.0 / a;
        double sum = term;
        for (int n = 0; n < MAX_ITERATIONS && Math.abs(term) > RELATIVE_EPSILON * Math.abs(sum); n++) {
            denominator += 1.0;
            term *= x / denominator;
            sum += term;
        }
        return sum;
    }

    /**
     * The continued fraction {@code 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...)))}, evaluated by the
     * modified Lentz method: {@code Q(a, x) = prefactor * this}.
     */
    private static double upperContinuedFraction(final double a, final double x) {
        double b = x + 1.0 - a;
        double c = 1.0 / TINY;
        double d = 1.0 / b;
        double fraction = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            final double an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            d = Math.abs(d) < TINY ? TINY : d;
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1.0 / d;
            final double delta = d * c;
            fraction *= delta;
            if (Math.abs(delta - 1.0) < RELATIVE_EPSILON) {
                break;
            }
        }
        return fraction;
    }

    /** {@code ln Gamma(a)} for {@code a >= 0.5} (Lanczos). */
    static double logGamma(final double a) {
        if (!(a >= 0.5)) {
            throw new IllegalArgumentException("logGamma is only needed (and accurate) for a >= 0.5, was " + a);
        }
        final double z = a - 1.0;
        double series = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            series += LANCZOS[i] / (z + i);
        }
        final double t = z + LANCZOS_G + 0.5;
        return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
    }
}
