package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionTest {
    private static final long SECOND = 1_000_000_000L;
    /** maxAge 10 s: intervals of 5 s. */
    private static final Duration MAX_AGE = Duration.ofSeconds(10);

    private final AtomicLong clock = new AtomicLong(TestContext.EPOCH_NANOS);
    private final SlotArena arena = SlotArena.create();

    private ExemplarReservoir<TestContext> retaining(final int k) {
        return FixedSizeUniformReservoir.create(arena, k, TestContext.CAPTURER, SeriesFilter.acceptAll(),
            Retention.of(MAX_AGE, clock::get));
    }

    /** Offer {@code n} at clock time {@code t} (the offer number doubles as capture-time offset). */
    private void offerAt(final ExemplarReservoir<TestContext> reservoir, final long t) {
        clock.set(TestContext.EPOCH_NANOS + t);
        reservoir.offerDouble(t, null, new TestContext(t));
    }

    private List<Long> collectAt(final ExemplarReservoir<TestContext> reservoir, final long t) {
        clock.set(TestContext.EPOCH_NANOS + t);
        return CollectedCopy.collect(reservoir, false).stream().map(c -> (long) c.doubleValue).sorted()
            .collect(Collectors.toList());
    }

    @Test
    void collectorsShareTheExemplarsUntilANewerPickReplacesThemOrTheyExpire() {
        final ExemplarReservoir<TestContext> reservoir = retaining(1);
        offerAt(reservoir, SECOND);
        assertEquals(List.of(SECOND), collectAt(reservoir, 2 * SECOND));
        assertEquals(List.of(SECOND), collectAt(reservoir, 2 * SECOND), "a second collector sees it too");
        assertEquals(List.of(SECOND), collectAt(reservoir, 6 * SECOND), "a new interval with no pick keeps it");
        offerAt(reservoir, 7 * SECOND);
        assertEquals(List.of(7 * SECOND), collectAt(reservoir, 8 * SECOND), "the newer pick replaces it");
        assertEquals(List.of(7 * SECOND), collectAt(reservoir, 16 * SECOND));
        assertEquals(List.of(), collectAt(reservoir, 17 * SECOND + 1), "older than maxAge: never exported");
        assertEquals(0, arena.ringsInUse(), "nothing left to export: the slots went back to the arena");
    }

    @Test
    void anOldPickStaysWhileTheNewIntervalFillsAndIsReplacedAtTheNextRotation() {
        final ExemplarReservoir<TestContext> reservoir = retaining(2);
        offerAt(reservoir, SECOND);
        offerAt(reservoir, 2 * SECOND);
        assertEquals(List.of(SECOND, 2 * SECOND), collectAt(reservoir, 3 * SECOND));
        // Interval 2 starts at 5 s: the first collection there rotates; the old pick is still exported.
        assertEquals(List.of(SECOND, 2 * SECOND), collectAt(reservoir, 5 * SECOND));
        offerAt(reservoir, 6 * SECOND);
        assertEquals(List.of(6 * SECOND), collectAt(reservoir, 7 * SECOND), "the current pick, once it has one");
        assertEquals(List.of(6 * SECOND), collectAt(reservoir, 7 * SECOND));
    }

    @Test
    void aResettingCollectionIgnoresRetention() {
        final ExemplarReservoir<TestContext> reservoir = retaining(1);
        offerAt(reservoir, SECOND);
        assertEquals(1, reservoir.collect(CollectedCopy.TO_LIST, new java.util.ArrayList<>(), true));
        assertEquals(List.of(), collectAt(reservoir, 2 * SECOND));
        offerAt(reservoir, 3 * SECOND);
        collectAt(reservoir, 4 * SECOND); // a fresh lease takes the interval mark
        collectAt(reservoir, 6 * SECOND); // rotates: the pick is now the previous one
        assertEquals(0, reservoir.collect(CollectedCopy.TO_LIST, new java.util.ArrayList<>(), true),
            "delta: the previous pick is never exported, only the current one (empty)");
        assertEquals(List.of(), collectAt(reservoir, 6 * SECOND));
    }

    @Test
    void aRefusedRetainingReservoirAsksAgainAtItsNextCollection() {
        final SlotArena small = SlotArena.create(4, 1); // one slab of 4 slots: one ring of 2k + 1 = 3
        final ExemplarReservoir<TestContext> first = FixedSizeUniformReservoir.create(small, 1,
            TestContext.CAPTURER, SeriesFilter.acceptAll(), Retention.of(MAX_AGE, clock::get));
        final ExemplarReservoir<TestContext> second = FixedSizeUniformReservoir.create(small, 1,
            TestContext.CAPTURER, SeriesFilter.acceptAll(), Retention.of(MAX_AGE, clock::get));
        offerAt(first, SECOND);
        offerAt(second, SECOND);
        assertEquals(List.of(), collectAt(second, 2 * SECOND), "refused: the arena is full");
        first.close();
        offerAt(second, 3 * SECOND);
        assertEquals(List.of(3 * SECOND), collectAt(second, 4 * SECOND),
            "the retaining collection ended the refusal, so the next winner got slots");
    }

    @Test
    void badMaxAgeIsRefusedByName() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Retention.of(Duration.ofMillis(1)));
        assertTrue(e.getMessage().contains("PT0.001S"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Retention.of(null));
        assertThrows(IllegalArgumentException.class, () -> Retention.of(Duration.ofDays(2)));
    }
}
