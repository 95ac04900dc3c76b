package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16: leases that expire, refused series that recover, idle memory given back. */
class LeaseLifetimeTest {
    private static final long EXPIRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** An arena of one 16-slot slab, full with eight k=1 reservoirs (two slots each). */
    private static List<FixedSizeUniformReservoir<TestContext>> fill(final SlotArena arena) {
        final List<FixedSizeUniformReservoir<TestContext>> holders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final FixedSizeUniformReservoir<TestContext> r = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
            r.offerDouble(i, null, new TestContext(i));
            holders.add(r);
        }
        assertEquals(16 * SLOT_LENGTH, arena.bytesInUse());
        return holders;
    }

    /** A 4-bucket aligned reservoir that kept one exemplar and exported it: its lease is kept, empty. */
    private static AlignedUniformReservoir<TestContext> keptEmptyAlignedLease(final SlotArena arena) {
        final AlignedUniformReservoir<TestContext> kept =
            AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3), TestContext.CAPTURER);
        kept.offerDouble(0.5, null, new TestContext(1));
        assertEquals(1, CollectedCopy.collect(kept, true).size());
        return kept;
    }

    private static void sleepPast(final long nanos) throws InterruptedException {
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(nanos) + 20);
    }

    @Test
    void leasesNotCollectedWithinTheirExpiryAreTakenBackUnderPressureOnlyAndTheirOwnersLeaseAgain() throws Exception {
        final SlotArena arena = SlotArena.create(16, 1);
        arena.leaseExpiryNanos = EXPIRY_NANOS;
        final List<FixedSizeUniformReservoir<TestContext>> holders = fill(arena);
        final FixedSizeUniformReservoir<TestContext> late = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
        late.offerDouble(100, null, new TestContext(100));
        assertEquals(1, arena.refusals(), "8 fresh leases of 8 fill the arena: the 9th is refused");
        assertEquals(0, arena.expiredLeasesTakenBack());

        sleepPast(EXPIRY_NANOS);
        assertEquals(16 * SLOT_LENGTH, arena.bytesInUse(), "expired leases stay while nobody needs the memory");
        assertEquals(1, CollectedCopy.collect(holders.get(0), false).size(), "a collection renews holder 0's lease");

        final FixedSizeUniformReservoir<TestContext> live = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
        live.offerDouble(200, null, new TestContext(200));
        assertEquals(7, arena.expiredLeasesTakenBack(), "the 7 unrenewed leases of 8 are taken back");
        assertEquals(1, arena.refusals(), "and the new series is not refused");
        assertEquals(2 * 2 * SLOT_LENGTH, arena.bytesInUse(), "holder 0 and the new series hold slots");
        final List<CollectedCopy> kept = CollectedCopy.collect(live, true);
        assertTrue(kept.size() == 1 && kept.get(0).cameFrom(200), "the new series keeps its exemplar");
        final List<CollectedCopy> renewed = CollectedCopy.collect(holders.get(0), true);
        assertTrue(renewed.size() == 1 && renewed.get(0).cameFrom(0), "the renewed lease kept its exemplar");
        assertEquals(0, CollectedCopy.collect(holders.get(3), true).size(), "a taken-back lease lost its exemplar");

        holders.get(3).offerDouble(300, null, new TestContext(300));
        final List<CollectedCopy> again = CollectedCopy.collect(holders.get(3), true);
        assertTrue(again.size() == 1 && again.get(0).cameFrom(300), "its owner simply leased again: " + again.size());
        assertEquals(1, arena.refusals());
        holders.forEach(FixedSizeUniformReservoir::close);
        late.close();
        live.close();
        assertEquals(0, arena.bytesInUse());
    }

    @Test
    void aRetainingLeaseLastsTwiceItsMaxAge() throws Exception {
        final SlotArena arena = SlotArena.create(16, 1);
        arena.leaseExpiryNanos = EXPIRY_NANOS;
        final FixedSizeUniformReservoir<TestContext> retaining = FixedSizeUniformReservoir.create(arena, 1,
            TestContext.CAPTURER, SeriesFilter.acceptAll(), Retention.of(Duration.ofSeconds(10)));
        retaining.offerDouble(1, null, new TestContext(1)); // 3 slots
        final List<FixedSizeUniformReservoir<TestContext>> others = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // 12 slots: 15 of 16 used
            final FixedSizeUniformReservoir<TestContext> r = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
            r.offerDouble(i, null, new TestContext(i));
            others.add(r);
        }
        sleepPast(EXPIRY_NANOS);
        final FixedSizeUniformReservoir<TestContext> big = FixedSizeUniformReservoir.create(arena, 12, TestContext.CAPTURER);
        big.offerDouble(7, null, new TestContext(7));
        assertEquals(6, arena.expiredLeasesTakenBack(), "the six plain leases expired after 50 ms, not the retaining one");
        assertEquals(0, arena.refusals());
        assertEquals(2, arena.ringsInUse(), "the retaining lease (20 s) and the new one");
        assertEquals((3 + 13) * SLOT_LENGTH, arena.bytesInUse());
    }

    @Test
    void aWriterWhoseLeaseWasTakenBackWritesIntoItsNewLeaseNeverIntoAnotherRing() throws Exception {
        final SlotArena arena = SlotArena.create(4, 1);
        arena.leaseExpiryNanos = EXPIRY_NANOS;
        final AlignedUniformReservoir<TestContext> victim =
            AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3), TestContext.CAPTURER); // 4 slots
        victim.offerDouble(0.5, null, new TestContext(1));
        sleepPast(EXPIRY_NANOS);
        final AlignedUniformReservoir<TestContext> thief =
            AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3), TestContext.CAPTURER);
        thief.offerDouble(0.5, null, new TestContext(2));
        assertEquals(1, arena.expiredLeasesTakenBack());
        victim.offerDouble(0.5, null, new TestContext(3)); // refused: the thief's lease is fresh
        final List<CollectedCopy> thiefs = CollectedCopy.collect(thief, true);
        assertTrue(thiefs.size() == 1 && thiefs.get(0).cameFrom(2), "the victim's late offer never lands in the thief's slots");
        assertEquals(0, CollectedCopy.collect(victim, true).size());
        assertEquals(1, arena.refusals());
        victim.offerDouble(0.5, null, new TestContext(4)); // the thief's lease was returned at its collection
        final List<CollectedCopy> victims = CollectedCopy.collect(victim, true);
        assertTrue(victims.size() == 1 && victims.get(0).cameFrom(4), "after its collection, the refused series recovers");
    }

    @Test
    void aRefusedSeriesAsksAgainAfterAnyCollectionEvenOneThatKeeps() {
        final SlotArena arena = SlotArena.create(4, 1);
        final AlignedUniformReservoir<TestContext> holder =
            AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3), TestContext.CAPTURER);
        holder.offerDouble(0.5, null, new TestContext(1));
        final FixedSizeUniformReservoir<TestContext> refused = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
        refused.offerDouble(1, null, new TestContext(2));
        assertEquals(1, arena.refusals());
        holder.close();
        assertEquals(0, CollectedCopy.collect(refused, false).size(), "a cumulative collection ends the refusal too");
        refused.offerDouble(1, null, new TestContext(3));
        final List<CollectedCopy> kept = CollectedCopy.collect(refused, false);
        assertTrue(kept.size() == 1 && kept.get(0).cameFrom(3), "recovered without a resetting collection");
    }

    @Test
    void aLeaseKeptAcrossAResettingCollectionIsTakenBackUnderPressureAtOnceButNotOnceWrittenAgain() {
        final SlotArena arena = SlotArena.create(16, 1); // expiry: the default 3 minutes, far away
        final List<FixedSizeUniformReservoir<TestContext>> holders = fill(arena);
        for (int i = 0; i < 8; i++) {
            assertEquals(1, CollectedCopy.collect(holders.get(i), true).size());
        }
        assertEquals(16 * SLOT_LENGTH, arena.bytesInUse(), "a series that exported keeps its lease");
        holders.get(5).offerDouble(50, null, new TestContext(50)); // writes into its kept lease: in use again

        final FixedSizeUniformReservoir<TestContext> late = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
        late.offerDouble(100, null, new TestContext(100));
        assertEquals(0, arena.refusals(), "the kept, empty leases make room");
        assertEquals(0, arena.expiredLeasesTakenBack(), "none of them had expired");
        assertEquals(2 * 2 * SLOT_LENGTH, arena.bytesInUse(), "holder 5, written again, and the late series");
        final List<CollectedCopy> written = CollectedCopy.collect(holders.get(5), true);
        assertTrue(written.size() == 1 && written.get(0).cameFrom(50), "the written lease kept its exemplar");
        final List<CollectedCopy> late1 = CollectedCopy.collect(late, true);
        assertTrue(late1.size() == 1 && late1.get(0).cameFrom(100), "the late series keeps its exemplar");

        holders.get(2).offerDouble(20, null, new TestContext(20)); // its lease was taken: it leases again
        final List<CollectedCopy> again = CollectedCopy.collect(holders.get(2), true);
        assertTrue(again.size() == 1 && again.get(0).cameFrom(20), "a series whose kept lease was taken leases again");
        assertEquals(0, arena.refusals());
    }

    @Test
    void aNonResettingCollectionThatFindsAKeptLeaseEmptyLeavesItKeptSoPressureCanStillTakeIt() {
        final SlotArena arena = SlotArena.create(4, 1); // one ring's worth
        final AlignedUniformReservoir<TestContext> kept = keptEmptyAlignedLease(arena);
        assertEquals(0, CollectedCopy.collect(kept, false).size(), "a look that finds nothing");

        final AlignedUniformReservoir<TestContext> pressing =
            AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3), TestContext.CAPTURER);
        pressing.offerDouble(0.5, null, new TestContext(3));
        assertEquals(1, arena.keptLeasesTakenBack(), "still kept and empty after the look: taken for the new series");
        assertEquals(0, arena.refusals());
        final List<CollectedCopy> pressed = CollectedCopy.collect(pressing, true);
        assertTrue(pressed.size() == 1 && pressed.get(0).cameFrom(3), "the new series keeps its exemplar");
    }

    @Test
    void aKeptLeaseWrittenBehindItsCollectionsBackIsNotTakenBackAsIdle() {
        final SlotArena arena = SlotArena.create(4, 1); // one ring's worth
        final AlignedUniformReservoir<TestContext> kept = keptEmptyAlignedLease(arena);
        // A writer that had found the ring COLLECTING stores after that collection looked at its slot,
        // as SlotRing.write does: under the slot's lock, having checked the tag.
        final SlotRing ring = kept.ring;
        final int offset = ring.base() + 2 * SLOT_LENGTH;
        final long held = ring.memory().lock(offset);
        assertEquals(ring.tag(), ring.memory().getInt(offset + SlotLayout.TAG_OFFSET));
        assertTrue(SlotRing.store(ring.memory(), offset, 5L, Double.doubleToRawLongBits(2.5), 0, null,
            new TestContext(2), TestContext.CAPTURER));
        ring.memory().unlock(offset, held);

        final AlignedUniformReservoir<TestContext> pressing =
            AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3), TestContext.CAPTURER);
        pressing.offerDouble(0.5, null, new TestContext(3));
        assertEquals(0, arena.keptLeasesTakenBack(), "the kept lease holds an exemplar: not idle");
        assertEquals(1, arena.refusals(), "so the new series is refused");
        final List<CollectedCopy> late = CollectedCopy.collect(kept, true);
        assertTrue(late.size() == 1 && late.get(0).cameFrom(2) && late.get(0).index == 2, "the late exemplar is kept");
    }

    @Test
    void aKeptLeaseThatNobodyCollectsAnyMoreGoesBackAfterItsExpiryWithoutPressure() throws Exception {
        final SlotArena arena = SlotArena.create(16, 4);
        arena.leaseExpiryNanos = EXPIRY_NANOS;
        final FixedSizeUniformReservoir<TestContext> quiet = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
        final FixedSizeUniformReservoir<TestContext> busy = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
        quiet.offerDouble(1, null, new TestContext(1));
        assertEquals(1, CollectedCopy.collect(quiet, true).size()); // kept; then never collected again
        assertEquals(2 * SLOT_LENGTH, arena.bytesInUse());
        final Runnable busyIntervals = () -> { // enough lease-keeping collections for the arena to look
            for (int i = 0; i < SlotArena.COLLECTIONS_PER_LOOK; i++) {
                busy.offerDouble(2, null, new TestContext(2));
                CollectedCopy.collect(busy, true);
            }
        };
        sleepPast(EXPIRY_NANOS / 2); // a look is due at most every half expiry
        busyIntervals.run(); // the arena looks: stamps the quiet lease's renewal
        assertEquals(2 * 2 * SLOT_LENGTH, arena.bytesInUse(), "not expired yet: both hold slots");
        sleepPast(EXPIRY_NANOS);
        busyIntervals.run(); // the arena looks again: the quiet lease, kept and empty, has expired
        assertEquals(2 * SLOT_LENGTH, arena.bytesInUse(), "only the busy series holds slots");
        assertEquals(0, arena.refusals());
        quiet.offerDouble(3, null, new TestContext(3));
        final List<CollectedCopy> back = CollectedCopy.collect(quiet, true);
        assertTrue(back.size() == 1 && back.get(0).cameFrom(3), "the quiet series leases again when it records");
    }

    @Test
    void emptySlabsAreLetGoByACollectionWhenNoLeaseComesBackAnyMore() throws Exception {
        final SlotArena arena = SlotArena.create(2, 8);
        final List<FixedSizeUniformReservoir<TestContext>> reservoirs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            final FixedSizeUniformReservoir<TestContext> r = FixedSizeUniformReservoir.create(arena, 1, TestContext.CAPTURER);
            r.offerDouble(i, null, new TestContext(i)); // one slab each
            reservoirs.add(r);
        }
        reservoirs.forEach(r -> CollectedCopy.collect(r, true)); // exported: each lease kept
        reservoirs.forEach(r -> CollectedCopy.collect(r, true)); // idle: every slab now empty, none lingered yet
        assertEquals((6 + 2) * 2 * SLOT_LENGTH, arena.bytesReserved());
        arena.emptySlabLingerNanos = EXPIRY_NANOS;
        sleepPast(EXPIRY_NANOS);
        assertEquals((6 + 2) * 2 * SLOT_LENGTH, arena.bytesReserved(), "nothing runs on its own");
        CollectedCopy.collect(reservoirs.get(0), true); // an idle scrape: holds nothing, returns nothing
        assertEquals((SlotArena.RETAINED_EMPTY_SLABS + 2) * 2 * SLOT_LENGTH, arena.bytesReserved(),
            "an idle collection lets the lingering slabs go, keeping two");
    }

    @Test
    void thePlaceholdersOfAnArenaThatHasThemArePreparedAtOnce() {
        final SlotArena arena = SlotArena.create(16, 1);
        assertEquals(0, arena.bytesReserved());
        assertTrue(arena.tryPrepare());
        assertEquals(2 * 16 * SLOT_LENGTH, arena.bytesReserved());
        assertTrue(arena.tryPrepare());
        assertEquals(0, arena.refusals());
    }
}
