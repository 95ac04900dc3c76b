package io.exemplars.reservoir;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;

import static io.exemplars.reservoir.SlotLayout.ATTRIBUTES_REFERENCE;
import static io.exemplars.reservoir.SlotLayout.CONTEXT_REFERENCE;
import static io.exemplars.reservoir.SlotLayout.EMPTY_KEY;
import static io.exemplars.reservoir.SlotLayout.EPOCH_NANOS_OFFSET;
import static io.exemplars.reservoir.SlotLayout.FLAGS_OFFSET;
import static io.exemplars.reservoir.SlotLayout.FREE_TAG;
import static io.exemplars.reservoir.SlotLayout.HEADER_REJECT_SCALE_OFFSET;
import static io.exemplars.reservoir.SlotLayout.KEY_OFFSET;
import static io.exemplars.reservoir.SlotLayout.REFERENCES_PER_SLOT;
import static io.exemplars.reservoir.SlotLayout.SEQ_OFFSET;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;
import static io.exemplars.reservoir.SlotLayout.SPAN_ID_OFFSET;
import static io.exemplars.reservoir.SlotLayout.TAG_OFFSET;
import static io.exemplars.reservoir.SlotLayout.TRACE_FLAGS_MASK;
import static io.exemplars.reservoir.SlotLayout.TRACE_ID_HIGH_OFFSET;
import static io.exemplars.reservoir.SlotLayout.TRACE_ID_LOW_OFFSET;
import static io.exemplars.reservoir.SlotLayout.VALUE_OFFSET;

/**
 * One reservoir's lease on a run of consecutive slots of a {@link SlotArena}, and the slot
 * operations every reservoir performs: claim, lock, store a captured offer, collect, free.
 *
 * <h2>Leases follow the series' activity</h2>
 * A ring holds slots only while its reservoir has something to keep: it starts without slots and
 * claims a run from the arena when its first candidate wins the draw. A resetting collection that
 * exports something empties the slots and keeps the run for the next interval ({@link #KEPT}): a
 * busy series leases once, not at every interval. The first resetting collection that finds the
 * interval idle gives the run back (as do {@link #close()}, the arena's {@link Cleaner} when the
 * reservoir becomes unreachable, and the arena taking a lease back). A kept run holds nothing, so
 * the arena may take it back at once when pressed for memory, and does so anyway after its expiry
 * (a series the SDK stopped collecting). So the arena's live set is the series that kept an
 * exemplar in their last interval or this one, plus leases nobody collects any more until they
 * expire and the arena needs them.
 * When the arena cannot lend a run (at its limit, or the JVM refuses direct memory) the ring is
 * refused: every offer is rejected on the read-only path until the next collection, which lets
 * the ring try again. Measurements are never affected, only exemplars.
 *
 * <h2>Leases expire</h2>
 * A lease counts from its grant or from the ring's last collection, whichever is later: every
 * collection renews it, whatever it finds, without reading the clock (the arena stamps its own
 * clock on the renewal when it next looks, see {@code renewedNanos}). Once it has gone unrenewed
 * for {@code expiryNanos}, the arena may take it back when pressed for memory
 * ({@link #tryBeginTakeBack}, {@link #finishTakeBack}): the ring goes from ALLOCATED (or KEPT)
 * through RELEASING to UNALLOCATED exactly as after an idle interval's collection, so its next
 * winner leases again, and a late writer finds the freed slots' tag foreign, as it would after
 * that collection.
 *
 * <h2>States</h2>
 * {@code state} moves under CAS: {@link #UNALLOCATED} to {@link #CLAIMING} to {@link #ALLOCATED}
 * (or {@link #REFUSED}); {@link #ALLOCATED} or {@link #KEPT} to {@link #COLLECTING}, and from there
 * back to {@link #ALLOCATED}, to {@link #KEPT} (a resetting collection that exported), or to
 * {@link #RELEASING} and then {@link #UNALLOCATED} (one that found the interval idle);
 * {@link #KEPT} to {@link #ALLOCATED} (the interval's first winner); a non-resetting collection
 * that entered from KEPT and found nothing goes back to KEPT; any state holding a run to
 * {@link #RELEASING} and then {@link #UNALLOCATED} (a take-back) or {@link #CLOSED}, except that
 * a kept lease's take-back that finds an exemplar after all goes from RELEASING back to
 * {@link #ALLOCATED}. While
 * the ring has no run, {@code memory} points at one of the arena's placeholders, never written:
 * the empty one (every key {@link SlotLayout#EMPTY_KEY}, so the next candidate wins and claims) or
 * the closed one (every key {@link SlotLayout#CLOSED_KEY}, so every offer is rejected).
 *
 * <h2>Why a racing offer is safe</h2>
 * The reject path reads {@code memory} (volatile), then {@code base} (plain), then one key: it may
 * see a run that is being freed or even reused by another ring, which costs at most one wrongly
 * rejected or wrongly promoted candidate and writes nothing. A writer locks its slot (or the ring's
 * header) and then compares the slot's tag with the tag its ring was given (see
 * {@link SlotLayout#TAG_OFFSET}): freeing and claiming rewrite the tag under the same lock, so a
 * writer that lost the race sees a foreign tag, unlocks, and retries in the ring's current place.
 * {@code memory}, {@code base} and {@code tag} are read without a common lock, and may come from
 * different leases; tags are unique per lease (a 32-bit counter), so only a consistent triple ever
 * matches. Every block of an arena has the same size, so any such mix stays in bounds. Memory is
 * never unmapped while a reference to it exists, so a stale reference reads valid memory. (A stale
 * writer may lock and unlock a placeholder's slot before it finds the tag foreign: that moves the
 * placeholder's seq word, never its keys.)
 *
 * <h2>Locks</h2>
 * A slot's seq word is its lock (see {@link SlotMemory#lock}). Critical sections are a handful of
 * stores plus the capturer's reads, never I/O, so waiters spin instead of parking.
 */
final class SlotRing {
    static final int UNALLOCATED = 0;
    static final int CLAIMING = 1;
    static final int ALLOCATED = 2;
    static final int COLLECTING = 3;
    static final int RELEASING = 4;
    static final int REFUSED = 5;
    static final int CLOSED = 6;
    /**
     * Holding a lease that a resetting collection found in use and emptied: kept for the next
     * interval, so that a busy series does not give its run back and lease it again at every
     * collection. The first winner of the interval moves it to {@link #ALLOCATED} (one CAS); the
     * next resetting collection that finds it still empty returns it; and the arena, pressed for
     * memory, may take it back at once, expired or not (it holds nothing: {@link #finishTakeBack}
     * checks that under every slot's lock).
     */
    static final int KEPT = 7;

    /** {@code renewedNanos} of a ring collected (or created) since the arena last looked at it. */
    static final long RENEWED_UNSTAMPED = Long.MIN_VALUE;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SlotRing.class, "state", int.class);
        } catch (final ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private final SlotArena arena;
    private final int slots;
    /** Where the ring's slots are now: an arena slab, or a placeholder. Volatile: published last. */
    private volatile SlotMemory memory;
    /** Byte offset of the ring's first slot in {@code memory}; written before {@code memory}. */
    private int base;
    /** The lease's tag, written into every slot of the run; written before {@code memory}. */
    private int tag;
    /** The slab the run came from, for giving it back; touched only by the thread that holds the state. */
    private SlotArena.Slab slab;
    private int leasedFirstSlot;
    private int leasedTag;
    /** How long a lease of this ring lasts unrenewed. */
    private final long expiryNanos;
    /**
     * When the ring was last renewed, as the arena's clock saw it: its lease counts from here; or
     * {@link #RENEWED_UNSTAMPED}, collected (or created) since the arena last looked. Collections
     * read no clock: the arena stamps its own on an unstamped renewal when it looks
     * ({@link #stampedExpiresAtNanos}), so a lease lasts at least its expiry from its last
     * collection, and at most until the arena's next look after that plus its expiry. (Looks come
     * at most once a second with collections (every sixteenth that keeps a lease, every one of a
     * ring without a lease), returned leases and refused ones; when every collection has stopped,
     * the next look may be a refused lease's, so a lease abandoned then expires an expiry after
     * that look rather than after its last collection.) Volatile:
     * written by collecting threads, read and stamped by whichever thread looks.
     */
    private volatile long renewedNanos = RENEWED_UNSTAMPED;
    /** The arena's chain of rings being taken back; touched only by the thread that holds RELEASING for it. */
    SlotRing nextTakenBack;
    /** Whether the take-back in progress took a {@link #KEPT} lease; written and read by the thread holding RELEASING. */
    private boolean idleTakeBack;
    /** Whether the collection in progress found the ring {@link #KEPT}; written and read by the thread holding COLLECTING. */
    private boolean collectingKept;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;
    Cleaner.Cleanable cleanable;

    SlotRing(final SlotArena arena, final int slots, final SlotMemory emptyPlaceholder, final long expiryNanos) {
        this.arena = arena;
        this.slots = slots;
        this.memory = emptyPlaceholder;
        this.expiryNanos = expiryNanos;
    }

    /**
     * @return number of slots in the ring
     */
    int slots() {
        return slots;
    }

    /**
     * @return where the slots are now (the reject path reads its key from here)
     */
    SlotMemory memory() {
        return memory;
    }

    /**
     * @return byte offset of the first slot in {@link #memory()}
     */
    int base() {
        return base;
    }

    /**
     * @return the lease's tag; compare it with the slot's under the slot's lock before writing
     */
    int tag() {
        return tag;
    }

    /**
     * The memory a winning candidate writes to: the current lease, claimed first if the ring has
     * none. Spins while a collection frees the run or another thread claims one.
     *
     * @return the memory, or {@code null} when the ring is refused or closed (drop the candidate)
     */
    SlotMemory writable() {
        while (true) {
            final int current = (int) STATE.getVolatile(this);
            if (current == ALLOCATED || current == COLLECTING) {
                return memory;
            }
            if (current == KEPT) {
                // The interval's first winner of a kept lease: from now on the arena must not take
                // it back as idle. A failed CAS means a collection or the arena moved it: look again.
                if (STATE.compareAndSet(this, KEPT, ALLOCATED)) {
                    return memory;
                }
                continue;
            }
            if (current == REFUSED || current == CLOSED) {
                return null;
            }
            if (current == UNALLOCATED && STATE.compareAndSet(this, UNALLOCATED, CLAIMING)) {
                claim();
                continue;
            }
            Thread.onSpinWait(); // CLAIMING or RELEASING: short, no I/O
        }
    }

    /**
     * The whole winner path of a candidate that won the draw, the only way a reservoir writes: asks
     * the capturer's and the series' filters (outside any lock), writes (see {@link #write}), and,
     * when an offer was stored and its capturer asks for it, calls
     * {@link ExemplarCapturer#afterStore} once every lock is released. All of it under the thread's
     * {@link CallOutGuard}: a candidate of a record made from inside that code is dropped; unless
     * neither the capturer nor the filter can record ({@code mayRecord()}), when there is nothing
     * to guard against and the winner path skips the thread-local lookup.
     */
    <C> void offerWinner(final int lockSlot, final LockedSlotWriter<C> writer, final boolean unlessBusy,
                         final ExemplarCapturer<C> capturer, final SeriesFilter<C> filter, final double value,
                         final long key, final long valueBits, final int valueFlags, final Object attributes,
                         final C context) {
        if (!capturer.mayRecord() && !capturer.actsAfterStore() && !filter.mayRecord()) {
            // Nothing here can record, so nothing can re-enter: no guard, no afterStore.
            if (ReservoirArguments.eligible(capturer, filter, value, attributes, context)) {
                write(lockSlot, writer, key, valueBits, valueFlags, attributes, context, unlessBusy);
            }
            return;
        }
        final CallOutGuard guard = CallOutGuard.enter();
        if (guard == null) {
            return; // recorded from inside our own call-out: the measurement counts, no exemplar
        }
        try {
            if (ReservoirArguments.eligible(capturer, filter, value, attributes, context)) {
                write(lockSlot, writer, key, valueBits, valueFlags, attributes, context, unlessBusy);
                if (guard.takeStored()) {
                    afterStore(capturer, context);
                }
            }
        } finally {
            guard.exit();
        }
    }

    private static <C> void afterStore(final ExemplarCapturer<C> capturer, final C context) {
        try {
            capturer.afterStore(context);
        } catch (final Throwable ignored) { // an Error too: never into the recording thread
            // the exemplar stays stored
        }
    }

    /**
     * The write of {@link #offerWinner}: locks slot {@code lockSlot} of the ring's current lease
     * (claiming one first if the ring has none), checks the lease's tag, and lets {@code writer}
     * write; retries in the ring's new place when a collection or a take-back moved it meanwhile.
     * Drops the candidate when the ring is refused or closed. With {@code unlessBusy} (the last-seen
     * reservoir, whose every offer writes, and where a concurrent offer to the same bucket is as
     * recent as this one) it drops the candidate instead of waiting when the slot is held.
     */
    private <C> void write(final int lockSlot, final LockedSlotWriter<C> writer, final long key, final long valueBits,
                           final int valueFlags, final Object attributes, final C context, final boolean unlessBusy) {
        while (true) {
            final SlotMemory leased = writable();
            if (leased == null) {
                return;
            }
            final int leasedBase = base;
            final int leasedTag = tag;
            final int offset = leasedBase + lockSlot * SLOT_LENGTH;
            final long held = unlessBusy ? leased.tryLock(offset) : leased.lock(offset);
            if (held < 0) {
                return; // busy: skipped, never waited for
            }
            // FREE_TAG is never a lease's: a ring caught between leases must not write a free slot.
            if (leasedTag != FREE_TAG && leased.getInt(offset + TAG_OFFSET) == leasedTag) {
                try {
                    writer.writeLocked(leased, leasedBase, lockSlot, key, valueBits, valueFlags, attributes, context);
                } finally {
                    leased.unlock(offset, held); // even after an Error: a lock left held would stall every writer
                }
                return;
            }
            leased.unlock(offset, held); // a lease that is gone: find the ring's current one
        }
    }

    /**
     * Holding CLAIMING: takes a run and initialises it, or records the refusal. Whatever happens
     * (an Error included: a stack overflow on a deep recording stack, an OutOfMemoryError), the
     * state leaves CLAIMING, so no other thread spins on it forever; the candidate is then dropped.
     */
    private void claim() {
        boolean claimed = false;
        try {
            claimed = arena.lease(this, slots) && initialiseLease();
        } catch (final Throwable unexpected) { // never into the recording thread, never a stuck state
            if (slab != null) {
                final SlotArena.Slab leasedSlab = slab;
                slab = null;
                arena.giveBack(leasedSlab, leasedFirstSlot, slots);
            }
        }
        if (!claimed) {
            memory = arena.closedPlaceholder();
            STATE.setVolatile(this, REFUSED);
        }
    }

    /**
     * Writes the new lease's tag into every slot of the run and publishes it; returns true.
     *
     * <p>Each slot is written under its own lock, though no writer of this lease can reach the run
     * before {@code memory} is published below: a stale writer of an earlier lease of this same
     * ring may still read the new {@code base} and {@code tag} and lock one of these slots, and on a
     * weakly ordered CPU it could otherwise see the new tag before the empty key and the cleared
     * epoch, and keep a candidate against a stale key. The lock's acquire and release order the
     * three words for every later holder. A claim is rare (a busy series keeps its lease across
     * collections), so the lock costs nothing that shows.
     */
    private boolean initialiseLease() {
        final SlotMemory leased = slab.memory;
        final int leasedBase = leasedFirstSlot * SLOT_LENGTH;
        for (int slot = 0; slot < slots; slot++) {
            final int offset = leasedBase + slot * SLOT_LENGTH;
            final long held = leased.lock(offset);
            leased.putLong(offset + KEY_OFFSET, EMPTY_KEY); // a new slab's zeroed key would read as kept
            // A header's reject scale: none (an earlier lease's slot may hold any bits there).
            leased.putLong(offset + HEADER_REJECT_SCALE_OFFSET, 0L);
            // A header's epoch word is a retaining reservoir's rotation mark: 0 = none yet this lease.
            leased.putLong(offset + EPOCH_NANOS_OFFSET, 0L);
            leased.putInt(offset + TAG_OFFSET, leasedTag);
            leased.unlock(offset, held);
        }
        base = leasedBase;
        tag = leasedTag;
        memory = leased; // volatile: publishes base and tag with it
        STATE.setVolatile(this, ALLOCATED);
        return true;
    }

    /**
     * The arena's answer to {@link SlotArena#lease}, on the claiming thread (no allocation: the
     * lease is three fields of the ring, touched only by the thread that holds CLAIMING).
     */
    void leased(final SlotArena.Slab leasedSlab, final int firstSlot, final int leaseTag, final long nowNanos) {
        slab = leasedSlab;
        leasedFirstSlot = firstSlot;
        leasedTag = leaseTag;
        renewedNanos = nowNanos; // a new lease counts from its grant
    }

    /**
     * The arena's look, under its lock: stamps its clock on a renewal made since its last look
     * (a plain write: a collection racing with it renews at about {@code nowNanos} anyway).
     *
     * @return when the current lease expires unless renewed again (meaningful while the ring holds one)
     */
    long stampedExpiresAtNanos(final long nowNanos) {
        long renewed = renewedNanos;
        if (renewed == RENEWED_UNSTAMPED) {
            renewedNanos = nowNanos;
            renewed = nowNanos;
        }
        return renewed + expiryNanos;
    }

    /** Whether the lease went unrenewed for its expiry; an unstamped renewal is recent. */
    private boolean expired(final long nowNanos) {
        final long renewed = renewedNanos;
        return renewed != RENEWED_UNSTAMPED && nowNanos - renewed >= expiryNanos;
    }

    /**
     * Under the arena's lock, when it cannot grant a lease: takes the ring for a take-back
     * (RELEASING) when it holds a kept lease, expired or not (taken as idle: {@link #finishTakeBack}
     * checks under every slot's lock that it still holds nothing), or an ALLOCATED lease that has
     * expired. A ring in any other state is being collected, claimed or released, so it is left
     * alone. An ALLOCATED ring's expiry is checked again after the CAS: a collection that renewed
     * the lease between the first look and the CAS set ALLOCATED after its renewal, so the second
     * look sees it, and the ring is handed back untouched.
     *
     * @return {@code true} when this thread now holds RELEASING and must call {@link #finishTakeBack}
     */
    boolean tryBeginTakeBack(final long nowNanos) {
        if (STATE.compareAndSet(this, KEPT, RELEASING)) {
            idleTakeBack = true; // taken as idle, not as expired: finishTakeBack checks it holds nothing
            return true;
        }
        if (!expired(nowNanos) || !STATE.compareAndSet(this, ALLOCATED, RELEASING)) {
            return false;
        }
        if (!expired(nowNanos)) {
            STATE.setVolatile(this, ALLOCATED);
            return false;
        }
        idleTakeBack = false;
        return true;
    }

    /**
     * Under the arena's lock, at its periodic look: takes a {@link #KEPT} lease whose renewal has
     * expired (KEPT to RELEASING), to be finished as an idle take-back ({@link #finishTakeBack}).
     *
     * @return {@code true} when this thread now holds RELEASING and must call {@link #finishTakeBack}
     */
    boolean tryBeginExpiredKeptTakeBack(final long nowNanos) {
        if (state != KEPT || !expired(nowNanos) || !STATE.compareAndSet(this, KEPT, RELEASING)) {
            return false;
        }
        idleTakeBack = true;
        return true;
    }

    /** @return whether the take-back this thread holds took a kept lease (as idle) rather than an expired one */
    boolean takenAsIdle() {
        return idleTakeBack;
    }

    /**
     * Holding RELEASING from {@link #tryBeginTakeBack} or {@link #tryBeginExpiredKeptTakeBack},
     * without the arena's lock: frees every slot under its lock (a writer holding one finishes
     * first; a later one finds the tag foreign) and returns the run. The ring is then UNALLOCATED:
     * its next winning candidate leases again.
     *
     * <p>A kept lease taken as idle is first checked under every slot's lock at once (taken in slot
     * order; a writer never holds two slot locks, so this cannot deadlock): a writer that had found
     * the ring COLLECTING may have stored into it after that collection looked. Then the lease is
     * not idle: every lock is let go and the ring goes back to ALLOCATED, its exemplar kept.
     *
     * <p>Nothing here throws but a VM error; should one strike while the slot locks are being
     * taken, the locks held are let go and the ring goes back to ALLOCATED before it propagates,
     * so no writer spins on a lock or a state nobody will release. (Once freeing has begun, the
     * lease is returned whatever happens.)
     *
     * @return {@code true} when the run went back to the arena
     */
    boolean finishTakeBack() {
        final SlotMemory leased = memory;
        if (idleTakeBack) {
            boolean idle = false;
            try {
                idle = lockAllIfIdle(leased);
            } finally {
                if (!idle) { // it holds an exemplar after all (or a VM error struck): the lease stays
                    STATE.setVolatile(this, ALLOCATED);
                }
            }
            if (!idle) {
                return false;
            }
        }
        try {
            if (idleTakeBack) {
                for (int slot = slots - 1; slot >= 0; slot--) { // every lock is ours: free, then let go
                    final int offset = base + slot * SLOT_LENGTH;
                    free(leased, offset);
                    unlockHeld(leased, offset);
                }
            } else {
                freeEach(leased, 0);
            }
        } finally {
            returnLease(arena.emptyPlaceholder(), UNALLOCATED);
        }
        return true;
    }

    /**
     * For an idle take-back: locks every slot of the run in slot order and keeps them locked when
     * none holds an exemplar; otherwise (or on a VM error) lets them all go again.
     *
     * @return {@code true} when the run is idle and this thread now holds every slot's lock
     */
    private boolean lockAllIfIdle(final SlotMemory leased) {
        int locked = 0;
        boolean holds = false;
        try {
            for (; locked < slots; locked++) {
                final int offset = base + locked * SLOT_LENGTH;
                leased.lock(offset);
                holds |= holdsExemplar(leased.getLong(offset + KEY_OFFSET));
            }
        } finally {
            if (holds || locked < slots) {
                for (int slot = locked - 1; slot >= 0; slot--) {
                    unlockHeld(leased, base + slot * SLOT_LENGTH);
                }
            }
        }
        return !holds;
    }

    /** Unlocks a slot this thread locked without keeping the value its lock returned: the seq word holds it. */
    private static void unlockHeld(final SlotMemory memory, final int offset) {
        memory.unlock(offset, memory.getLong(offset + SEQ_OFFSET));
    }

    /**
     * Captures an offer into a slot whose lock (or whose ring header's lock) this thread holds,
     * having checked the tag. Every capturer read happens before the first store, so a capturer
     * that throws leaves the slot untouched and the offer is dropped. Only the capturer's plain
     * reads run here; what it does after a store ({@link ExemplarCapturer#afterStore}) runs in
     * {@link #offerWinner}, after the unlock.
     *
     * @return {@code true} when the offer was stored
     */
    static <C> boolean store(final SlotMemory memory, final int offset, final long key, final long valueBits,
                             final int valueFlags, final Object attrs, final C context,
                             final ExemplarCapturer<C> capturer) {
        final long epochNanos;
        final long traceIdHigh;
        final long traceIdLow;
        final long spanId;
        final int traceFlags;
        final Object contextReference;
        try {
            epochNanos = capturer.epochNanos(context);
            traceIdHigh = capturer.traceIdHigh(context);
            traceIdLow = capturer.traceIdLow(context);
            spanId = capturer.spanId(context);
            traceFlags = capturer.traceFlags(context);
            contextReference = capturer.contextReference(context);
        } catch (final Throwable ex) { // an Error too: the slot is locked, and the caller must not see it
            return false; // never throw into the recording thread; the candidate is simply not kept
        }
        memory.putLong(offset + VALUE_OFFSET, valueBits);
        memory.putLong(offset + EPOCH_NANOS_OFFSET, epochNanos);
        memory.putLong(offset + TRACE_ID_HIGH_OFFSET, traceIdHigh);
        memory.putLong(offset + TRACE_ID_LOW_OFFSET, traceIdLow);
        memory.putLong(offset + SPAN_ID_OFFSET, spanId);
        memory.putInt(offset + FLAGS_OFFSET, (traceFlags & TRACE_FLAGS_MASK) | valueFlags);
        final int reference = referenceIndex(offset);
        memory.references[reference + ATTRIBUTES_REFERENCE] = attrs;
        memory.references[reference + CONTEXT_REFERENCE] = contextReference;
        // Release store: a rejecting reader may see the new key a little before the payload, which
        // is harmless (it only compares keys); collectors take the lock and see all of it.
        memory.putLongRelease(offset + KEY_OFFSET, key);
        if (capturer.actsAfterStore()) {
            CallOutGuard.storedWithAfterStore(); // acted on by offerWinner once the lock is released
        }
        return true;
    }

    /** Index in the side array of the first reference of the slot at byte {@code offset}. */
    private static int referenceIndex(final int offset) {
        return offset / SLOT_LENGTH * REFERENCES_PER_SLOT;
    }

    /** @return {@code true} when a slot's key marks a kept exemplar */
    static boolean holdsExemplar(final long key) {
        return key != EMPTY_KEY && key != SlotLayout.CLOSED_KEY;
    }

    /**
     * Collects slot by slot, each under its own lock: the aligned reservoirs, whose slots are
     * independent buckets. Exemplar index = slot index = bucket index.
     *
     * <p>A slot found empty without its lock is skipped: the lease stays with the ring, so a writer
     * storing into it now simply belongs to the next collection. A resetting collection empties
     * the slots it exported and keeps the lease ({@link #KEPT}); one that found nothing (an idle
     * interval) gives it back, exporting anything stored since it looked rather than losing it.
     */
    <S> int collectEachSlot(final ExemplarVisitor<S> visitor, final S state, final boolean reset) {
        // The scratch first: it may allocate (its first use on this thread), which must not happen
        // while this collector holds the ring's state.
        final CollectScratch scratch = CollectScratch.forSlots(slots);
        if (!beginCollect(false)) {
            return 0;
        }
        final SlotMemory leased = memory;
        int copied = 0;
        for (int slot = 0; slot < slots; slot++) {
            final int offset = base + slot * SLOT_LENGTH;
            if (!holdsExemplar(leased.getLongAcquire(offset + KEY_OFFSET))) {
                continue;
            }
            final long held = leased.lock(offset);
            if (holdsExemplar(leased.getLong(offset + KEY_OFFSET))) {
                scratch.copy(leased, offset, copied++, slot);
                if (reset) {
                    clearKeepingTag(leased, offset);
                }
            }
            leased.unlock(offset, held);
        }
        if (!reset) {
            endLooking(copied == 0);
        } else if (copied > 0) {
            keep();
        } else {
            STATE.setVolatile(this, RELEASING); // we hold COLLECTING: no one else moves the state
            for (int slot = 0; slot < slots; slot++) {
                final int offset = base + slot * SLOT_LENGTH;
                final long held = leased.lock(offset);
                if (holdsExemplar(leased.getLong(offset + KEY_OFFSET))) {
                    scratch.copy(leased, offset, copied++, slot); // stored since the look above
                }
                free(leased, offset);
                leased.unlock(offset, held);
            }
            endCollect(true);
        }
        return scratch.visitAll(copied, visitor, state);
    }

    /**
     * Collects the data slots {@code 1..exported} at once under the header lock at slot 0 (the
     * bottom-k reservoirs), so a resetting collect cuts one interval cleanly for the whole
     * reservoir. A resetting collect empties every slot of the ring, exported or not (data slots are
     * written only under the header lock, so emptying needs no other lock), and keeps the lease
     * ({@link #KEPT}); one that found nothing to export (an idle interval) frees every slot and
     * gives the lease back. Exemplar index = data slot position (ring slot - 1).
     */
    <S> int collectUnderHeader(final ExemplarVisitor<S> visitor, final S state, final boolean reset,
                               final int exported) {
        // The scratch first: it may allocate (its first use on this thread), which must not happen
        // while this collector holds the ring's state.
        final CollectScratch scratch = CollectScratch.forSlots(exported);
        if (!beginCollect(false)) {
            return 0;
        }
        final SlotMemory leased = memory;
        final int header = base;
        int copied = 0;
        final long held = leased.lock(header);
        for (int slot = 1; slot <= exported; slot++) {
            final int offset = header + slot * SLOT_LENGTH;
            if (holdsExemplar(leased.getLong(offset + KEY_OFFSET))) {
                scratch.copy(leased, offset, copied++, slot - 1);
            }
        }
        if (!reset) {
            leased.unlock(header, held);
            endLooking(copied == 0);
        } else if (copied > 0) {
            for (int slot = 1; slot < slots; slot++) {
                clearKeepingTag(leased, header + slot * SLOT_LENGTH);
            }
            leased.putLong(header + EPOCH_NANOS_OFFSET, 0L); // no rotation mark: as a fresh lease
            emptyThreshold(leased, header);
            leased.unlock(header, held);
            keep();
        } else {
            freeAllUnderHeader(leased, header);
            leased.unlock(header, held);
            STATE.setVolatile(this, RELEASING); // we hold COLLECTING: no one else moves the state
            endCollect(true);
        }
        return scratch.visitAll(copied, visitor, state);
    }

    /** Holding COLLECTING: keeps the lease, empty, for the next interval (after a resetting collection that exported, or a look into a kept lease that found it still empty). */
    private void keep() {
        STATE.setVolatile(this, KEPT);
        arena.leaseKept();
    }

    /**
     * Holding the header lock: the threshold becomes empty (every key wins again), and the reject
     * scale published with it goes first, so no reader sees the empty threshold with the old
     * interval's scale.
     */
    private static void emptyThreshold(final SlotMemory leased, final int header) {
        leased.putLong(header + HEADER_REJECT_SCALE_OFFSET, 0L);
        leased.putLongRelease(header + KEY_OFFSET, EMPTY_KEY);
    }

    /** Holding the header lock: frees every data slot (each under its own lock) and the header. */
    private void freeAllUnderHeader(final SlotMemory leased, final int header) {
        // Data slots are written only under the header lock, but a stale writer of another lease
        // may hold a data slot's own lock to read its tag: free each under that lock.
        freeEach(leased, 1);
        free(leased, header);
    }

    /**
     * The retaining collection of a two-bank ring ({@link BottomKEngine} with a {@link Retention}):
     * header at slot 0, the current pick in slots {@code 1..bank}, the previous pick in slots
     * {@code bank+1..2*bank}, all under the header lock (writers store only into the current bank,
     * under the same lock). The header's epoch word holds the clock interval of the last rotation.
     *
     * <ol>
     *   <li>Rotation: when {@code interval} is later than the header's mark and the current bank
     *       holds an exemplar, the current bank moves to the previous bank (replacing it) and
     *       empties, and the threshold becomes empty; the mark becomes {@code interval} (a fresh
     *       lease, mark 0, only takes the mark). So at most one rotation per clock interval,
     *       whatever the number of collectors.</li>
     *   <li>Export: the current bank's exemplars captured at or after {@code notBeforeEpochNanos}
     *       if there is one, else the previous bank's. Expired exemplars of the previous bank are
     *       dropped.</li>
     *   <li>Release: when both banks then hold nothing exportable and the current bank is empty,
     *       every slot is freed and the run goes back to the arena, as after a resetting collect.</li>
     * </ol>
     */
    <S> int collectRetaining(final ExemplarVisitor<S> visitor, final S state, final int bank, final long interval,
                             final long notBeforeEpochNanos) {
        // The scratch first: it may allocate (its first use on this thread), which must not happen
        // while this collector holds the ring's state.
        final CollectScratch scratch = CollectScratch.forSlots(bank);
        if (!beginCollect(false, true)) {
            return 0;
        }
        final SlotMemory leased = memory;
        final int header = base;
        final long held = leased.lock(header);
        final long mark = leased.getLong(header + EPOCH_NANOS_OFFSET);
        if (interval > mark) {
            if (mark != 0L && holdsAny(leased, header, bank, Long.MIN_VALUE)) {
                for (int slot = 1; slot <= bank; slot++) {
                    final int from = header + slot * SLOT_LENGTH;
                    moveKeepingTag(leased, from, from + bank * SLOT_LENGTH);
                }
                emptyThreshold(leased, header);
            }
            leased.putLong(header + EPOCH_NANOS_OFFSET, interval);
        }
        final boolean currentHolds = holdsAny(leased, header, bank, Long.MIN_VALUE);
        final int first = holdsAny(leased, header, bank, notBeforeEpochNanos) ? 1 : bank + 1;
        int copied = 0;
        for (int slot = first; slot < first + bank; slot++) {
            final int offset = header + slot * SLOT_LENGTH;
            if (holdsExemplar(leased.getLong(offset + KEY_OFFSET))) {
                if (leased.getLong(offset + EPOCH_NANOS_OFFSET) >= notBeforeEpochNanos) {
                    scratch.copy(leased, offset, copied++, slot - first);
                } else if (slot > bank) {
                    clearKeepingTag(leased, offset); // expired in the previous bank: let go
                }
            }
        }
        final boolean release = copied == 0 && !currentHolds;
        if (release) {
            freeAllUnderHeader(leased, header);
        }
        leased.unlock(header, held);
        if (release) {
            STATE.setVolatile(this, RELEASING); // we hold COLLECTING: no one else moves the state
            endCollect(true);
        } else {
            endCollect(false);
        }
        return scratch.visitAll(copied, visitor, state);
    }

    /**
     * The collection of a retaining aligned ring ({@link AlignedBucketReservoir} with a
     * {@link Retention}): the current pick in slots {@code 0..buckets-1} (slot = bucket, so the
     * reject path is the plain aligned one), the previous pick in slots
     * {@code buckets..2*buckets-1}, and one trailer slot whose epoch word holds the clock interval
     * of the last rotation (0 on a fresh lease, as {@code initialiseLease} writes it). Writers store
     * only into the current bank, each under its bucket slot's lock; the previous bank and the
     * trailer are touched only by collectors, which exclude one another through the ring's state
     * (COLLECTING or RELEASING), so those need no lock of their own.
     *
     * <p>Bucket by bucket, under that bucket's lock, as {@link #collectRetaining} does for the
     * whole ring under its header: (1) rotation, when {@code interval} is later than the trailer's
     * mark and the bucket's current pick holds an exemplar: it moves to the previous bank, and the
     * current slot empties; (2) export: the current pick if it was captured at or after
     * {@code notBeforeEpochNanos}, else the previous pick if that was; an expired previous pick is
     * let go. So each bucket's current pick is the exact pick (uniform, largest) of its offers
     * since its last rotation, at most one rotation per clock interval happens whatever the number
     * of collectors, and a collection takes nothing away. (3) When nothing was exported and no
     * current pick holds anything, the run goes back to the arena; a writer that stored between
     * the check and the release has its exemplar exported by this collection, as a resetting one
     * would, rather than lost.
     *
     * <p>{@code reset} (a delta collection): the current picks are exported, every slot is freed
     * and the run returned (a retaining ring's lease is not kept: its previous bank is what a
     * resetting collection gives up).
     *
     * @param buckets the bucket count; the ring has {@code 2 * buckets + 1} slots
     */
    <S> int collectAlignedRetaining(final ExemplarVisitor<S> visitor, final S state, final int buckets,
                                    final boolean reset, final long interval, final long notBeforeEpochNanos) {
        // The scratch first: it may allocate (its first use on this thread), which must not happen
        // while this collector holds the ring's state.
        final CollectScratch scratch = CollectScratch.forSlots(buckets);
        if (!beginCollect(reset, true)) {
            return 0;
        }
        final SlotMemory leased = memory;
        int copied = 0;
        if (reset) {
            for (int bucket = 0; bucket < buckets; bucket++) {
                final int offset = base + bucket * SLOT_LENGTH;
                final long held = leased.lock(offset);
                if (holdsExemplar(leased.getLong(offset + KEY_OFFSET))) {
                    scratch.copy(leased, offset, copied++, bucket);
                }
                free(leased, offset);
                leased.unlock(offset, held);
            }
            freeEach(leased, buckets);
            endCollect(true);
            return scratch.visitAll(copied, visitor, state);
        }
        final int trailer = base + 2 * buckets * SLOT_LENGTH;
        final long mark = leased.getLong(trailer + EPOCH_NANOS_OFFSET);
        final boolean rotate = interval > mark;
        boolean currentHolds = false;
        for (int bucket = 0; bucket < buckets; bucket++) {
            final int current = base + bucket * SLOT_LENGTH;
            final int previous = current + buckets * SLOT_LENGTH;
            final long held = leased.lock(current);
            if (rotate && mark != 0L && holdsExemplar(leased.getLong(current + KEY_OFFSET))) {
                moveKeepingTag(leased, current, previous);
            }
            if (holdsExemplar(leased.getLong(current + KEY_OFFSET))) {
                currentHolds = true;
                if (leased.getLong(current + EPOCH_NANOS_OFFSET) >= notBeforeEpochNanos) {
                    scratch.copy(leased, current, copied++, bucket);
                    leased.unlock(current, held);
                    continue;
                }
            }
            leased.unlock(current, held);
            if (holdsExemplar(leased.getLong(previous + KEY_OFFSET))) {
                if (leased.getLong(previous + EPOCH_NANOS_OFFSET) >= notBeforeEpochNanos) {
                    scratch.copy(leased, previous, copied++, bucket);
                } else {
                    clearKeepingTag(leased, previous); // expired: let go
                }
            }
        }
        if (rotate) {
            leased.putLong(trailer + EPOCH_NANOS_OFFSET, interval);
        }
        if (copied > 0 || currentHolds) {
            endCollect(false);
            return scratch.visitAll(copied, visitor, state);
        }
        STATE.setVolatile(this, RELEASING); // we hold COLLECTING: no one else moves the state
        for (int bucket = 0; bucket < buckets; bucket++) {
            final int offset = base + bucket * SLOT_LENGTH;
            final long held = leased.lock(offset);
            if (holdsExemplar(leased.getLong(offset + KEY_OFFSET))) {
                scratch.copy(leased, offset, copied++, bucket); // stored since the check above
            }
            free(leased, offset);
            leased.unlock(offset, held);
        }
        freeEach(leased, buckets);
        endCollect(true);
        return scratch.visitAll(copied, visitor, state);
    }

    /** Under the header lock: whether the current pick (ring slots {@code 1..bank}) holds an exemplar captured at or after {@code notBefore}. */
    private static boolean holdsAny(final SlotMemory memory, final int header, final int bank, final long notBefore) {
        for (int slot = 1; slot <= bank; slot++) {
            final int offset = header + slot * SLOT_LENGTH;
            if (holdsExemplar(memory.getLong(offset + KEY_OFFSET))
                && memory.getLong(offset + EPOCH_NANOS_OFFSET) >= notBefore) {
                return true;
            }
        }
        return false;
    }

    /** Under the header lock: moves a slot's exemplar (key, payload, references) within the lease, emptying the source. */
    private static void moveKeepingTag(final SlotMemory memory, final int from, final int to) {
        for (int word = KEY_OFFSET; word < FLAGS_OFFSET; word += Long.BYTES) {
            memory.putLong(to + word, memory.getLong(from + word));
        }
        memory.putInt(to + FLAGS_OFFSET, memory.getInt(from + FLAGS_OFFSET));
        final int source = referenceIndex(from);
        final int target = referenceIndex(to);
        memory.references[target + ATTRIBUTES_REFERENCE] = memory.references[source + ATTRIBUTES_REFERENCE];
        memory.references[target + CONTEXT_REFERENCE] = memory.references[source + CONTEXT_REFERENCE];
        clearKeepingTag(memory, from);
    }

    /** Under the header lock: empties a slot of the current lease (its tag stays the lease's). */
    private static void clearKeepingTag(final SlotMemory memory, final int offset) {
        memory.putLong(offset + KEY_OFFSET, EMPTY_KEY);
        final int reference = referenceIndex(offset);
        memory.references[reference + ATTRIBUTES_REFERENCE] = null;
        memory.references[reference + CONTEXT_REFERENCE] = null;
    }

    /**
     * Takes the ring for a collection.
     *
     * @return {@code true} when the ring has a run to collect (state now COLLECTING or RELEASING)
     */
    private boolean beginCollect(final boolean reset) {
        return beginCollect(reset, true);
    }

    /**
     * Also the arena's clock for what no thread of ours does: the refusal warning, letting idle
     * slabs go, and renewing this ring (every collection renews it, see below).
     *
     * @param endsRefusal whether this collection ends a refused interval (every collection does:
     *                    a refused ring asks again after any collection, so a series always recovers)
     */
    private boolean beginCollect(final boolean reset, final boolean endsRefusal) {
        arena.reportRefusals();
        while (true) {
            final int current = (int) STATE.getVolatile(this);
            if (current == ALLOCATED || current == KEPT) {
                // A collection that goes straight to RELEASING (a retaining aligned ring's delta
                // collection) always returns the lease, and the arena, which reads the clock for
                // that anyway, renews the ring then (giveBack); every other renews here.
                // Renewed before the CAS, so before this thread sets ALLOCATED again: a take-back
                // that CASes ALLOCATED afterwards sees the renewal on its second look (one that won
                // the CAS first takes the lease, and this collection finds nothing: too late).
                if (!reset) {
                    renewByCollection();
                }
                if (STATE.compareAndSet(this, current, reset ? RELEASING : COLLECTING)) {
                    collectingKept = current == KEPT;
                    return true;
                }
            } else if (current == REFUSED) {
                renewNow();
                // A collection ends the refused interval: the next winner asks again.
                if (!endsRefusal || retryAfterRefusal()) {
                    return false;
                }
            } else if (current == UNALLOCATED || current == CLOSED) {
                renewNow(); // an idle series' scrape: also the arena's chance to let empty slabs go
                return false;
            } else {
                Thread.onSpinWait(); // CLAIMING, or another collection in progress
            }
        }
    }

    /**
     * A collection of a leased ring that keeps the lease: renews it without a clock (see
     * {@code renewedNanos}), and counts towards the arena's next look ({@link SlotArena#collected}).
     */
    private void renewByCollection() {
        // Most collections find the renewal still unstamped (the arena looks at most once a
        // second): a second volatile write, a full fence on every collection, would change nothing.
        // Should the arena stamp between this read and the CAS, its stamp is its look's clock, as
        // it would be had the write gone ahead of its read.
        if (renewedNanos != RENEWED_UNSTAMPED) {
            renewedNanos = RENEWED_UNSTAMPED;
        }
        arena.collected();
    }

    /** A collection of a ring without a lease: renews it and lets the arena look for idle slabs. */
    private void renewNow() {
        final long now = System.nanoTime();
        renewedNanos = now;
        arena.sweepIfDue(now);
    }

    /** The arena's renewal of a ring whose lease comes back to it, under its lock, with its clock. */
    void renewed(final long nowNanos) {
        renewedNanos = nowNanos;
    }

    /**
     * REFUSED to UNALLOCATED, through RELEASING so that this collector owns the ring while it
     * points it back at the empty placeholder (a concurrent collector, or close, finds RELEASING and
     * waits); false when the state moved meanwhile (another collector retried first, or close), to
     * look again.
     */
    private boolean retryAfterRefusal() {
        if (!STATE.compareAndSet(this, REFUSED, RELEASING)) {
            return false;
        }
        memory = arena.emptyPlaceholder();
        STATE.setVolatile(this, UNALLOCATED);
        return true;
    }

    /**
     * Ends a non-resetting collection of a ring that is not retaining: a kept lease in which it
     * found nothing stays kept (still idle, so the arena may take it back when pressed); any other
     * goes back to ALLOCATED. A writer that found the ring COLLECTING and stored after this
     * collection looked leaves an exemplar in a kept lease: the next resetting collection exports
     * it, and a take-back of a kept lease checks every slot before it frees any.
     */
    private void endLooking(final boolean foundNothing) {
        if (collectingKept && foundNothing) {
            keep(); // and tells the arena again: a scan since the lease was first kept found it COLLECTING
        } else {
            STATE.setVolatile(this, ALLOCATED);
        }
    }

    /** Ends a collection: a resetting one has freed every slot and now returns the run. */
    private void endCollect(final boolean reset) {
        if (reset) {
            returnLease(arena.emptyPlaceholder(), UNALLOCATED);
        } else {
            STATE.setVolatile(this, ALLOCATED);
        }
    }

    /**
     * Holding RELEASING with every slot freed: points the ring at {@code placeholder}, forgets the
     * lease, moves to {@code next}, and only then gives the run back to the arena, so writers
     * waiting for the next interval may claim before the arena's lock is taken: they never spin
     * while this thread waits for it.
     */
    private void returnLease(final SlotMemory placeholder, final int next) {
        final SlotArena.Slab leasedSlab = slab;
        final int firstSlot = base / SLOT_LENGTH;
        slab = null;
        base = 0;
        tag = FREE_TAG;
        memory = placeholder;
        STATE.setVolatile(this, next);
        arena.giveBack(leasedSlab, firstSlot, slots);
    }

    /** Frees one slot whose lock is held: emptied (stale readers then try and find the tag foreign), free tag. */
    private static void free(final SlotMemory memory, final int offset) {
        clearKeepingTag(memory, offset);
        memory.putInt(offset + TAG_OFFSET, FREE_TAG);
    }

    /** Frees ring slots {@code from..slots-1}, each under its own lock. */
    private void freeEach(final SlotMemory leased, final int from) {
        for (int slot = from; slot < slots; slot++) {
            final int offset = base + slot * SLOT_LENGTH;
            final long held = leased.lock(offset);
            free(leased, offset);
            leased.unlock(offset, held);
        }
    }

    /**
     * Closes the ring for good: returns its run (if any) to the arena, and points it at the closed
     * placeholder so every later offer is rejected on the read-only path. Idempotent; also what the
     * arena's {@link Cleaner} runs when the reservoir was never closed.
     */
    void close() {
        cleanable.clean();
    }

    /** The cleaning action (runs once, through {@link #close()} or the Cleaner). */
    void release() {
        while (true) {
            final int current = (int) STATE.getVolatile(this);
            if (current == CLOSED) {
                return;
            }
            if (current == ALLOCATED || current == KEPT) {
                if (STATE.compareAndSet(this, current, RELEASING)) {
                    freeEach(memory, 0);
                    returnLease(arena.closedPlaceholder(), CLOSED);
                    return;
                }
            } else if (current == UNALLOCATED || current == REFUSED) {
                if (STATE.compareAndSet(this, current, CLOSED)) {
                    memory = arena.closedPlaceholder();
                    return;
                }
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
