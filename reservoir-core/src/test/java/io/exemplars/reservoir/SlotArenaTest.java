package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leases, limits, refusals and release of the arena's slots. */
class SlotArenaTest {
    private static final BucketBoundaries THREE = BucketBoundaries.of(1, 2, 3);

    @Test
    void rejectsBadConfigurationNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(0, 1))
            .getMessage().contains("was 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(SlotArena.MAX_SLAB_SLOTS + 1, 1))
            .getMessage().contains("slabSlots"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(16, 0))
            .getMessage().contains("maxSlabs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlotArena.createWithLimit(1000))
            .getMessage().contains("was 1000"));
    }

    @Test
    void aReservoirLeasesSlotsOnItsFirstExemplarAndReturnsThemOnAnIdleIntervalsResettingCollect() {
        final SlotArena arena = SlotArena.create(64, 2);
        assertEquals(0, arena.bytesReserved());
        final AlignedUniformReservoir<TestContext> a = AlignedUniformReservoir.create(arena, THREE, TestContext.CAPTURER);
        final FixedSizeUniformReservoir<TestContext> f = FixedSizeUniformReservoir.create(arena, 4, TestContext.CAPTURER);
        assertEquals(0, arena.bytesInUse(), "no slots before the first exemplar");
        assertEquals(2 * 64 * SLOT_LENGTH, arena.bytesReserved(), "the two placeholders only");
        a.offerDouble(1.5, null, new TestContext(1));
        f.offerDouble(1.5, null, new TestContext(2));
        assertEquals((4 + 5) * SLOT_LENGTH, arena.bytesInUse());
        assertEquals(3 * 64 * SLOT_LENGTH, arena.bytesReserved());
        assertEquals(2, arena.ringsInUse());

        assertEquals(1, CollectedCopy.collect(a, false).size());
        assertEquals(2, arena.ringsInUse(), "a collect that keeps keeps the lease");
        assertEquals(1, CollectedCopy.collect(a, true).size());
        assertEquals((4 + 5) * SLOT_LENGTH, arena.bytesInUse(), "a resetting collect that exported keeps the lease");
        assertEquals(0, CollectedCopy.collect(a, true).size());
        assertEquals(5 * SLOT_LENGTH, arena.bytesInUse(), "the next one, finding the interval idle, returns it");

        a.offerDouble(2.5, null, new TestContext(3));
        final List<CollectedCopy> next = CollectedCopy.collect(a, false);
        assertEquals(1, next.size());
        assertTrue(next.get(0).cameFrom(3) && next.get(0).index == 2, "a new lease for the next interval");
        a.close();
        a.close(); // idempotent
        assertEquals(5 * SLOT_LENGTH, arena.bytesInUse());
        f.close();
        assertEquals(0, arena.bytesInUse());
        assertEquals(0, arena.ringsInUse());
        a.offerDouble(1.5, null, new TestContext(4));
        assertEquals(0, arena.ringsInUse(), "offers after close are ignored");
        assertEquals(0, CollectedCopy.collect(a, true).size());
    }

    @Test
    void returnedRunsAreReusedAtOnceAndMerge() {
        final SlotArena arena = SlotArena.create(16, 1);
        final List<FixedSizeUniformReservoir<TestContext>> small = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final FixedSizeUniformReservoir<TestContext> r = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
            r.offerDouble(i, null, new TestContext(i)); // 2 slots each: the slab is full
            small.add(r);
        }
        assertEquals(16 * SLOT_LENGTH, arena.bytesInUse());
        for (final int i : new int[] {1, 3, 2, 0, 5, 4, 7, 6}) {
            small.get(i).close();
        }
        final FixedSizeUniformReservoir<TestContext> big = FixedSizeUniformReservoir.create(arena, 15, TestContext.CAPTURER);
        big.offerDouble(1, null, new TestContext(9));
        assertEquals(16 * SLOT_LENGTH, arena.bytesInUse());
        assertEquals(0, arena.refusals());
        big.close();
    }

    @Test
    void atItsLimitTheArenaRefusesWithoutThrowingAndLendsAgainOnceSlotsReturn() {
        final SlotArena arena = SlotArena.create(8, 2);
        final FixedSizeUniformReservoir<TestContext> first = FixedSizeUniformReservoir.create(arena, 7, TestContext.CAPTURER);
        final FixedSizeUniformReservoir<TestContext> second = FixedSizeUniformReservoir.create(arena, 7, TestContext.CAPTURER);
        final FixedSizeUniformReservoir<TestContext> refused = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
        first.offerDouble(1, null, new TestContext(1));
        second.offerDouble(1, null, new TestContext(2));
        for (int i = 0; i < 100; i++) {
            refused.offerDouble(i, null, new TestContext(i)); // never throws
        }
        assertEquals(1, arena.refusals(), "refused once, then rejected on the read-only path until the next collect");
        final List<String> warnings = new ArrayList<>();
        final Handler capture = capture(warnings);
        try {
            assertEquals(0, CollectedCopy.collect(refused, true).size());
            assertEquals(1, warnings.size(), "one warning");
            assertTrue(warnings.get(0).contains("refused 1 lease") && warnings.get(0).contains("at its limit"),
                warnings.get(0));
            CollectedCopy.collect(first, true); // returns first's slots
            refused.offerDouble(42, null, new TestContext(42));
            final List<CollectedCopy> kept = CollectedCopy.collect(refused, false);
            assertEquals(1, kept.size());
            assertTrue(kept.get(0).cameFrom(42));
            assertEquals(1, warnings.size(), "no second warning within the minute");
        } finally {
            Logger.getLogger(SlotArena.class.getName()).removeHandler(capture);
        }
    }

    private static Handler capture(final List<String> messages) {
        final Handler handler = new Handler() {
            @Override
            public void publish(final LogRecord record) {
                messages.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger(SlotArena.class.getName()).addHandler(handler);
        return handler;
    }

    @Test
    void emptySlabsAreKeptForReuseAndLetGoOnlyAfterLingering() {
        final SlotArena arena = SlotArena.create(2, 8);
        final List<FixedSizeUniformReservoir<TestContext>> reservoirs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            reservoirs.add(FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER)); // one slab each
        }
        final Runnable oneInterval = () -> {
            for (int i = 0; i < reservoirs.size(); i++) {
                reservoirs.get(i).offerDouble(i, null, new TestContext(i));
            }
            reservoirs.forEach(r -> CollectedCopy.collect(r, true)); // exported: the leases are kept
            reservoirs.forEach(r -> CollectedCopy.collect(r, true)); // an idle interval: returned
        };
        oneInterval.run();
        assertEquals((6 + 2) * 2 * SLOT_LENGTH, arena.bytesReserved(), "six slabs and two placeholders");
        oneInterval.run();
        assertEquals((6 + 2) * 2 * SLOT_LENGTH, arena.bytesReserved(), "the next interval reuses them");
        assertEquals(0, arena.bytesInUse());

        arena.emptySlabLingerNanos = 0; // as if a minute had passed
        oneInterval.run();
        assertEquals((SlotArena.RETAINED_EMPTY_SLABS + 2) * 2 * SLOT_LENGTH, arena.bytesReserved());
        oneInterval.run();
        assertEquals(0, arena.refusals(), "let-go slabs are simply allocated again when needed");
    }

    @Test
    void ringLargerThanASlabIsRejectedNamingTheSize() {
        final SlotArena arena = SlotArena.create(8, 4);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> FixedSizeUniformReservoir.create(arena, 8, TestContext.CAPTURER));
        assertTrue(e.getMessage().contains("was 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FixedSizeUniformReservoir.create(arena, 0, TestContext.CAPTURER));
        assertThrows(IllegalArgumentException.class, () -> FixedSizeUniformReservoir.create(arena, -3, TestContext.CAPTURER));
        assertThrows(IllegalArgumentException.class,
            () -> AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3, 4, 5, 6, 7, 8), TestContext.CAPTURER));
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        final SlotArena arena = SlotArena.create();
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> AlignedUniformReservoir.create(null, BucketBoundaries.of(1), TestContext.CAPTURER)).getMessage().contains("arena"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> AlignedUniformReservoir.create(arena, null, TestContext.CAPTURER)).getMessage().contains("boundaries"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> FixedSizeUniformReservoir.create(arena, 2, null)).getMessage().contains("capturer"));
    }

    @Test
    void unreachableReservoirIsReleasedByTheCleaner() throws InterruptedException {
        final SlotArena arena = SlotArena.create(64, 1);
        createAndDrop(arena);
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (arena.ringsInUse() != 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(0, arena.ringsInUse(), "the Cleaner should have released the forgotten reservoir");
        assertEquals(0, arena.bytesInUse());
    }

    private static void createAndDrop(final SlotArena arena) {
        final FixedSizeUniformReservoir<TestContext> r = FixedSizeUniformReservoir.create(arena, 3, TestContext.CAPTURER);
        r.offerDouble(1, null, new TestContext(1));
        assertEquals(4 * SLOT_LENGTH, arena.bytesInUse());
    }

    @Test
    void toStringNamesTheBackendAndTheFigures() {
        final SlotArena arena = SlotArena.create(64, 3);
        assertTrue(arena.toString().contains("backend=" + SlotMemoryBackend.current()), arena.toString());
        assertTrue(arena.toString().contains("bytesLimit=" + 3 * 64 * SLOT_LENGTH), arena.toString());
        assertEquals(SlotMemoryBackend.current(), arena.backend());
    }
}
