package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotArenaTest {

    @Test
    void rejectsBadConfigurationNamingTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(0, 1))
            .getMessage().contains("was 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(SlotArena.MAX_SLAB_SLOTS + 1, 1))
            .getMessage().contains("slabSlots"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(16, 0))
            .getMessage().contains("maxSlabs"));
    }

    @Test
    void tracksBytesInUseAndReturnsSlotsOnClose() {
        final SlotArena arena = SlotArena.create(64, 2);
        assertEquals(0, arena.bytesReserved());
        final AlignedUniformReservoir<TestContext> a =
            AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3), TestContext.CAPTURER);
        final FixedSizeUniformReservoir<TestContext> f = FixedSizeUniformReservoir.create(arena, 4, TestContext.CAPTURER);
        assertEquals((4 + 5) * SLOT_LENGTH, arena.bytesInUse());
        assertEquals(64 * SLOT_LENGTH, arena.bytesReserved());
        assertEquals(2, arena.ringsInUse());
        a.close();
        a.close(); // idempotent
        assertEquals(5 * SLOT_LENGTH, arena.bytesInUse());
        f.close();
        assertEquals(0, arena.bytesInUse());
        assertEquals(0, arena.ringsInUse());
    }

    @Test
    void freedRunsCoalesceSoALargeRingFitsAgain() {
        final SlotArena arena = SlotArena.create(16, 1);
        final List<FixedSizeUniformReservoir<TestContext>> small = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            small.add(FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER)); // 2 slots each
        }
        assertThrows(IllegalStateException.class, () -> FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER));
        // free in an order that needs merging on both sides
        for (final int i : new int[] {1, 3, 2, 0, 5, 4, 7, 6}) {
            small.get(i).close();
        }
        final FixedSizeUniformReservoir<TestContext> big = FixedSizeUniformReservoir.create(arena, 15, TestContext.CAPTURER);
        assertEquals(16 * SLOT_LENGTH, arena.bytesInUse());
        big.close();
    }

    @Test
    void exhaustedArenaFailsAtCreationWithAClearMessage() {
        final SlotArena arena = SlotArena.create(8, 2);
        FixedSizeUniformReservoir.create(arena, 7, TestContext.CAPTURER);
        FixedSizeUniformReservoir.create(arena, 7, TestContext.CAPTURER);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER));
        assertTrue(e.getMessage().contains("exhausted") && e.getMessage().contains("2 slabs"), e.getMessage());
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
}
