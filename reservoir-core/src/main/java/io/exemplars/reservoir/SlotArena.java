package io.exemplars.reservoir;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.exemplars.reservoir.SlotLayout.CLOSED_KEY;
import static io.exemplars.reservoir.SlotLayout.EMPTY_KEY;
import static io.exemplars.reservoir.SlotLayout.FREE_TAG;
import static io.exemplars.reservoir.SlotLayout.KEY_OFFSET;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;

/**
 * Bounded off-heap memory from which many reservoirs (typically one per time series) lease their
 * slots.
 *
 * <h2>Memory</h2>
 * The arena holds up to {@code maxSlabs} slabs of {@code slabSlots} 64-byte slots each, every slab
 * one 64-byte-aligned direct block with an on-heap side array for the slots' references, allocated
 * when first needed. Two more blocks of the same size, allocated with the first reservoir, are the
 * placeholders a reservoir without slots reads from. {@link SlotMemoryBackend#current()} decides how
 * the memory is read and written; no JVM flag is needed.
 *
 * <h2>Leases</h2>
 * A reservoir holds slots only while it has exemplars to keep: it leases a run of consecutive
 * slots (first fit over a per-slab bitmap) when its first candidate wins the draw, keeps it across
 * resetting collections while its series keeps exemplars (each such collection empties the run in
 * place), and gives it back at the first resetting collection that finds an idle interval, when
 * it is closed, or, if its owner forgets to close it, when it becomes unreachable (a
 * {@link Cleaner} is the safety net). A returned run can be leased again at once, by any
 * reservoir: no garbage collection is needed to reuse memory. So the slots in use are those of the
 * series that kept an exemplar in their last interval or this one. A run kept across a collection
 * and not written since holds nothing: the arena takes it back at once when it cannot grant a
 * lease otherwise, and after its expiry anyway (a series the SDK no longer collects).
 *
 * <h2>Leases expire</h2>
 * A lease counts from its grant or its reservoir's last collection, whichever is later: every
 * collection renews it (without reading the clock: the arena stamps the renewal with its own when
 * it next looks: at most once a second, at every sixteenth collection that keeps a lease, any
 * collection of a series without one, and any returned or refused lease). One not renewed for
 * longer than its expiry ({@link LeaseExpiry}: 3 minutes unless {@value LeaseExpiry#PROPERTY} says
 * otherwise; by default at least twice a retaining reservoir's {@code maxAge}) may be taken back
 * when a lease cannot be granted otherwise, as may any kept lease, expired or not; a kept lease not
 * renewed for its expiry is taken back at the arena's next look, pressure or not, since it holds
 * nothing. So a meter provider closed without a final collection, or a series the SDK dropped,
 * stops costing the live series anything after the expiry, whether or not the garbage collector
 * has run. Taking back is safe against a late writer: the run is freed slot by slot under each
 * slot's lock, rewriting the lease tag a writer checks under that lock. The reservoir whose lease
 * was taken back leases again at its next winning candidate.
 *
 * <h2>At the limit</h2>
 * A lease the arena cannot grant (every slab full and {@code maxSlabs} reached, the JVM's direct
 * memory nearly exhausted ({@link DirectMemoryHeadroom}: the arena never pushes the JVM into its slow,
 * sleeping allocation path on a recording thread), or the JVM refusing the memory), when no expired
 * lease can be taken back, is refused: the reservoir keeps no exemplar until its next
 * collection, when it asks again; nothing is thrown, the measurement itself is
 * unaffected. {@link #refusals()} counts refusals, and one warning a minute at most goes to
 * {@code java.util.logging}, from a collecting thread, never from a recording one.
 *
 * <h2>Giving memory back</h2>
 * Slabs stay with the arena for reuse (the live set of one interval is mostly the next one's), but
 * a slab that has been entirely free for {@link #EMPTY_SLAB_LINGER_NANOS} (one minute), beyond
 * {@value #RETAINED_EMPTY_SLABS} such slabs kept for the next burst, is let go (looked for at the
 * arena's look: at most once a second, or once per linger time or half a lease expiry when either
 * is shorter, by a collection or a returned lease: the arena has no thread of its own): the
 * arena stops
 * counting it and the JVM frees its memory once no racing reader can still hold it (at its next
 * garbage collection; memory is never unmapped explicitly, so a stale reader stays safe). Direct
 * memory is allocated outside the arena's lock, so a thread that waits for the JVM's direct memory
 * never blocks the threads that give slots back.
 *
 * <p>Thread-safe. Leasing, returning and the look are synchronized on the arena. A lease is asked
 * for on a recording thread, by the first winning offer of a series without one (rare: a busy
 * series keeps its lease across collections); returns and looks happen on collecting threads.
 */
public final class SlotArena {
    /** Slots per slab when the caller does not choose: 1,024 slots, 64 KiB of off-heap memory. */
    public static final int DEFAULT_SLAB_SLOTS = 1_024;
    /** Largest slab: 2^24 slots (1 GiB), kept well inside the {@code int} offsets of a buffer. */
    public static final int MAX_SLAB_SLOTS = 1 << 24;
    /** Entirely free slabs the arena keeps however long they stay free. */
    public static final int RETAINED_EMPTY_SLABS = 2;
    /** How long a slab beyond {@link #RETAINED_EMPTY_SLABS} may stay entirely free before the arena lets it go. */
    public static final long EMPTY_SLAB_LINGER_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Least time between two looks for slabs to let go. */
    static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How many lease-keeping collections (which read no clock) between two reads of it for the arena's look. */
    static final int COLLECTIONS_PER_LOOK = 16;
    /** Least time between two warnings about refused leases. */
    static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** {@link #tryLease}'s answers: granted, or why not. */
    private static final int GRANTED = 0;
    private static final int REFUSED_LIMIT = 1;
    private static final int REFUSED_HEADROOM = 2;
    private static final int REFUSED_BY_JVM = 3;
    private static final int REFUSED_PLACEHOLDERS = 4;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Logger LOG = Logger.getLogger(SlotArena.class.getName());

    private final int slabSlots;
    private final int maxSlabs;
    private final SlotMemoryBackend backend;
    /** {@link #EMPTY_SLAB_LINGER_NANOS}, shorter only in tests. */
    long emptySlabLingerNanos = EMPTY_SLAB_LINGER_NANOS;
    /** How long a lease lasts unrenewed ({@link LeaseExpiry}); read when a ring is made, set only in tests. */
    long leaseExpiryNanos;
    /** Whether {@link #leaseExpiryNanos} was configured, and so applies to retaining reservoirs too. */
    final boolean leaseExpiryConfigured;

    // Guarded by this.
    private final List<Slab> slabs = new ArrayList<>();
    private int slabsBeingAllocated;
    private long slotsInUse;
    private int ringsInUse;
    private int nextTag = FREE_TAG + 1;
    private long takenBacks;
    /** Lease-keeping collections since the arena's last look; see {@link #collected()}. Unguarded, racy by design. */
    private int collectionsSinceLook;
    private long keptLeasesTakenBack;
    private int lastRefusal;
    private String lastRefusalDetail;
    private int emptySlabs;
    /** No lease can have expired before this time (a lower bound: collections only push it later). */
    private long nextExpiryNanos = System.nanoTime();

    /** Set by collections that keep a lease, cleared by the scan for leases to take back (under the lock). */
    private volatile boolean leaseKeptSinceScan;
    /** Written under the lock; read without it first, so that a collection pays one volatile read. */
    private volatile long lastSweepNanos = System.nanoTime();
    /** When a failed placeholder allocation may be tried again; see {@link #tryPrepare()}. */
    private volatile long nextPlaceholderAttemptNanos = System.nanoTime();

    /** Set once, under the lock, with the first reservoir (closed first); read without it. */
    private volatile SlotMemory emptyPlaceholder;
    private volatile SlotMemory closedPlaceholder;

    /** Written under the lock, read by collecting threads without it. */
    private volatile long refusals;
    private volatile long reportedRefusals;
    private volatile long nextWarningNanos = System.nanoTime();

    private SlotArena(final int slabSlots, final int maxSlabs) {
        this.slabSlots = slabSlots;
        this.maxSlabs = maxSlabs;
        this.leaseExpiryNanos = LeaseExpiry.configuredNanos();
        this.leaseExpiryConfigured = LeaseExpiry.configured();
        this.backend = SlotMemoryBackend.current();
    }

    /**
     * An arena of {@link #DEFAULT_SLAB_SLOTS}-slot slabs whose limit follows the JVM: see
     * {@link DefaultArenaLimit} (a fraction of the JVM's direct-memory limit, or the system property
     * {@value DefaultArenaLimit#PROPERTY}).
     *
     * @return a new, empty arena (no memory is allocated until the first reservoir)
     * @throws IllegalArgumentException naming the property and its value when it is set but invalid
     *                                  ({@value DefaultArenaLimit#PROPERTY}, {@value LeaseExpiry#PROPERTY}
     *                                  or {@value SlotMemoryBackend#PROPERTY})
     */
    public static SlotArena create() {
        final String configured = System.getProperty(DefaultArenaLimit.PROPERTY);
        final long maxBytes = DefaultArenaLimit.bytes();
        if (configured != null && maxBytes < (long) DEFAULT_SLAB_SLOTS * SLOT_LENGTH) {
            throw new IllegalArgumentException(DefaultArenaLimit.PROPERTY + " must be at least one slab of "
                + (long) DEFAULT_SLAB_SLOTS * SLOT_LENGTH + " bytes (64k), was '" + configured + "'");
        }
        return createWithLimit(maxBytes);
    }

    /**
     * @param maxBytes the most off-heap memory the arena's slabs may take, at least one slab of
     *                 {@link #DEFAULT_SLAB_SLOTS} slots (64 KiB); rounded down to whole slabs
     * @return a new, empty arena of {@link #DEFAULT_SLAB_SLOTS}-slot slabs
     * @throws IllegalArgumentException naming the bad value
     */
    public static SlotArena createWithLimit(final long maxBytes) {
        final long slabBytes = (long) DEFAULT_SLAB_SLOTS * SLOT_LENGTH;
        if (maxBytes < slabBytes) {
            throw new IllegalArgumentException("maxBytes, an arena's limit, must be at least one slab of " + slabBytes
                + " bytes, was " + maxBytes);
        }
        return new SlotArena(DEFAULT_SLAB_SLOTS, (int) Math.min(Integer.MAX_VALUE, maxBytes / slabBytes));
    }

    /**
     * @param slabSlots slots per slab, 1 to {@link #MAX_SLAB_SLOTS}; also the largest ring the
     *                  arena can hand out
     * @param maxSlabs  how many slabs the arena may allocate, at least 1
     * @return a new, empty arena (no memory is allocated until the first reservoir)
     * @throws IllegalArgumentException naming the bad value
     */
    public static SlotArena create(final int slabSlots, final int maxSlabs) {
        if (slabSlots < 1 || slabSlots > MAX_SLAB_SLOTS) {
            throw new IllegalArgumentException(
                "slabSlots must be in [1, " + MAX_SLAB_SLOTS + "], was " + slabSlots);
        }
        if (maxSlabs < 1) {
            throw new IllegalArgumentException("maxSlabs must be at least 1, was " + maxSlabs);
        }
        return new SlotArena(slabSlots, maxSlabs);
    }

    /**
     * @return how this arena reads and writes its slots (the same for every arena of the JVM)
     */
    public SlotMemoryBackend backend() {
        return backend;
    }

    /**
     * @return the largest ring, in slots, this arena can hand out (one slab)
     */
    public int maxRingSlots() {
        return slabSlots;
    }

    /**
     * @return bytes of off-heap slot memory leased to reservoirs now
     */
    public synchronized long bytesInUse() {
        return slotsInUse * SLOT_LENGTH;
    }

    /**
     * @return bytes of off-heap memory the arena holds: its slabs, and its two placeholder blocks
     *     once a reservoir exists
     */
    public synchronized long bytesReserved() {
        final int placeholders = emptyPlaceholder == null ? 0 : 2;
        return (long) (slabs.size() + placeholders) * slabSlots * SLOT_LENGTH;
    }

    /**
     * @return the most off-heap bytes the arena's slabs may take (the placeholders come on top:
     *     two slabs' worth)
     */
    public long bytesLimit() {
        return (long) maxSlabs * slabSlots * SLOT_LENGTH;
    }

    /**
     * @return how many reservoirs hold a lease on slots now
     */
    public synchronized int ringsInUse() {
        return ringsInUse;
    }

    /**
     * @return how many times a reservoir asked for slots and was refused (arena at its limit with
     *     no expired or kept lease to take back, or direct memory refused by the JVM, for a slab or for the
     *     arena's placeholders) since the arena was created; each refusal costs that series its
     *     exemplars until its next collection
     */
    public long refusals() {
        return refusals;
    }

    /**
     * @return how many expired leases the arena has taken back (see the class doc) since it was created
     */
    public synchronized long expiredLeasesTakenBack() {
        return takenBacks;
    }

    /** @return how many kept leases (see {@link SlotRing#KEPT}) the arena has taken back; for tests */
    synchronized long keptLeasesTakenBack() {
        return keptLeasesTakenBack;
    }

    /**
     * A ring of {@code slots} slots for {@code owner}; it leases memory only when it first needs it.
     *
     * @param owner the reservoir that will use the ring; when it becomes unreachable the ring's
     *              lease is returned automatically
     * @param slots ring length, 1 to {@link #maxRingSlots()}
     * @return the ring, holding no slots yet, whose leases expire after the arena's expiry
     * @throws IllegalArgumentException when {@code slots} is out of range
     * @throws IllegalStateException    when the JVM refuses the placeholders' direct memory (counted
     *                                  as a refusal; see {@link #tryPrepare()})
     */
    SlotRing newRing(final Object owner, final int slots) {
        return newRing(owner, slots, leaseExpiryNanos);
    }

    /**
     * As {@link #newRing(Object, int)}, for a reservoir whose leases last at least
     * {@code expiryNanos} unrenewed by default (a retaining one: {@link LeaseExpiry#forRetention});
     * a configured expiry ({@value LeaseExpiry#PROPERTY}) applies to it as to any other.
     */
    SlotRing newRing(final Object owner, final int slots, final long expiryNanos) {
        if (slots < 1 || slots > slabSlots) {
            throw new IllegalArgumentException(
                "a reservoir needs 1 to " + slabSlots + " slots (the arena's slab size), asked for " + slots);
        }
        final long expiry = leaseExpiryConfigured ? leaseExpiryNanos : Math.max(expiryNanos, leaseExpiryNanos);
        final SlotRing ring = new SlotRing(this, slots, placeholders(), expiry);
        ring.cleanable = CLEANER.register(owner, ring::release);
        return ring;
    }

    /**
     * Makes sure the arena's first memory (its two placeholder blocks, {@code 2 * slabSlots * 64}
     * bytes) exists, so that reservoirs can be created: for a caller whose reservoir could not be
     * created because the JVM refused that memory, and which asks again later instead of living
     * without exemplars. Never throws, takes no lock while the memory exists or while a try is not
     * due, and tries the allocation at most once per second, so a burst of new series (or of records
     * of such series) under memory pressure costs one try a second; each failed try counts as a
     * refusal ({@link #refusals()}).
     *
     * @return {@code true} when the placeholders exist (creating a reservoir will not fail on memory)
     */
    public boolean tryPrepare() {
        if (emptyPlaceholder != null) {
            return true;
        }
        if (System.nanoTime() - nextPlaceholderAttemptNanos < 0) {
            return false; // tried less than a second ago: not counted again
        }
        try {
            allocatePlaceholders();
            return true;
        } catch (final IllegalStateException refused) {
            return false; // counted by allocatePlaceholders
        }
    }

    /**
     * The empty placeholder, allocating both placeholders on first use. Called for every new
     * reservoir (a new series, on the SDK's record path), so once they exist it takes no lock: the
     * closed one is written first, and the empty one, volatile, publishes both.
     */
    private SlotMemory placeholders() {
        final SlotMemory empty = emptyPlaceholder;
        return empty != null ? empty : allocatePlaceholders();
    }

    private synchronized SlotMemory allocatePlaceholders() {
        if (emptyPlaceholder == null) {
            final long bytes = 2L * slabSlots * SLOT_LENGTH;
            nextPlaceholderAttemptNanos = System.nanoTime() + SWEEP_INTERVAL_NANOS;
            if (!DirectMemoryHeadroom.allows(bytes)) {
                refuse(REFUSED_PLACEHOLDERS, null);
                throw new IllegalStateException("the JVM's direct memory is nearly exhausted: no room for the "
                    + "arena's placeholders (" + bytes + " bytes)");
            }
            try {
                closedPlaceholder = placeholder(CLOSED_KEY);
                emptyPlaceholder = placeholder(EMPTY_KEY);
            } catch (final OutOfMemoryError refused) {
                refuse(REFUSED_PLACEHOLDERS, refused.toString());
                throw new IllegalStateException("the JVM refused " + bytes
                    + " bytes of direct memory for the arena's placeholders: " + refused.getMessage(), refused);
            }
        }
        return emptyPlaceholder;
    }

    /** A block whose every key is {@code key}, never written again. */
    private SlotMemory placeholder(final long key) {
        final SlotMemory memory = backend.allocate(slabSlots);
        for (int slot = 0; slot < slabSlots; slot++) {
            memory.putLong(slot * SLOT_LENGTH + KEY_OFFSET, key);
        }
        return memory;
    }

    SlotMemory emptyPlaceholder() {
        return emptyPlaceholder;
    }

    SlotMemory closedPlaceholder() {
        return closedPlaceholder;
    }

    /**
     * Leases a run of {@code slots} slots to {@code ring} (through {@link SlotRing#leased}), taking a
     * new slab if needed and allowed, else taking back expired and kept leases (see the class doc)
     * and trying once more. Direct memory is allocated, and taken-back runs are freed, without the
     * arena's lock. Called on a recording thread, by the first winner of a series without a lease.
     *
     * @return {@code true} when leased; {@code false} when refused (counted)
     */
    boolean lease(final SlotRing ring, final int slots) {
        // A lease counts from its grant (or its ring's later collections): the one clock read of a
        // claim, before the lock, so the arena's lock is held no longer for it. Claims are rare: a
        // ring keeps its lease while its series is busy (see SlotRing.KEPT).
        final long now = System.nanoTime();
        final int refused = tryLease(ring, slots, now);
        if (refused == GRANTED) {
            return true;
        }
        if (takeBackExpired() && tryLease(ring, slots, System.nanoTime()) == GRANTED) {
            return true;
        }
        synchronized (this) {
            return refuse(refused, null);
        }
    }

    /** One attempt: {@link #GRANTED}, or why not (nothing counted yet). */
    private int tryLease(final SlotRing ring, final int slots, final long nowNanos) {
        synchronized (this) {
            if (takeFromSlabs(ring, slots, nowNanos)) {
                return GRANTED;
            }
            if (slabs.size() + slabsBeingAllocated >= maxSlabs) {
                return REFUSED_LIMIT;
            }
            if (!DirectMemoryHeadroom.allows((long) slabSlots * SLOT_LENGTH)) {
                return REFUSED_HEADROOM;
            }
            slabsBeingAllocated++;
        }
        final SlotMemory memory;
        try {
            memory = backend.allocate(slabSlots);
        } catch (final Throwable refused) { // OutOfMemoryError above all; never left counted as pending
            synchronized (this) {
                slabsBeingAllocated--;
                lastRefusalDetail = refused.toString(); // kept for the warning if the take-back fails too
                return REFUSED_BY_JVM;
            }
        }
        synchronized (this) {
            slabsBeingAllocated--;
            slabs.add(new Slab(memory));
            emptySlabs++;
            // First fit again: a run may have been returned meanwhile; the new slab has room anyway.
            return takeFromSlabs(ring, slots, nowNanos) ? GRANTED : REFUSED_LIMIT;
        }
    }

    private boolean takeFromSlabs(final SlotRing ring, final int slots, final long nowNanos) {
        for (int s = 0; s < slabs.size(); s++) { // indexed: no iterator on a recording thread's claim
            final Slab slab = slabs.get(s);
            final boolean wasEmpty = slab.isEmpty();
            final int first = slab.take(slots);
            if (first >= 0) {
                if (wasEmpty) {
                    emptySlabs--;
                }
                slotsInUse += slots;
                ringsInUse++;
                slab.owners[first] = ring;
                ring.leased(slab, first, newTag(), nowNanos);
                return true;
            }
        }
        return false;
    }

    /**
     * Under pressure: takes back every lease not renewed within its expiry, and every kept lease
     * (a lease its ring kept across a resetting collection and has not written to since: it holds
     * nothing, so taking it costs its owner only a new lease at its next winner). The rings are
     * claimed (their state moved to RELEASING) under the arena's lock, chained through their own
     * {@code nextTakenBack} field (no allocation), and freed after the lock is let go, so no thread
     * ever waits for a slot lock while holding the arena's. Skipped until the earliest time a lease
     * can have expired, unless a collection has kept a lease since the last scan: a full arena of
     * live leases costs a refused lease no scan, and there is at most one scan per kept lease.
     *
     * @return whether any lease was taken back
     */
    private boolean takeBackExpired() {
        SlotRing takenBack = null;
        synchronized (this) {
            // The clock read here, not when the lease was asked for: a lease granted or renewed
            // since then must not look as if renewed in the future.
            final long now = System.nanoTime();
            final boolean expiryDue = now - nextExpiryNanos >= 0;
            if (!expiryDue && !leaseKeptSinceScan) {
                return false;
            }
            leaseKeptSinceScan = false; // before the scan: a lease kept during it sets it again
            long nextExpiry = now + leaseExpiryNanos; // every lease granted from now on expires later
            for (int s = 0; s < slabs.size(); s++) {
                final SlotRing[] owners = slabs.get(s).owners;
                for (int first = 0; first < owners.length; first++) {
                    final SlotRing owner = owners[first];
                    if (owner == null) {
                        continue;
                    }
                    // A lower bound either way: a kept lease whose take-back finds it written stays.
                    nextExpiry = Math.min(nextExpiry, owner.stampedExpiresAtNanos(now));
                    if (owner.tryBeginTakeBack(now)) {
                        owner.nextTakenBack = takenBack;
                        takenBack = owner;
                    }
                    first += owner.slots() - 1;
                }
            }
            nextExpiryNanos = nextExpiry;
        }
        return finishTakeBacks(takenBack);
    }

    /**
     * A resetting collection kept its ring's lease (see {@link SlotRing#KEPT}): the next refused
     * lease may look for kept leases to take back. Called once per such collection, never on the
     * offer path; writes only when the flag is not already set, so concurrent collectors do not
     * bounce its cache line.
     */
    void leaseKept() {
        if (!leaseKeptSinceScan) {
            leaseKeptSinceScan = true;
        }
    }

    private int newTag() {
        final int tag = nextTag++;
        if (nextTag == FREE_TAG) {
            nextTag++;
        }
        return tag;
    }

    /** Under the lock: counts a refusal; returns false. */
    private boolean refuse(final int why, final String detail) {
        refusals++;
        lastRefusal = why;
        if (detail != null) {
            lastRefusalDetail = detail;
        }
        return false;
    }

    /** Takes back a run; now and then lets go of slabs that stayed empty too long. */
    void giveBack(final Slab slab, final int firstSlot, final int slots) {
        final SlotRing idle;
        synchronized (this) {
            final long now = System.nanoTime();
            // The clock read here renews the ring too: a collection that returns its lease (or a
            // take-back, after which the owner simply leases again) reads no clock of its own.
            slab.owners[firstSlot].renewed(now);
            slab.owners[firstSlot] = null;
            slab.give(firstSlot, slots);
            slotsInUse -= slots;
            ringsInUse--;
            if (slab.isEmpty()) {
                slab.emptySinceNanos = now;
                emptySlabs++;
            }
            idle = sweepLockedIfDue(now);
        }
        finishTakeBacks(idle);
    }

    /**
     * Called by every collection and returned lease: lets go of slabs that stayed empty longer than their
     * linger time, at most once per {@link #SWEEP_INTERVAL_NANOS}. Costs one volatile read when not
     * due, so an idle application that is still scraped gives its memory back, with no thread of ours.
     */
    void sweepIfDue(final long now) {
        if (sweepDue(now)) {
            final SlotRing idle;
            synchronized (this) {
                idle = sweepLockedIfDue(now);
            }
            finishTakeBacks(idle);
        }
    }

    /**
     * A collection that kept its ring's lease, and so read no clock: every
     * {@link #COLLECTIONS_PER_LOOK}th such collection reads it for the arena's look
     * ({@link #sweepIfDue}). A plain counter, racy between concurrent collectors: a lost increment
     * only delays a look.
     */
    void collected() {
        if ((++collectionsSinceLook & (COLLECTIONS_PER_LOOK - 1)) == 0) {
            sweepIfDue(System.nanoTime());
        }
    }

    private boolean sweepDue(final long now) {
        return now - lastSweepNanos >= Math.min(Math.min(SWEEP_INTERVAL_NANOS, emptySlabLingerNanos),
            leaseExpiryNanos / 2);
    }

    /**
     * Under the lock: the arena's look, when due (see {@link #sweepDue}).
     *
     * @return the chain of kept leases taken back as idle, for the caller to finish once it has let
     *     the lock go ({@link #finishTakeBacks})
     */
    private SlotRing sweepLockedIfDue(final long now) {
        if (!sweepDue(now)) {
            return null;
        }
        lastSweepNanos = now;
        final SlotRing idle = lookAtLeases(now);
        if (emptySlabs > RETAINED_EMPTY_SLABS) {
            letGoOfLingeringSlabs(now);
        }
        return idle;
    }

    /**
     * Under the lock: stamps the clock on every lease renewed since the last look (collections
     * renew without reading it), so that a lease nobody collects any more expires about its expiry
     * after its last collection rather than after the first look under pressure; and takes back the
     * kept leases that have gone unrenewed that long (quiet series that the SDK no longer collects,
     * as its delta storage drops a series without measurements): they hold nothing,
     * so their memory goes back without waiting for pressure. Expired leases that hold exemplars
     * are left to the pressure rule ({@link #takeBackExpired}).
     *
     * @return the chain of kept leases taken (RELEASING), to finish without the lock
     */
    private SlotRing lookAtLeases(final long now) {
        SlotRing idle = null;
        long nextExpiry = now + leaseExpiryNanos;
        for (int s = 0; s < slabs.size(); s++) { // indexed: no iterator, a collection's look allocates nothing
            final SlotRing[] owners = slabs.get(s).owners;
            for (int first = 0; first < owners.length; first++) {
                final SlotRing owner = owners[first];
                if (owner != null) {
                    nextExpiry = Math.min(nextExpiry, owner.stampedExpiresAtNanos(now));
                    if (owner.tryBeginExpiredKeptTakeBack(now)) {
                        owner.nextTakenBack = idle;
                        idle = owner;
                    }
                    first += owner.slots() - 1;
                }
            }
        }
        nextExpiryNanos = Math.min(nextExpiryNanos, nextExpiry);
        return idle;
    }

    /**
     * Without the lock: finishes a chain of take-backs begun under it ({@link #takeBackExpired},
     * {@link #lookAtLeases}), and counts them. Every ring of the chain is finished even if one
     * throws (only a VM error can: {@link SlotRing#finishTakeBack} leaves that ring in a usable
     * state), so no ring stays RELEASING with writers spinning on it; the first such error is
     * thrown once the chain is done.
     *
     * @return whether any lease went back to the arena
     */
    private boolean finishTakeBacks(final SlotRing chain) {
        SlotRing next = chain;
        int expired = 0;
        int idle = 0;
        Throwable failure = null;
        while (next != null) {
            final SlotRing ring = next;
            next = ring.nextTakenBack;
            ring.nextTakenBack = null;
            final boolean asIdle = ring.takenAsIdle();
            try {
                if (ring.finishTakeBack()) {
                    if (asIdle) {
                        idle++;
                    } else {
                        expired++;
                    }
                }
            } catch (final Throwable vmError) {
                if (failure == null) {
                    failure = vmError;
                }
            }
        }
        if (expired + idle > 0) {
            synchronized (this) {
                takenBacks += expired;
                keptLeasesTakenBack += idle;
            }
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        return expired + idle > 0;
    }

    /** Drops slabs empty for longer than the linger time, keeping {@link #RETAINED_EMPTY_SLABS} empty ones. */
    private void letGoOfLingeringSlabs(final long now) {
        for (int i = slabs.size() - 1; i >= 0 && emptySlabs > RETAINED_EMPTY_SLABS; i--) {
            final Slab slab = slabs.get(i);
            if (slab.isEmpty() && now - slab.emptySinceNanos >= emptySlabLingerNanos) {
                slabs.remove(i);
                emptySlabs--;
            }
        }
    }

    /**
     * Logs one warning when leases were refused since the last one, at most once per
     * {@link #WARNING_INTERVAL_NANOS}. Every collection of a reservoir calls it; a caller that
     * collects a series whose reservoir could not be created (see {@link #tryPrepare()}) calls it
     * itself. Call it from a collecting thread, never a recording one. Costs two volatile reads when
     * there is nothing to say.
     */
    public void reportRefusals() {
        if (refusals == reportedRefusals || System.nanoTime() - nextWarningNanos < 0) {
            return;
        }
        final String message;
        synchronized (this) {
            final long refused = refusals;
            if (refused == reportedRefusals || System.nanoTime() - nextWarningNanos < 0) {
                return;
            }
            message = "exemplar slot arena refused " + (refused - reportedRefusals) + " lease(s) since the last "
                + "warning (" + refused + " in all), last because " + reason(lastRefusal) + "; those series keep no "
                + "exemplars until their next collection, when they ask again. In use: " + bytesInUse() + " of "
                + bytesLimit() + " bytes by " + ringsInUse + " reservoirs (" + takenBacks + " expired lease(s) "
                + "taken back so far). Raise the limit with -D" + DefaultArenaLimit.PROPERTY
                + "=BYTES (or SlotArena.createWithLimit), shorten -D" + LeaseExpiry.PROPERTY + " (now "
                + leaseExpiryNanos / 1_000_000L + "ms) if closed providers hold the memory, or select fewer "
                + "instruments.";
            reportedRefusals = refused;
            nextWarningNanos = System.nanoTime() + WARNING_INTERVAL_NANOS;
        }
        LOG.log(Level.WARNING, message);
    }

    /** Under the lock: a refusal's cause, in words. */
    private String reason(final int why) {
        switch (why) {
            case REFUSED_LIMIT:
                return "the arena is at its limit of " + bytesLimit() + " bytes, with no expired or kept lease to take back";
            case REFUSED_HEADROOM:
                return "the JVM's direct memory is nearly exhausted (the arena leaves 1/"
                    + DirectMemoryHeadroom.RESERVE_DIVISOR + " of the JVM's limit to the application)";
            case REFUSED_PLACEHOLDERS:
                return "the JVM's direct memory could not hold the arena's first " + 2L * slabSlots * SLOT_LENGTH
                    + " bytes (its placeholders" + (lastRefusalDetail == null ? "" : ": " + lastRefusalDetail)
                    + "); those series ask again at each collection";
            default:
                return "the JVM refused direct memory for a new slab (" + lastRefusalDetail + ")";
        }
    }

    @Override
    public synchronized String toString() {
        return "SlotArena{backend=" + backend + ", slabSlots=" + slabSlots + ", slabs=" + slabs.size() + '/'
            + maxSlabs + ", rings=" + ringsInUse + ", bytesInUse=" + bytesInUse() + ", bytesReserved="
            + bytesReserved() + ", bytesLimit=" + bytesLimit() + ", refusals=" + refusals + ", takenBack=" + takenBacks + ", keptTakenBack=" + keptLeasesTakenBack
            + ", leaseExpiryMillis=" + leaseExpiryNanos / 1_000_000L + '}';
    }

    /** One block of slots and a bitmap of which are leased. Guarded by the arena. */
    static final class Slab {
        final SlotMemory memory;
        /** The ring holding the run that starts at each slot, for taking back expired leases. */
        final SlotRing[] owners;
        private final long[] used;
        private int freeSlots;
        /** When the slab last became entirely free. */
        long emptySinceNanos = System.nanoTime();

        Slab(final SlotMemory memory) {
            this.memory = memory;
            this.owners = new SlotRing[memory.slots()];
            this.used = new long[(memory.slots() + Long.SIZE - 1) / Long.SIZE];
            this.freeSlots = memory.slots();
        }

        /** First fit; returns the first slot of the run, or -1 when no run is long enough. */
        int take(final int slots) {
            if (freeSlots < slots) {
                return -1;
            }
            final int total = memory.slots();
            int run = 0;
            for (int slot = 0; slot < total; slot++) {
                final long word = used[slot >>> 6];
                if (word == -1L) { // a full word: skip its 64 slots at once
                    slot |= Long.SIZE - 1;
                    run = 0;
                } else if ((word & (1L << slot)) != 0) {
                    run = 0;
                } else if (++run == slots) {
                    final int first = slot - slots + 1;
                    mark(first, slots, true);
                    freeSlots -= slots;
                    return first;
                }
            }
            return -1;
        }

        void give(final int first, final int slots) {
            mark(first, slots, false);
            freeSlots += slots;
        }

        boolean isEmpty() {
            return freeSlots == memory.slots();
        }

        /** Sets or clears the run's bits a word at a time (a run spans at most a slab). */
        private void mark(final int first, final int slots, final boolean leased) {
            final int end = first + slots; // exclusive
            for (int slot = first; slot < end; ) {
                final int wordEnd = Math.min(end, (slot | (Long.SIZE - 1)) + 1);
                final int bits = wordEnd - slot;
                final long mask = (bits == Long.SIZE ? -1L : (1L << bits) - 1) << slot; // shift is mod 64
                if (leased) {
                    used[slot >>> 6] |= mask;
                } else {
                    used[slot >>> 6] &= ~mask;
                }
                slot = wordEnd;
            }
        }
    }
}
