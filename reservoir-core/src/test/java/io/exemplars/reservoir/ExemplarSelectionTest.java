package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The value rules: configuration, equality, the quantile's warm-up, estimate and quiet intervals. */
class ExemplarSelectionTest {
    private static final ExemplarSelection ADAPTIVE = ExemplarSelection.aboveQuantile(0.99)
        .or(ExemplarSelection.aboveQuantile(0.95).and(ExemplarSelection.withProbability(0.1)))
        .or(ExemplarSelection.withProbability(0.01));

    @Test
    void badArgumentsFailNamingTheValue() {
        assertMessage("slowerThan threshold must not be NaN, was NaN", () -> ExemplarSelection.slowerThan(Double.NaN));
        for (final double p : new double[] {0.0, -0.5, 1.0000001, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertMessage("withProbability p must be in (0, 1], was " + p, () -> ExemplarSelection.withProbability(p));
        }
        for (final double q : new double[] {0.0, 1.0, -0.1, 1.5, Double.NaN}) {
            assertMessage("aboveQuantile q must be in (0, 1), was " + q, () -> ExemplarSelection.aboveQuantile(q));
        }
        assertMessage("other selection must not be null", () -> ExemplarSelection.withProbability(1).and(null));
        assertMessage("other selection must not be null", () -> ExemplarSelection.withProbability(1).or(null));
        assertMessage("first filter must not be null", () -> SeriesFilters.and(null, SeriesFilter.acceptAll()));
        assertMessage("second filter must not be null", () -> SeriesFilters.or(SeriesFilter.acceptAll(), null));
    }

    @Test
    void equalExpressionsAreEqualValues() {
        final ExemplarSelection again = ExemplarSelection.aboveQuantile(0.99)
            .or(ExemplarSelection.aboveQuantile(0.95).and(ExemplarSelection.withProbability(0.1)))
            .or(ExemplarSelection.withProbability(0.01));
        assertEquals(ADAPTIVE, again);
        assertEquals(ADAPTIVE.hashCode(), again.hashCode());
        assertNotEquals(ExemplarSelection.slowerThan(1).and(ExemplarSelection.withProbability(0.5)),
            ExemplarSelection.slowerThan(1).or(ExemplarSelection.withProbability(0.5)));
        assertNotEquals(ExemplarSelection.aboveQuantile(0.9), ExemplarSelection.aboveQuantile(0.95));
        assertEquals("aboveQuantile(0.99).or(aboveQuantile(0.95).and(withProbability(0.1))).or(withProbability(0.01))",
            ADAPTIVE.toString());
    }

    @Test
    void slowerThanIsStrictAndProbabilityOneAlwaysPasses() {
        final SeriesFilter<Object> slower = ExemplarSelection.slowerThan(0.5).newSeriesFilter();
        assertFalse(slower.test(0.5, null, null));
        assertTrue(slower.test(Math.nextUp(0.5), null, null));
        assertEquals(SeriesFilter.NONE, slower.observedKeyBound(), "a stateless rule observes nothing");
        final SeriesFilter<Object> always = ExemplarSelection.withProbability(1.0).newSeriesFilter();
        for (int i = 0; i < 1000; i++) {
            assertTrue(always.test(i, null, null));
        }
    }

    @Test
    void quantileWarmsUpThenFollowsTheLastIntervalAndQuietIntervalsKeepTheThreshold() {
        final SeriesFilter<Object> p99 = ExemplarSelection.aboveQuantile(0.99).newSeriesFilter();
        assertEquals(QuantileWindow.OBSERVED_KEY_BOUND, p99.observedKeyBound());
        assertTrue(p99.test(-1.0, null, null), "warm-up: before any estimate every candidate passes");
        observeAll(p99, 1, QuantileWindow.MIN_OBSERVATIONS - 1);
        p99.onCollect(true);
        assertTrue(p99.test(0.0, null, null), "a window under the minimum leaves the warm-up on");
        observeAll(p99, 1, 10_000); // 1 .. 10,000: p99 = 9,900
        p99.onCollect(true);
        assertFalse(p99.test(9_000, null, null));
        assertTrue(p99.test(10_500, null, null));
        final double threshold = thresholdOf(p99);
        assertTrue(Math.abs(threshold - 9_900) < 0.035 * 9_900, "p99 estimate " + threshold);
        observeAll(p99, 1, 10); // a quiet interval
        p99.onCollect(true);
        assertEquals(threshold, thresholdOf(p99), "a quiet interval keeps the threshold");
        observeAll(p99, 100_001, 110_000); // the distribution moves up: followed at the next collection
        p99.onCollect(false);
        assertFalse(p99.test(50_000, null, null));
    }

    @Test
    void theQuantilesOfOneExpressionShareOneWindowPerSeriesAndSeriesDoNotShare() {
        final SeriesFilter<Object> first = ADAPTIVE.newSeriesFilter();
        final SeriesFilter<Object> second = ADAPTIVE.newSeriesFilter();
        observeAll(first, 1, 10_000);
        first.onCollect(true);
        second.onCollect(true);
        assertTrue(first.toString().contains("thresholds [") && !first.toString().contains("-Infinity"), first::toString);
        assertTrue(second.toString().contains("-Infinity"), "the other series is still warming up: " + second);
        // 10,000 draws at values 1..9,400 (below the p95): only the 1 % coin lets them through
        final SplittableRandom random = new SplittableRandom(7);
        int passed = 0;
        for (int i = 0; i < 100_000; i++) {
            passed += first.test(1 + random.nextInt(9_400), null, null) ? 1 : 0;
        }
        assertTrue(passed > 800 && passed < 1200, "below the p95 about 1 % pass, was " + passed);
    }

    @Test
    void sampleIgnoresValuesItCannotHoldAndNeverThrows() {
        final SeriesFilter<Object> p50 = ExemplarSelection.aboveQuantile(0.5).newSeriesFilter();
        for (final double odd : new double[] {-1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN,
            Double.MAX_VALUE, Double.MIN_VALUE, 0.0}) {
            p50.observe(odd);
        }
        p50.onCollect(true);
        assertTrue(p50.test(-5, null, null), "still warming up");
    }

    @Test
    void compositeObservesWithTheLargerBoundAndFansOutCollections() {
        final SeriesFilter<Object> p90 = ExemplarSelection.aboveQuantile(0.9).newSeriesFilter();
        final SeriesFilter<Object> both = SeriesFilters.and(ExemplarSelection.slowerThan(10).newSeriesFilter(), p90);
        assertEquals(QuantileWindow.OBSERVED_KEY_BOUND, both.observedKeyBound());
        observeAll(both, 1, 1_000);
        both.onCollect(true);
        assertFalse(p90.test(800, null, null), "the child saw the sample and rolled");
        assertTrue(both.test(950, null, null));
        assertFalse(both.test(5, null, null));
    }

    @Test
    void reservoirWithASelectionKeepsOnlyWhatItAccepts() {
        final ExemplarReservoir<TestContext> reservoir = FixedSizeUniformReservoir.create(SlotArena.create(), 8,
            TestContext.CAPTURER, ExemplarSelection.slowerThan(90).newSeriesFilter());
        for (int i = 0; i < 100_000; i++) {
            reservoir.offerDouble(i % 100, null, new TestContext(i));
        }
        final List<CollectedCopy> kept = CollectedCopy.collect(reservoir, true);
        assertEquals(8, kept.size());
        assertTrue(kept.stream().allMatch(e -> e.doubleValue > 90), kept::toString);
        reservoir.close();
    }

    private static void observeAll(final SeriesFilter<Object> filter, final int from, final int to) {
        for (int v = from; v <= to; v++) {
            filter.observe(v);
        }
    }

    /** The smallest integer value the filter lets through, by bisection: the threshold within 1. */
    private static double thresholdOf(final SeriesFilter<Object> filter) {
        double low = 0;
        double high = 1e9;
        while (high - low > 1e-6) {
            final double mid = (low + high) / 2;
            if (filter.test(mid, null, null)) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    private static void assertMessage(final String message, final Runnable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }
}
