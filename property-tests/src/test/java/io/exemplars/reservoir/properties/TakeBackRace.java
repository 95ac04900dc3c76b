package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.ExemplarReservoir;
import io.exemplars.reservoir.ExpiringArenas;
import io.exemplars.reservoir.SlotArena;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A reservoir (the victim, the sampler under test) whose lease is taken back again and again while
 * its writers race: victim and thief share a one-slab arena that fits one of them, so every lease
 * the thief asks for takes the victim's run back, and the victim's next winner takes the run back
 * from the thief. Either the leases expire after a nanosecond (taken back as expired, whatever they
 * hold), or they never expire within the race, and only a kept lease (emptied by its ring's
 * resetting collection and not written since) is taken back: then a victim's writer that stored
 * into its lease while the victim was being collected races the arena's check that the lease holds
 * nothing. A thief thread offers its own numbered
 * offers (from {@link #THIEF_BASE} on) and collects with reset, round and round, and counts any
 * exemplar it finds that is torn or is not its own: a victim's writer that wrote into a run taken
 * back from it would show up there.
 */
final class TakeBackRace implements SamplerUnderTest {
    /** The thief's offer numbers start here, far above every victim pool's. */
    static final long THIEF_BASE = 1L << 30;
    private static final long SEED = 0x7A4E_BAC4L;
    private static final int THIEF_POOL = 1_024;

    private final SlotArena arena;
    private final ExemplarReservoir<Offer> victim;
    private final ExemplarReservoir<Offer> thief;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thiefThread;
    /** Written by the thief thread, read after it is joined. */
    private long thiefCollected;
    private long thiefRounds;
    private final List<String> foreign = new ArrayList<>();

    private TakeBackRace(final Function<SlotArena, ExemplarReservoir<Offer>> make, final int ringSlots,
                         final long expiryNanos) {
        arena = ExpiringArenas.oneSlab(ringSlots, expiryNanos);
        victim = make.apply(arena);
        thief = make.apply(arena);
        thiefThread = new Thread(this::steal, "thief");
        thiefThread.start();
    }

    /**
     * @param make      makes a reservoir on the race's arena (called twice: victim, then thief)
     * @param ringSlots   slots of one such reservoir's ring: the arena's one slab
     * @param expiryNanos how long a lease lasts unrenewed (1: every lease is expired; an hour: only
     *                    kept leases are taken back)
     * @return a running race (the thief thread started); close it to stop the thief
     */
    static TakeBackRace start(final Function<SlotArena, ExemplarReservoir<Offer>> make, final int ringSlots,
                              final long expiryNanos) {
        return new TakeBackRace(make, ringSlots, expiryNanos);
    }

    private void steal() {
        final Offer[] pool = new Offer[THIEF_POOL];
        for (int i = 0; i < THIEF_POOL; i++) {
            pool[i] = Offer.numbered(SEED, THIEF_BASE + i, 0);
        }
        final List<ExemplarSnapshot> kept = new ArrayList<>();
        long offers = 0;
        while (running.get()) {
            for (int i = 0; i < 4; i++) {
                pool[(int) (offers++ & (THIEF_POOL - 1))].offerTo(thief);
            }
            kept.clear();
            thief.collect(ExemplarSnapshot.INTO_LIST, kept, true);
            thiefRounds++;
            for (final ExemplarSnapshot exemplar : kept) {
                thiefCollected++;
                final boolean own = exemplar.attributes() instanceof Offer
                    && ((Offer) exemplar.attributes()).number() >= THIEF_BASE;
                if ((!own || !OfferConsistency.tornFields(exemplar).isEmpty()) && foreign.size() < 3) {
                    foreign.add(exemplar.toString());
                }
            }
        }
    }

    @Override
    public void offer(final Offer offer) {
        offer.offerTo(victim);
    }

    @Override
    public void collect(final boolean reset, final List<ExemplarSnapshot> into) {
        victim.collect(ExemplarSnapshot.INTO_LIST, into, reset);
    }

    /** Stops the thief; then {@link #report()} is final. */
    @Override
    public void close() {
        running.set(false);
        try {
            thiefThread.join();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        victim.close();
        thief.close();
    }

    /**
     * @param expired whether to count the expired leases taken back, or the kept ones
     * @return leases of that kind the arena took back so far (both ways)
     */
    long takenBack(final boolean expired) {
        return expired ? arena.expiredLeasesTakenBack() : ExpiringArenas.keptLeasesTakenBack(arena);
    }

    /**
     * @return after {@link #close()}: what the thief saw and how often the arena took a lease back
     */
    Report report() {
        return new Report(arena.expiredLeasesTakenBack(), ExpiringArenas.keptLeasesTakenBack(arena), arena.refusals(),
            thiefRounds, thiefCollected, List.copyOf(foreign));
    }

    /**
     * @param expiredTakenBack expired leases the arena took back (both ways)
     * @param keptTakenBack  kept leases the arena took back (both ways)
     * @param refusals       leases the arena refused (both ways: the other held a lease being collected)
     * @param thiefRounds    the thief's offer-and-collect rounds
     * @param thiefCollected exemplars the thief collected
     * @param foreign        the first few of them that were torn or not the thief's
     */
    record Report(long expiredTakenBack, long keptTakenBack, long refusals, long thiefRounds, long thiefCollected,
                  List<String> foreign) {
    }

    @Override
    public String toString() {
        return "TakeBackRace{victim=" + victim + ", " + arena + '}';
    }
}
