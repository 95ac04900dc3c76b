package io.exemplars.reservoir;

import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.exemplars.reservoir.SlotLayout.SLAB_ALIGNMENT;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;

/**
 * Off-heap memory from which many reservoirs (typically one per time series) are carved.
 *
 * <p>The arena holds up to {@code maxSlabs} slabs of {@code slabSlots} 64-byte slots each, every
 * slab one 64-byte-aligned direct buffer with an on-heap side array for the slots' attribute
 * and context references. Slabs are allocated lazily, the first on the first reservoir. A reservoir takes a run
 * of consecutive slots (a {@link SlotRing}) by first fit from a slab's free list, and gives it back
 * on {@link ExemplarReservoir#close()}, or, if the owner forgets, when the owner becomes unreachable
 * (a {@link Cleaner} is the safety net). Freed runs coalesce with their neighbours.
 *
 * <p>Allocation and release are synchronized on the arena: they happen when a series is created or
 * dropped, never on the offer path. Slab memory is handed back to the JVM only by the garbage
 * collector, never explicitly, so a racing offer can never touch unmapped memory.
 *
 * <p>The JVM must run with {@link #REQUIRED_JVM_FLAG} (Agrona 2.x uses
 * {@code jdk.internal.misc.Unsafe}); without it, creating an arena throws an
 * {@link IllegalStateException} that names the flag.
 *
 * <p>Thread-safe.
 */
public final class SlotArena {
    /** Slots per slab when the caller does not choose: 16,384 slots, 1 MiB of off-heap memory. */
    public static final int DEFAULT_SLAB_SLOTS = 16_384;
    /** Slab limit when the caller does not choose: 1,024 slabs, at most 1 GiB. */
    public static final int DEFAULT_MAX_SLABS = 1_024;
    /** Largest slab: 2^24 slots (1 GiB), kept well inside the {@code int} offsets of a buffer. */
    public static final int MAX_SLAB_SLOTS = 1 << 24;

    /** The JVM flag Agrona 2.x needs to reach {@code jdk.internal.misc.Unsafe}. */
    public static final String REQUIRED_JVM_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    private static final Cleaner CLEANER = Cleaner.create();

    private final int slabSlots;
    private final int maxSlabs;
    private final List<Slab> slabs = new ArrayList<>();
    private long slotsInUse;
    private int ringsInUse;

    private SlotArena(final int slabSlots, final int maxSlabs) {
        requireOffHeapAccess();
        this.slabSlots = slabSlots;
        this.maxSlabs = maxSlabs;
    }

    /**
     * @return an arena of up to {@link #DEFAULT_MAX_SLABS} slabs of {@link #DEFAULT_SLAB_SLOTS} slots
     */
    public static SlotArena create() {
        return new SlotArena(DEFAULT_SLAB_SLOTS, DEFAULT_MAX_SLABS);
    }

    /**
     * @param slabSlots slots per slab, 1 to {@link #MAX_SLAB_SLOTS}; also the largest ring the
     *                  arena can hand out
     * @param maxSlabs  how many slabs the arena may allocate, at least 1
     * @return a new, empty arena (no memory is allocated until the first ring)
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
     * Fails fast, with the fix in the message, when the JVM was started without
     * {@link #REQUIRED_JVM_FLAG}: otherwise the first reservoir would die with an obscure
     * {@link IllegalAccessError} from inside Agrona.
     */
    private static void requireOffHeapAccess() {
        try {
            new UnsafeBuffer(new byte[SLOT_LENGTH]).getLongVolatile(0);
        } catch (final LinkageError e) {
            throw new IllegalStateException("reservoir-core keeps exemplars off-heap with Agrona 2.x, which needs "
                + "the JVM flag " + REQUIRED_JVM_FLAG + " (add it to the java command line, or "
                + "'Add-Exports: java.base/jdk.internal.misc' to an executable jar's manifest)", e);
        }
    }

    /**
     * @return the largest ring, in slots, this arena can hand out (one slab)
     */
    public int maxRingSlots() {
        return slabSlots;
    }

    /**
     * @return bytes of off-heap slot memory held by live reservoirs
     */
    public synchronized long bytesInUse() {
        return slotsInUse * SLOT_LENGTH;
    }

    /**
     * @return bytes of off-heap memory the arena has allocated (all slabs so far)
     */
    public synchronized long bytesReserved() {
        return (long) slabs.size() * slabSlots * SLOT_LENGTH;
    }

    /**
     * @return the most off-heap bytes this arena will ever allocate
     */
    public long bytesLimit() {
        return (long) maxSlabs * slabSlots * SLOT_LENGTH;
    }

    /**
     * @return how many reservoirs currently hold a ring of this arena
     */
    public synchronized int ringsInUse() {
        return ringsInUse;
    }

    /**
     * Carves a ring of {@code slots} consecutive slots for {@code owner}. Every slot starts empty.
     *
     * @param owner the reservoir that will use the ring; when it becomes unreachable the ring is
     *              released automatically
     * @param slots ring length, 1 to {@link #maxRingSlots()}
     * @return the ring
     * @throws IllegalArgumentException when {@code slots} is out of range
     * @throws IllegalStateException    when the arena is exhausted
     */
    public synchronized SlotRing allocate(final Object owner, final int slots) {
        if (slots < 1 || slots > slabSlots) {
            throw new IllegalArgumentException(
                "a reservoir needs 1 to " + slabSlots + " slots (the arena's slab size), asked for " + slots);
        }
        for (final Slab slab : slabs) {
            final int start = slab.take(slots);
            if (start >= 0) {
                return newRing(owner, slab, start, slots);
            }
        }
        if (slabs.size() == maxSlabs) {
            throw new IllegalStateException("exemplar slot arena exhausted: " + bytesInUse() + " of "
                + bytesLimit() + " bytes in use (" + ringsInUse + " reservoirs, " + maxSlabs + " slabs of "
                + slabSlots + " slots), no free run of " + slots + " slots; close unused reservoirs or "
                + "create the arena with more slabs");
        }
        final Slab slab = new Slab(slabSlots);
        slabs.add(slab);
        return newRing(owner, slab, slab.take(slots), slots);
    }

    private SlotRing newRing(final Object owner, final Slab slab, final int start, final int slots) {
        final SlotRing ring = new SlotRing(this, slab.buffer, slab.references, start, slots);
        ring.initialise();
        // The ring is published to other threads through the reservoir's final fields, which do not
        // cover off-heap memory: fence so the initial EMPTY keys are visible before the reservoir is.
        VarHandle.fullFence();
        ring.cleanable = CLEANER.register(owner, ring::release);
        slotsInUse += slots;
        ringsInUse++;
        return ring;
    }

    synchronized void free(final AtomicBuffer buffer, final int firstSlot, final int slots) {
        for (final Slab slab : slabs) {
            if (slab.buffer == buffer) {
                slab.give(firstSlot, slots);
                slotsInUse -= slots;
                ringsInUse--;
                return;
            }
        }
        throw new IllegalStateException("ring does not belong to this arena");
    }

    @Override
    public synchronized String toString() {
        return "SlotArena{slabSlots=" + slabSlots + ", slabs=" + slabs.size() + '/' + maxSlabs
            + ", rings=" + ringsInUse + ", bytesInUse=" + bytesInUse() + '}';
    }

    /** One aligned direct buffer, its reference side array, and its free runs (start to length). */
    private static final class Slab {
        final AtomicBuffer buffer;
        final Object[] references;
        final TreeMap<Integer, Integer> freeRuns = new TreeMap<>();

        Slab(final int slots) {
            buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(slots * SLOT_LENGTH, SLAB_ALIGNMENT));
            references = new Object[slots * SlotLayout.REFERENCES_PER_SLOT];
            freeRuns.put(0, slots);
        }

        /** First fit; returns the first slot of the run, or -1 when no run is long enough. */
        int take(final int slots) {
            for (final Map.Entry<Integer, Integer> run : freeRuns.entrySet()) {
                final int start = run.getKey();
                final int length = run.getValue();
                if (length >= slots) {
                    freeRuns.remove(start);
                    if (length > slots) {
                        freeRuns.put(start + slots, length - slots);
                    }
                    return start;
                }
            }
            return -1;
        }

        /** Returns a run and merges it with the free runs either side of it. */
        void give(final int start, final int slots) {
            int mergedStart = start;
            int mergedLength = slots;
            final Map.Entry<Integer, Integer> before = freeRuns.floorEntry(start);
            if (before != null && before.getKey() + before.getValue() == start) {
                mergedStart = before.getKey();
                mergedLength += before.getValue();
                freeRuns.remove(before.getKey());
            }
            final Integer afterLength = freeRuns.remove(start + slots);
            if (afterLength != null) {
                mergedLength += afterLength;
            }
            freeRuns.put(mergedStart, mergedLength);
        }
    }
}
