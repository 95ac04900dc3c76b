package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueKeysTest {
    private static final double[] ASCENDING = {
        Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1e300, -2.5, -1.0, -Double.MIN_NORMAL, -Double.MIN_VALUE, 0.0,
        Double.MIN_VALUE, 2 * Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 0.001, 1.0, Math.nextUp(1.0), 2.0, 1e300,
        Double.MAX_VALUE, Double.POSITIVE_INFINITY};

    @Test
    void largerValuesHaveSmallerKeysStrictlyInsideThePlaceholderKeys() {
        for (int i = 0; i < ASCENDING.length; i++) {
            final long key = ValueKeys.largestFirst(ASCENDING[i]);
            assertTrue(key > SlotLayout.CLOSED_KEY && key < SlotLayout.EMPTY_KEY, "key of " + ASCENDING[i]);
            if (i > 0) {
                assertTrue(key < ValueKeys.largestFirst(ASCENDING[i - 1]), ASCENDING[i] + " above " + ASCENDING[i - 1]);
            }
        }
        assertEquals(ValueKeys.largestFirst(0.0), ValueKeys.largestFirst(-0.0 + 0.0));
    }

    @Test
    void weightedKeysAreExponentialOverWeightInOrderForTinyAndHugeWeights() {
        final SplittableRandom random = new SplittableRandom(0x5EEDL);
        for (int trial = 0; trial < 20_000; trial++) {
            final long bits = random.nextLong();
            final double e = -Math.log(((bits >>> 12) + 0.5) * 0x1.0p-52);
            // Same draw: a larger weight gives a smaller key, at every scale (no overflow, no underflow).
            long previous = Long.MAX_VALUE;
            for (final double w : new double[] {Double.MIN_VALUE, 3e-310, 1e-300, 1e-9, 0.5, 1.0, 3.0, 1e200,
                Double.MAX_VALUE}) {
                final long key = ValueKeys.weighted(w, bits);
                assertTrue(key >= 0 && key < previous, "w=" + w + " e=" + e);
                previous = key;
            }
            // Two draws: the keys compare as E1 / w1 and E2 / w2 do (away from the 2^-51 resolution).
            final long bits2 = random.nextLong();
            final double e2 = -Math.log(((bits2 >>> 12) + 0.5) * 0x1.0p-52);
            final double w1 = Math.scalb(1.0 + random.nextDouble(), random.nextInt(-1070, 1020));
            final double w2 = Math.scalb(1.0 + random.nextDouble(), random.nextInt(-1070, 1020));
            final double ratio = Math.log(e) - Math.log(w1) - (Math.log(e2) - Math.log(w2));
            if (Math.abs(ratio) > 1e-12) {
                assertEquals(ratio < 0, ValueKeys.weighted(w1, bits) < ValueKeys.weighted(w2, bits2));
            }
        }
    }

    @Test
    void theBoundWithoutALogarithmSaysAboveOnlyForKeysAboveTheThresholdAndDoesSoForFarOnes() {
        final SplittableRandom random = new SplittableRandom(0xB0D5L);
        final double[] weights = {Double.MIN_VALUE, 3e-310, 1e-300, 1e-9, 0.37, 1.0, 3.0, 812.5, 1e200,
            Double.MAX_VALUE};
        long surelyAbove = 0;
        long trials = 0;
        for (int trial = 0; trial < 50_000; trial++) {
            final double w = trial % 2 == 0 ? weights[random.nextInt(weights.length)] : Math.exp(random.nextDouble(-20, 20));
            final long bits = random.nextLong();
            final long key = ValueKeys.weighted(w, bits);
            // Thresholds at, just around and far from the offer's own key, and other offers' keys.
            final long other = ValueKeys.weighted(weights[random.nextInt(weights.length)], random.nextLong());
            for (final long threshold : new long[] {key, key - 1, key + 1, key - 2, key + 2, key >>> 1, key - (key >>> 20),
                other, Long.MAX_VALUE, Long.MIN_VALUE, 0, ValueKeys.weighted(w * 1e6, random.nextLong())}) {
                trials++;
                if (ValueKeys.weightedSurelyAbove(w, bits, ValueKeys.weightedRejectScale(threshold))) {
                    surelyAbove++;
                    assertTrue(key > threshold, "w=" + w + " bits=" + bits + " key=" + key + " threshold=" + threshold);
                }
            }
        }
        assertTrue(surelyAbove > trials / 10, "the bound decides too few offers: " + surelyAbove + " of " + trials);
        // Steady state: a small threshold, weights of its scale: nearly every offer is decided by the bound.
        final long small = ValueKeys.weighted(1.0, -1L); // U = 1 - 2^-53: E and t about 2^-53
        int decided = 0;
        for (int i = 0; i < 10_000; i++) {
            final long bits = random.nextLong();
            final double w = 1.0 + random.nextDouble();
            if (ValueKeys.weightedSurelyAbove(w, bits, ValueKeys.weightedRejectScale(small))) {
                decided++;
                assertTrue(ValueKeys.weighted(w, bits) > small);
            }
        }
        assertTrue(decided > 9_990, "decided " + decided);
    }

    @Test
    void weightsThatAreNotPositiveAreNeverKeptAndInfinityAlwaysWins() {
        for (final double w : new double[] {0.0, -0.0, -1.0, Double.NEGATIVE_INFINITY, Double.NaN}) {
            assertEquals(ValueKeys.NEVER, ValueKeys.weighted(w, 42L));
        }
        assertEquals(0L, ValueKeys.weighted(Double.POSITIVE_INFINITY, 42L));
        assertTrue(ValueKeys.weighted(Double.MAX_VALUE, -1L) > 0L);
    }

    @Test
    void slowestKeepsExactlyTheLargestWithTiesAndLongs() {
        final SlowestValuesReservoir<TestContext> reservoir =
            SlowestValuesReservoir.create(SlotArena.create(), 3, TestContext.CAPTURER);
        final long[] values = {5, 1, 9, 9, 3, 9, 7, -4, Long.MIN_VALUE, 8};
        for (int i = 0; i < values.length; i++) {
            reservoir.offerLong(values[i], null, new TestContext(i));
        }
        final long[] kept = CollectedCopy.collect(reservoir, true).stream().mapToLong(c -> c.longValueBits).sorted()
            .toArray();
        assertEquals("[9, 9, 9]", Arrays.toString(kept));
    }
}
