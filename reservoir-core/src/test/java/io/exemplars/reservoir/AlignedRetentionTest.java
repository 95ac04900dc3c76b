package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Retention} on the aligned reservoirs: the rules of {@link RetentionTest}, bucket by bucket. */
class AlignedRetentionTest {
    private static final long SECOND = 1_000_000_000L;
    /** maxAge 10 s: intervals of 5 s. */
    private static final Duration MAX_AGE = Duration.ofSeconds(10);
    /** Buckets (-inf, 10 s], (10 s, 100 s], (100 s, +inf), in the offers' nanosecond values. */
    private static final BucketBoundaries BOUNDARIES = BucketBoundaries.of(10.0 * SECOND, 100.0 * SECOND);

    private final AtomicLong clock = new AtomicLong(TestContext.EPOCH_NANOS);
    private final SlotArena arena = SlotArena.create();

    private ExemplarReservoir<TestContext> uniform() {
        return AlignedUniformReservoir.create(arena, BOUNDARIES, TestContext.CAPTURER, SeriesFilter.acceptAll(),
            Retention.of(MAX_AGE, clock::get));
    }

    private ExemplarReservoir<TestContext> slowest() {
        return AlignedSlowestReservoir.create(arena, BOUNDARIES, TestContext.CAPTURER, SeriesFilter.acceptAll(),
            Retention.of(MAX_AGE, clock::get));
    }

    /** Offers value {@code value} (nanoseconds) at clock time {@code t}, captured at {@code t}. */
    private void offerAt(final ExemplarReservoir<TestContext> reservoir, final long t, final long value) {
        clock.set(TestContext.EPOCH_NANOS + t);
        reservoir.offerDouble(value, null, new TestContext(t));
    }

    /** Collects without reset at {@code t}: "bucket:capture time" of each exemplar, in bucket order. */
    private List<String> collectAt(final ExemplarReservoir<TestContext> reservoir, final long t) {
        clock.set(TestContext.EPOCH_NANOS + t);
        return CollectedCopy.collect(reservoir, false).stream()
            .map(c -> c.index + ":" + ((TestContext) c.contextReference).offer / SECOND + "s")
            .collect(Collectors.toList());
    }

    @Test
    void everyCollectorSeesEveryBucketsExemplarUntilANewerPickReplacesItOrItExpires() {
        final ExemplarReservoir<TestContext> reservoir = uniform();
        offerAt(reservoir, SECOND, 5 * SECOND);          // bucket 0
        offerAt(reservoir, 2 * SECOND, 50 * SECOND);     // bucket 1
        offerAt(reservoir, 3 * SECOND, 500 * SECOND);    // bucket 2
        final List<String> all = List.of("0:1s", "1:2s", "2:3s");
        assertEquals(all, collectAt(reservoir, 4 * SECOND));
        assertEquals(all, collectAt(reservoir, 4 * SECOND), "a second collector sees every bucket's too");
        assertEquals(all, collectAt(reservoir, 6 * SECOND), "rotated at 5 s: the previous picks are exported");
        offerAt(reservoir, 7 * SECOND, 60 * SECOND);
        assertEquals(List.of("0:1s", "1:7s", "2:3s"), collectAt(reservoir, 8 * SECOND),
            "the bucket with a newer pick shows it, the others their previous one");
        assertEquals(List.of("1:7s", "2:3s"), collectAt(reservoir, 11 * SECOND + 1), "bucket 0's is older than 10 s");
        assertEquals(List.of("1:7s"), collectAt(reservoir, 13 * SECOND + 1));
        assertEquals(1, arena.ringsInUse());
        assertEquals(List.of(), collectAt(reservoir, 17 * SECOND + 1), "older than maxAge: never exported");
        assertEquals(0, arena.ringsInUse(), "nothing left to export: the slots went back to the arena");
        offerAt(reservoir, 18 * SECOND, 5 * SECOND);
        assertEquals(List.of("0:18s"), collectAt(reservoir, 18 * SECOND), "a fresh lease works as the first");
    }

    @Test
    void atMostOneRotationPerIntervalHoweverManyCollectors() {
        final ExemplarReservoir<TestContext> reservoir = slowest();
        offerAt(reservoir, SECOND, 5 * SECOND);
        collectAt(reservoir, 2 * SECOND);
        assertEquals(List.of("0:1s"), collectAt(reservoir, 5 * SECOND)); // rotates: 1 s is now previous
        offerAt(reservoir, 6 * SECOND, 4 * SECOND);  // smaller, but a new interval's pick
        assertEquals(List.of("0:6s"), collectAt(reservoir, 7 * SECOND), "the current pick wins over a larger previous");
        assertEquals(List.of("0:6s"), collectAt(reservoir, 9 * SECOND), "same interval: no second rotation");
        offerAt(reservoir, 9 * SECOND, 3 * SECOND);
        assertEquals(List.of("0:6s"), collectAt(reservoir, 9 * SECOND), "slowest of the current window: 4 s");
    }

    @Test
    void aResettingCollectionExportsTheCurrentPicksOnlyAndFreesEverything() {
        final ExemplarReservoir<TestContext> reservoir = uniform();
        offerAt(reservoir, SECOND, 5 * SECOND);
        collectAt(reservoir, 2 * SECOND);
        collectAt(reservoir, 6 * SECOND); // rotated: 1 s is the previous pick
        offerAt(reservoir, 7 * SECOND, 50 * SECOND);
        final List<CollectedCopy> delta = CollectedCopy.collect(reservoir, true);
        assertEquals(1, delta.size());
        assertEquals(1, delta.get(0).index, "the current pick only, at its bucket's index");
        assertEquals(0, arena.ringsInUse());
        assertEquals(List.of(), collectAt(reservoir, 8 * SECOND));
    }

    @Test
    void aRetainingRingIsTwoSlotsPerBucketAndATrailer() {
        final long before = arena.bytesInUse();
        final ExemplarReservoir<TestContext> reservoir = uniform();
        offerAt(reservoir, SECOND, 5 * SECOND);
        assertEquals((2 * 3 + 1) * SlotLayout.SLOT_LENGTH, arena.bytesInUse() - before);
        assertEquals(3, reservoir.capacity());
        final SlotArena small = SlotArena.create(64, 1);
        final IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
            () -> AlignedSlowestReservoir.create(small, BucketBoundaries.of(increasing(40)),
                TestContext.CAPTURER, SeriesFilter.acceptAll(), Retention.of(MAX_AGE)));
        assertTrue(tooMany.getMessage().contains("needs 83 slots"), tooMany.getMessage());
        AlignedSlowestReservoir.create(small, BucketBoundaries.of(increasing(30)), TestContext.CAPTURER).close();
    }

    private static double[] increasing(final int count) {
        final double[] boundaries = new double[count];
        for (int i = 0; i < count; i++) {
            boundaries[i] = i + 1;
        }
        return boundaries;
    }

    @Test
    void twoCollectionsInARowSeeTheSameExemplarsAfterOffersFromAnotherThread() throws Exception {
        final ExemplarReservoir<TestContext> reservoir = AlignedUniformReservoir.create(arena, BOUNDARIES,
            TestContext.CAPTURER, SeriesFilter.acceptAll(), Retention.of(MAX_AGE, clock::get));
        final Thread writer = new Thread(() -> {
            for (long offer = 0; offer < 200_000; offer++) {
                reservoir.offerDouble(offer % 3 == 0 ? 1 : offer % 3 == 1 ? 50 * SECOND : 500 * SECOND, null,
                    new TestContext(offer));
            }
        });
        writer.start();
        writer.join();
        clock.set(TestContext.EPOCH_NANOS + SECOND); // captures are at EPOCH_NANOS + offer
        final List<CollectedCopy> first = CollectedCopy.collect(reservoir, false);
        final List<CollectedCopy> second = CollectedCopy.collect(reservoir, false);
        assertEquals(3, first.size());
        assertEquals(first.stream().map(c -> c.contextReference).collect(Collectors.toList()),
            second.stream().map(c -> c.contextReference).collect(Collectors.toList()));
        reservoir.close();
        assertEquals(new ArrayList<>(), CollectedCopy.collect(reservoir, false));
    }
}
