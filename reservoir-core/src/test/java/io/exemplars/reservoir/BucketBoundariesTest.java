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
    void hintedLookupAgreesWithAReferenceScan() {
        final SplittableRandom random = new SplittableRandom(42);
        for (final int count : new int[] {1, 2, 7, 15, 16, 17, 100, 1000}) {
            final double[] raw = new double[count];
            double next = -50;
            for (int i = 0; i < count; i++) {
                next += 0.5 + random.nextDouble() * 3;
                raw[i] = next;
            }
            assertAgreesWithReference(raw, random, -60, next + 10);
        }
        // Many boundaries inside one binade exercise the binary-search branch of the hint.
        final double[] dense = new double[BucketBoundaries.MAX_BOUNDARIES];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = 1.0 + i / (double) dense.length;
        }
        assertAgreesWithReference(dense, random, 0.5, 2.5);
        // The OpenTelemetry defaults, with tiny, subnormal, huge and negative values.
        final double[] otel = {0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000};
        assertAgreesWithReference(otel, random, -20, 20_000);
        final BucketBoundaries b = BucketBoundaries.of(otel);
        for (final double v : new double[] {Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
            -Double.MAX_VALUE, 1e-300, -1e300, 4.999999999, 5.000000001}) {
            assertEquals(referenceIndex(otel, v), b.bucketIndex(v), () -> "value " + v);
        }
    }

    private static void assertAgreesWithReference(final double[] raw, final SplittableRandom random,
                                                  final double from, final double to) {
        final BucketBoundaries b = BucketBoundaries.of(raw);
        for (int i = 0; i < 20_000; i++) {
            final double value = i % 10 == 0 ? raw[random.nextInt(raw.length)] : from + random.nextDouble() * (to - from);
            assertEquals(referenceIndex(raw, value), b.bucketIndex(value), () -> "value " + value);
            final double beside = i % 2 == 0 ? Math.nextUp(value) : Math.nextDown(value);
            assertEquals(referenceIndex(raw, beside), b.bucketIndex(beside), () -> "value " + beside);
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
