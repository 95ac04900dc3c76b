package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlignedSlowestReservoirTest {
    /** Buckets (-inf, 1], (1, 10], (10, 100], (100, +inf). */
    private static final BucketBoundaries BOUNDARIES = BucketBoundaries.of(1, 10, 100);

    private final SlotArena arena = SlotArena.create();

    private AlignedSlowestReservoir<TestContext> reservoir() {
        return AlignedSlowestReservoir.create(arena, BOUNDARIES, TestContext.CAPTURER);
    }

    private static Map<Integer, Double> byBucket(final List<CollectedCopy> exemplars) {
        return exemplars.stream().collect(Collectors.toMap(c -> c.index, c -> c.doubleValue, (a, b) -> {
            throw new AssertionError("two exemplars in one bucket: " + a + ", " + b);
        }, TreeMap::new));
    }

    @Test
    void eachBucketKeepsExactlyItsLargestMeasurementOfTheInterval() {
        final AlignedSlowestReservoir<TestContext> reservoir = reservoir();
        final SplittableRandom random = new SplittableRandom(15);
        final double[] largest = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.NEGATIVE_INFINITY};
        final Map<Double, Long> offerOf = new TreeMap<>();
        for (long offer = 0; offer < 20_000; offer++) {
            final double value = Math.exp(random.nextDouble(-3, 6)); // 0.05 .. 400: every bucket
            offerOf.put(value, offer);
            final int bucket = BOUNDARIES.bucketIndex(value);
            largest[bucket] = Math.max(largest[bucket], value);
            reservoir.offerDouble(value, null, new TestContext(offer));
        }
        final List<CollectedCopy> exemplars = CollectedCopy.collect(reservoir, true);
        assertEquals(4, exemplars.size());
        for (final CollectedCopy exemplar : exemplars) {
            assertEquals(largest[exemplar.index], exemplar.doubleValue, "bucket " + exemplar.index);
            assertTrue(exemplar.cameFrom(offerOf.get(exemplar.doubleValue)), "payload of the kept offer");
        }
        assertEquals(List.of(), CollectedCopy.collect(reservoir, true), "the reset emptied every bucket");
    }

    @Test
    void nanIsDroppedInfinitiesAreTheEdgeBucketsExtremesAndNegativeZeroIsZero() {
        final AlignedSlowestReservoir<TestContext> reservoir = reservoir();
        reservoir.offerDouble(Double.NaN, null, new TestContext(1));
        reservoir.offerDouble(-0.0, null, new TestContext(2));
        reservoir.offerDouble(Double.NEGATIVE_INFINITY, null, new TestContext(3));
        reservoir.offerDouble(1e300, null, new TestContext(4));
        reservoir.offerDouble(Double.POSITIVE_INFINITY, null, new TestContext(5));
        reservoir.offerDouble(2e300, null, new TestContext(6));
        final Map<Integer, Double> kept = byBucket(CollectedCopy.collect(reservoir, true));
        assertEquals(Map.of(0, 0.0, 3, Double.POSITIVE_INFINITY), kept);
        assertEquals(0L, Double.doubleToRawLongBits(kept.get(0)), "-0.0 is stored as 0.0");

        reservoir.offerDouble(Double.NEGATIVE_INFINITY, null, new TestContext(7));
        reservoir.offerDouble(-5.0, null, new TestContext(8));
        assertEquals(Map.of(0, -5.0), byBucket(CollectedCopy.collect(reservoir, true)),
            "-Infinity is the first bucket's smallest");
    }

    @Test
    void longMeasurementsAreOrderedByValueAndExportedExactly() {
        final AlignedSlowestReservoir<TestContext> reservoir =
            AlignedSlowestReservoir.create(arena, BucketBoundaries.of(1e18), TestContext.CAPTURER);
        final long big = (1L << 60) + 1; // not exact as a double: must come back exactly
        reservoir.offerLong(big - 2, null, new TestContext(1));
        reservoir.offerLong(big, null, new TestContext(2));
        reservoir.offerLong(5, null, new TestContext(3));
        reservoir.offerLong(3, null, new TestContext(4));
        final List<CollectedCopy> kept = CollectedCopy.collect(reservoir, true);
        assertEquals(2, kept.size());
        assertTrue(kept.get(0).longValue && kept.get(0).longValueBits == 5, "bucket 0: 5");
        final CollectedCopy top = kept.get(1);
        assertTrue(top.longValue && (top.cameFrom(1) && top.longValueBits == big - 2
                || top.cameFrom(2) && top.longValueBits == big),
            "bucket 1: one of the two longs that round to the same double (a tie), exact");
    }

    @Test
    void equalLargestValuesAreEachKeptAboutEquallyOften() {
        // Quick sanity (the exact test at p = 0.001 is property-tests' AlignedSlowestProperties):
        // three equal largest offers among smaller ones, 3,000 intervals, each kept ~1,000 times.
        final AlignedSlowestReservoir<TestContext> reservoir = reservoir();
        final int[] keptCount = new int[3];
        for (int interval = 0; interval < 3_000; interval++) {
            reservoir.offerDouble(7.0, null, new TestContext(0));
            reservoir.offerDouble(2.0, null, new TestContext(10));
            reservoir.offerDouble(7.0, null, new TestContext(1));
            reservoir.offerDouble(3.0, null, new TestContext(11));
            reservoir.offerDouble(7.0, null, new TestContext(2));
            final List<CollectedCopy> kept = CollectedCopy.collect(reservoir, true);
            assertEquals(1, kept.size());
            keptCount[(int) ((TestContext) kept.get(0).contextReference).offer]++;
        }
        for (final int count : keptCount) {
            assertTrue(count > 850 && count < 1_150, "each tie about a third of the time: " + List.of(
                keptCount[0], keptCount[1], keptCount[2]));
        }
    }

    @Test
    void aSmallerValueIsRejectedWithoutLeasingSlots() {
        final AlignedSlowestReservoir<TestContext> reservoir = reservoir();
        reservoir.offerDouble(50, null, new TestContext(1));
        final long inUse = arena.bytesInUse();
        reservoir.offerDouble(20, null, new TestContext(2));
        assertEquals(inUse, arena.bytesInUse());
        assertEquals(Map.of(2, 50.0), byBucket(CollectedCopy.collect(reservoir, true)));
        assertEquals(4, reservoir.capacity());
        reservoir.close();
        reservoir.offerDouble(60, null, new TestContext(3));
        assertEquals(List.of(), CollectedCopy.collect(reservoir, true), "closed: every offer rejected");
    }
}
