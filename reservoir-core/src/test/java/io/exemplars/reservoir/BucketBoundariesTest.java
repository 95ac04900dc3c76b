package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketBoundariesTest {

    @Test
    void valueOnABoundaryBelongsToTheBucketItCloses() {
        final BucketBoundaries b = BucketBoundaries.of(0, 5, 10);
        assertEquals(4, b.bucketCount());
        assertEquals(0, b.bucketIndex(-1));
        assertEquals(0, b.bucketIndex(0));
        assertEquals(1, b.bucketIndex(0.001));
        assertEquals(1, b.bucketIndex(5));
        assertEquals(2, b.bucketIndex(Math.nextUp(5.0)));
        assertEquals(2, b.bucketIndex(10));
        assertEquals(3, b.bucketIndex(10.5));
    }

    @Test
    void infinitiesGoToTheEdgesAndNegativeZeroCountsAsZero() {
        final BucketBoundaries b = BucketBoundaries.of(-1, 0, 1);
        assertEquals(0, b.bucketIndex(Double.NEGATIVE_INFINITY));
        assertEquals(3, b.bucketIndex(Double.POSITIVE_INFINITY));
        assertEquals(b.bucketIndex(0.0), b.bucketIndex(-0.0));
        assertEquals(1, b.bucketIndex(-0.0));
    }

    @Test
    void noBoundariesMeansOneBucket() {
        final BucketBoundaries b = BucketBoundaries.of();
        assertEquals(1, b.bucketCount());
        assertEquals(0, b.bucketIndex(42));
    }

    @Test
    void linearScanAndBinarySearchAgreeWithAReferenceLookup() {
        final SplittableRandom random = new SplittableRandom(42);
        for (final int count : new int[] {1, 7, BucketBoundaries.LINEAR_SCAN_MAX, BucketBoundaries.LINEAR_SCAN_MAX + 1, 100}) {
            final double[] raw = new double[count];
            double next = -50;
            for (int i = 0; i < count; i++) {
                next += 0.5 + random.nextDouble() * 3;
                raw[i] = next;
            }
            final BucketBoundaries b = BucketBoundaries.of(raw);
            for (int i = 0; i < 10_000; i++) {
                final double value = i % 10 == 0 ? raw[random.nextInt(count)] : -60 + random.nextDouble() * (next + 70);
                assertEquals(referenceIndex(raw, value), b.bucketIndex(value), () -> "value " + value);
            }
        }
    }

    private static int referenceIndex(final double[] boundaries, final double value) {
        for (int i = 0; i < boundaries.length; i++) {
            if (value <= boundaries[i]) {
                return i;
            }
        }
        return boundaries.length;
    }

    @Test
    void rejectsNonFiniteBoundariesNamingIndexAndValue() {
        final IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
            () -> BucketBoundaries.of(1, Double.NaN));
        assertTrue(nan.getMessage().contains("[1]") && nan.getMessage().contains("NaN"), nan.getMessage());
        final IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
            () -> BucketBoundaries.of(Double.NEGATIVE_INFINITY, 1));
        assertTrue(inf.getMessage().contains("[0]") && inf.getMessage().contains("-Infinity"), inf.getMessage());
    }

    @Test
    void rejectsBoundariesThatDoNotIncreaseNamingIndexAndValue() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BucketBoundaries.of(1, 2, 2.0, 3));
        assertTrue(e.getMessage().contains("[2] = 2.0") && e.getMessage().contains("[1] = 2.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of(3, 1));
        assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of(-0.0, 0.0));
    }

    @Test
    void rejectsNullsAndAbsurdSizes() {
        assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of((double[]) null));
        assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of((List<Double>) null));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BucketBoundaries.of(Arrays.asList(1.0, null)));
        assertTrue(e.getMessage().contains("[1]"), e.getMessage());
        final double[] tooMany = new double[BucketBoundaries.MAX_BOUNDARIES + 1];
        for (int i = 0; i < tooMany.length; i++) {
            tooMany[i] = i;
        }
        assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of(tooMany));
    }

    @Test
    void isAValue() {
        assertEquals(BucketBoundaries.of(1, 2), BucketBoundaries.of(List.of(1.0, 2.0)));
        assertEquals(BucketBoundaries.of(1, 2).hashCode(), BucketBoundaries.of(1, 2).hashCode());
        assertEquals("[1.0, 2.0]", BucketBoundaries.of(1, 2).toString());
    }
}
