package io.exemplars.reservoir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.exemplars.reservoir.SlotLayout.REFERENCES_PER_SLOT;
import static io.exemplars.reservoir.SlotLayout.SEQ_OFFSET;
import static io.exemplars.reservoir.SlotLayout.SLAB_ALIGNMENT;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;

/**
 * One 64-byte-aligned block of off-heap slots (a slab, or an arena's placeholder), the on-heap side
 * array of its slots' references, and the handful of memory operations the engine performs on
 * them: plain, acquire, release and volatile reads and writes of {@code long} and {@code int}
 * words, and a compare-and-set of the seq word.
 *
 * <p>Two implementations, one per {@link SlotMemoryBackend}: {@link UnsafeSlotMemory} (Agrona's
 * {@code UnsafeApi} on the raw address, without bounds checks, when the JVM exports
 * {@code jdk.internal.misc}) and {@link VarHandleSlotMemory} (standard {@code VarHandle} views,
 * bounds-checked, always available). So every offset the engine passes must be in bounds by
 * construction (see {@link SlotRing}'s racing-offer rules): the Unsafe backend would not catch a
 * stray one. The backend is
 * chosen once per JVM, so every call site sees one receiver class and the JIT inlines it: the choice
 * never costs a branch on the offer path. Both implementations give the same guarantees, word by
 * word: acquire reads, release writes and a full-fence CAS, as in the JDK's {@code VarHandle}
 * access modes.
 *
 * <p>Memory comes from {@link ByteBuffer#allocateDirect} and is returned to the JVM by the garbage
 * collector when the last reference to the block goes, never explicitly: a thread that still holds
 * a reference (a racing offer that read a ring's slab just before it moved) reads mapped memory.
 */
abstract sealed class SlotMemory permits UnsafeSlotMemory, VarHandleSlotMemory {
    /** The slots' attribute and context references, {@link SlotLayout#REFERENCES_PER_SLOT} per slot. */
    final Object[] references;
    private final int slots;

    SlotMemory(final int slots) {
        this.slots = slots;
        this.references = new Object[slots * REFERENCES_PER_SLOT];
    }

    /**
     * @param slots how many 64-byte slots
     * @return zeroed direct memory for them, aligned so slot {@code i} starts a cache line, in the
     *     platform's byte order
     * @throws OutOfMemoryError when the JVM refuses the direct memory
     */
    static ByteBuffer allocateAligned(final int slots) {
        return ByteBuffer.allocateDirect(slots * SLOT_LENGTH + SLAB_ALIGNMENT)
            .alignedSlice(SLAB_ALIGNMENT)
            .limit(slots * SLOT_LENGTH)
            .slice()
            .order(ByteOrder.nativeOrder());
    }

    /**
     * @return how many slots this memory holds
     */
    final int slots() {
        return slots;
    }

    /**
     * Spins until this thread holds the slot (or ring header) whose seq word is at {@code offset}.
     *
     * @return the odd seq value now held, to pass to {@link #unlock}
     */
    final long lock(final int offset) {
        while (true) {
            // Volatile read then CAS: a test-and-test-and-set, so waiters spin on a shared line
            // instead of bouncing it between cores with failed CASes.
            final long seq = getLongVolatile(offset + SEQ_OFFSET);
            if ((seq & 1) == 0 && compareAndSetLong(offset + SEQ_OFFSET, seq, seq + 1)) {
                return seq + 1;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Takes the slot (or ring header) whose seq word is at {@code offset} if it is free now: one
     * read and at most one CAS, no spin.
     *
     * @return the odd seq value now held, to pass to {@link #unlock}; or {@code -1} when another
     *     thread holds it (or won the CAS)
     */
    final long tryLock(final int offset) {
        final long seq = getLongVolatile(offset + SEQ_OFFSET);
        if ((seq & 1) == 0 && compareAndSetLong(offset + SEQ_OFFSET, seq, seq + 1)) {
            return seq + 1;
        }
        return -1L;
    }

    /**
     * Releases a slot locked by {@link #lock} or {@link #tryLock}; the release store publishes what was written while
     * the lock was held.
     */
    final void unlock(final int offset, final long heldSeq) {
        putLongRelease(offset + SEQ_OFFSET, heldSeq + 1);
    }

    /** Plain read. */
    abstract long getLong(int offset);

    /** Read with acquire semantics: later reads and writes are not reordered before it. */
    abstract long getLongAcquire(int offset);

    /** Volatile read. */
    abstract long getLongVolatile(int offset);

    /** Plain write. */
    abstract void putLong(int offset, long value);

    /** Write with release semantics: earlier reads and writes are not reordered after it. */
    abstract void putLongRelease(int offset, long value);

    /** Atomic compare-and-set with volatile semantics. */
    abstract boolean compareAndSetLong(int offset, long expected, long value);

    /** Plain read. */
    abstract int getInt(int offset);

    /** Plain write. */
    abstract void putInt(int offset, int value);
}
