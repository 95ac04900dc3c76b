package io.exemplars.reservoir;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import static io.exemplars.reservoir.SlotLayout.ATTRIBUTES_REFERENCE;
import static io.exemplars.reservoir.SlotLayout.CONTEXT_REFERENCE;
import static io.exemplars.reservoir.SlotLayout.REFERENCES_PER_SLOT;
import static io.exemplars.reservoir.SlotLayout.SLAB_ALIGNMENT;
import static io.exemplars.reservoir.SlotLayout.SLOT_LENGTH;

/**
 * The collecting thread's private copy area: slots are copied here under their lock, the lock is
 * released, and only then is the visitor called, so a slow visitor never holds up an offer.
 *
 * <p>One scratch per collecting thread ({@link ThreadLocal}), grown on demand and then reused: a
 * steady-state collect allocates nothing. It also owns the {@link CollectedExemplar} flyweight.
 */
final class CollectScratch {
    private static final ThreadLocal<CollectScratch> PER_THREAD = ThreadLocal.withInitial(CollectScratch::new);
    private static final int INITIAL_SLOTS = 16;

    final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    final CollectedExemplar flyweight = new CollectedExemplar();
    /** Copied side-array references, {@link SlotLayout#REFERENCES_PER_SLOT} per scratch slot. */
    Object[] references = new Object[0];
    private int capacity;

    private CollectScratch() {
    }

    /**
     * @param slots how many slots the caller will copy
     * @return this thread's scratch, with room for at least {@code slots} slots
     */
    static CollectScratch forSlots(final int slots) {
        final CollectScratch scratch = PER_THREAD.get();
        if (scratch.capacity < slots) {
            scratch.grow(slots);
        }
        return scratch;
    }

    private void grow(final int slots) {
        final int capacity = Math.max(INITIAL_SLOTS, Integer.highestOneBit(slots - 1) << 1);
        buffer.wrap(BufferUtil.allocateDirectAligned(capacity * SLOT_LENGTH, SLAB_ALIGNMENT));
        references = new Object[capacity * REFERENCES_PER_SLOT];
        this.capacity = capacity;
    }

    /**
     * Hands scratch slot {@code scratchSlot} to the visitor, having first dropped the scratch's own
     * references to its objects, so the scratch never keeps a measurement's objects alive.
     */
    <S> void visit(final int scratchSlot, final int index, final ExemplarVisitor<S> visitor, final S state) {
        final int base = scratchSlot * REFERENCES_PER_SLOT;
        final Object attributes = references[base + ATTRIBUTES_REFERENCE];
        final Object contextReference = references[base + CONTEXT_REFERENCE];
        references[base + ATTRIBUTES_REFERENCE] = null;
        references[base + CONTEXT_REFERENCE] = null;
        visitor.onExemplar(state, flyweight.wrap(buffer, scratchSlot * SLOT_LENGTH, index, attributes,
            contextReference));
    }
}
