package io.exemplars.reservoir;

import org.agrona.concurrent.AtomicBuffer;

import java.lang.ref.Cleaner;

import static io.exemplars.reservoir.SlotLayout.ATTRIBUTES_REFERENCE;
import static io.exemplars.reservoir.SlotLayout.CLOSED_KEY;
import static io.exemplars.reservoir.SlotLayout.CONTEXT_REFERENCE;
import static io.exemplars.reservoir.SlotLayout.EMPTY_KEY;
import static io.exemplars.reservoir.SlotLayout.EPOCH_NANOS_OFFSET;
import static io.exemplars.reservoir.SlotLayout.FLAGS_OFFSET;
import static io.exemplars.reservoir.SlotLayout.KEY_OFFSET;
import static io.exemplars.reservoir.SlotLayout.REFERENCES_PER_SLOT;
import static io.exemplars.reservoir.SlotLayout.SEQ_OFFSET;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;
import static io.exemplars.reservoir.SlotLayout.SPAN_ID_OFFSET;
import static io.exemplars.reservoir.SlotLayout.TRACE_FLAGS_MASK;
import static io.exemplars.reservoir.SlotLayout.TRACE_ID_HIGH_OFFSET;
import static io.exemplars.reservoir.SlotLayout.TRACE_ID_LOW_OFFSET;
import static io.exemplars.reservoir.SlotLayout.VALUE_OFFSET;

/**
 * A run of consecutive slots carved from a {@link SlotArena}, and the operations every reservoir
 * performs on its slots: lock, store a captured offer, copy out for collection, clear, close.
 *
 * <p>Locking protocol for a slot: the seq word is even when the slot is stable; a writer or a
 * collector moves it to odd with a CAS, works, and stores {@code seq + 1} (even again) with
 * release semantics, which publishes everything written while it held the slot. The critical
 * section is a handful of stores plus the capturer's reads, never I/O, so waiters spin
 * ({@link Thread#onSpinWait()}) instead of parking.
 */
public final class SlotRing {
    private final SlotArena arena;
    private final AtomicBuffer buffer;
    /** The slab's on-heap side array: {@link SlotLayout#REFERENCES_PER_SLOT} elements per slot. */
    private final Object[] references;
    private final int firstSlot;
    private final int slots;
    private final int baseOffset;
    Cleaner.Cleanable cleanable;

    SlotRing(final SlotArena arena, final AtomicBuffer buffer, final Object[] references,
             final int firstSlot, final int slots) {
        this.arena = arena;
        this.buffer = buffer;
        this.references = references;
        this.firstSlot = firstSlot;
        this.slots = slots;
        this.baseOffset = firstSlot * SLOT_LENGTH;
    }

    /**
     * @return the buffer the ring lives in (shared with other rings of the same slab)
     */
    AtomicBuffer buffer() {
        return buffer;
    }

    /**
     * @return number of slots in the ring
     */
    public int slots() {
        return slots;
    }

    /**
     * @param slot index of a slot in this ring
     * @return its byte offset in {@link #buffer()}
     */
    int offset(final int slot) {
        return baseOffset + slot * SLOT_LENGTH;
    }

    /** Index in the side array of a slot's first reference. */
    private int referenceBase(final int slot) {
        return (firstSlot + slot) * REFERENCES_PER_SLOT;
    }

    /** Drops a slot's references so the ring never keeps a measurement's objects alive. */
    private void dropReferences(final int slot) {
        final int base = referenceBase(slot);
        references[base + ATTRIBUTES_REFERENCE] = null;
        references[base + CONTEXT_REFERENCE] = null;
    }

    /** Every slot empty, payload zeroed, references dropped. The seq words keep counting. */
    void initialise() {
        for (int slot = 0; slot < slots; slot++) {
            final int offset = offset(slot);
            buffer.setMemory(offset + KEY_OFFSET, SLOT_LENGTH - KEY_OFFSET, (byte) 0);
            buffer.putLong(offset + KEY_OFFSET, EMPTY_KEY);
            dropReferences(slot);
        }
    }

    /**
     * Spins until this thread holds the slot (or header) at {@code offset}.
     *
     * @return the odd seq value now held, to pass to {@link #unlock}
     */
    long lock(final int offset) {
        while (true) {
            // Volatile read then CAS: a test-and-test-and-set, so waiters spin on a shared line
            // instead of bouncing it between cores with failed CASes.
            final long seq = buffer.getLongVolatile(offset + SEQ_OFFSET);
            if ((seq & 1) == 0 && buffer.compareAndSetLong(offset + SEQ_OFFSET, seq, seq + 1)) {
                return seq + 1;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Releases a slot locked by {@link #lock}; the release store publishes the slot's new content.
     */
    void unlock(final int offset, final long heldSeq) {
        buffer.putLongRelease(offset + SEQ_OFFSET, heldSeq + 1);
    }

    /**
     * @return the key of the slot at {@code offset}, read with acquire semantics (the reject path)
     */
    long keyAcquire(final int offset) {
        return buffer.getLongAcquire(offset + KEY_OFFSET);
    }

    /**
     * @return the key of the slot at {@code offset}; only while holding the slot or its ring lock
     */
    long key(final int offset) {
        return buffer.getLong(offset + KEY_OFFSET);
    }

    /** Sets the key (or, on a header, the threshold) at {@code offset}, with release semantics. */
    void keyRelease(final int offset, final long key) {
        buffer.putLongRelease(offset + KEY_OFFSET, key);
    }

    /**
     * Captures an offer into a slot this thread holds. Every capturer read happens before the
     * first store, so a capturer that throws leaves the slot untouched and the offer is dropped.
     *
     * @return {@code true} when the offer was stored
     */
    <C> boolean store(final int slot, final long key, final long valueBits, final int valueFlags,
                      final Object attrs, final C context, final ExemplarCapturer<C> capturer) {
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
        } catch (final RuntimeException ex) {
            return false; // never throw into the recording thread; the candidate is simply not kept
        }
        final int offset = offset(slot);
        buffer.putLong(offset + VALUE_OFFSET, valueBits);
        buffer.putLong(offset + EPOCH_NANOS_OFFSET, epochNanos);
        buffer.putLong(offset + TRACE_ID_HIGH_OFFSET, traceIdHigh);
        buffer.putLong(offset + TRACE_ID_LOW_OFFSET, traceIdLow);
        buffer.putLong(offset + SPAN_ID_OFFSET, spanId);
        buffer.putInt(offset + FLAGS_OFFSET, (traceFlags & TRACE_FLAGS_MASK) | valueFlags);
        final int base = referenceBase(slot);
        references[base + ATTRIBUTES_REFERENCE] = attrs;
        references[base + CONTEXT_REFERENCE] = contextReference;
        // Ordered store: a rejecting reader may see the new key a little before the payload, which
        // is harmless (it only compares keys); collectors take the lock and see all of it.
        keyRelease(offset, key);
        return true;
    }

    /** Marks a held slot empty and drops its references. */
    void clear(final int slot) {
        keyRelease(offset(slot), EMPTY_KEY);
        dropReferences(slot);
    }

    /** Copies a held slot into the collecting thread's scratch. */
    void copyOut(final int slot, final CollectScratch scratch, final int scratchSlot) {
        buffer.getBytes(offset(slot), scratch.buffer, scratchSlot * SLOT_LENGTH, SLOT_LENGTH);
        final int from = referenceBase(slot);
        final int to = scratchSlot * REFERENCES_PER_SLOT;
        scratch.references[to + ATTRIBUTES_REFERENCE] = references[from + ATTRIBUTES_REFERENCE];
        scratch.references[to + CONTEXT_REFERENCE] = references[from + CONTEXT_REFERENCE];
    }

    /** @return {@code true} when a slot's key marks a kept exemplar */
    static boolean holdsExemplar(final long key) {
        return key != EMPTY_KEY && key != CLOSED_KEY;
    }

    /**
     * Collects slot by slot, each under its own lock: used by the aligned reservoirs, whose slots
     * are independent buckets. Exemplar index = slot index = bucket index.
     */
    <S> int collectEachSlot(final ExemplarVisitor<S> visitor, final S state, final boolean reset) {
        final CollectScratch scratch = CollectScratch.forSlots(1);
        int visited = 0;
        for (int slot = 0; slot < slots; slot++) {
            final int offset = offset(slot);
            if (!holdsExemplar(keyAcquire(offset))) {
                continue; // nothing kept: skip without taking the lock
            }
            final long held = lock(offset);
            final boolean kept = holdsExemplar(key(offset));
            if (kept) {
                copyOut(slot, scratch, 0);
                if (reset) {
                    clear(slot);
                }
            }
            unlock(offset, held);
            if (kept) {
                scratch.visit(0, slot, visitor, state);
                visited++;
            }
        }
        return visited;
    }

    /**
     * Collects all data slots at once under the header lock at slot 0 (the fixed-size reservoir),
     * so a resetting collect cuts one interval cleanly for the whole reservoir. Exemplar index =
     * data slot position (ring slot - 1).
     */
    <S> int collectUnderHeader(final ExemplarVisitor<S> visitor, final S state, final boolean reset) {
        final CollectScratch scratch = CollectScratch.forSlots(slots - 1);
        final int header = offset(0);
        int copied = 0;
        final long held = lock(header);
        for (int slot = 1; slot < slots; slot++) {
            if (holdsExemplar(key(offset(slot)))) {
                copyOut(slot, scratch, copied);
                scratch.buffer.putInt(copied * SLOT_LENGTH + SEQ_OFFSET, slot - 1); // remember the index
                copied++;
                if (reset) {
                    clear(slot);
                }
            }
        }
        // Every data slot is empty now, so the threshold is EMPTY too; a closed ring (CLOSED_KEY
        // threshold) must stay closed, hence the check.
        if (reset && holdsExemplar(key(header))) {
            keyRelease(header, EMPTY_KEY);
        }
        unlock(header, held);
        for (int i = 0; i < copied; i++) {
            scratch.visit(i, scratch.buffer.getInt(i * SLOT_LENGTH + SEQ_OFFSET), visitor, state);
        }
        return copied;
    }

    /**
     * Releases the ring to its arena now. Idempotent; also what the {@link Cleaner} runs when the
     * owner was never closed.
     */
    public void close() {
        cleanable.clean();
    }

    /**
     * Closes every slot (key {@link SlotLayout#CLOSED_KEY}, so racing offers are rejected on their
     * read-only path), drops the slots' references, and returns the run to the arena.
     */
    void release() {
        for (int slot = 0; slot < slots; slot++) {
            final int offset = offset(slot);
            final long held = lock(offset);
            keyRelease(offset, CLOSED_KEY);
            dropReferences(slot);
            unlock(offset, held);
        }
        arena.free(buffer, firstSlot, slots);
    }
}
