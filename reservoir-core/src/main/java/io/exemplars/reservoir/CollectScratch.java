package io.exemplars.reservoir;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

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
    Object[] attributes = new Object[0];

    private CollectScratch() {
    }

    /**
     * @param slots how many slots the caller will copy
     * @return this thread's scratch, with room for at least {@code slots} slots
     */
    static CollectScratch forSlots(final int slots) {
        final CollectScratch scratch = PER_THREAD.get();
        if (scratch.attributes.length < slots) {
            scratch.grow(slots);
        }
        return scratch;
    }

    private void grow(final int slots) {
        final int capacity = Math.max(INITIAL_SLOTS, Integer.highestOneBit(slots - 1) << 1);
        buffer.wrap(BufferUtil.allocateDirectAligned(capacity * SLOT_LENGTH, SLAB_ALIGNMENT));
        attributes = new Object[capacity];
    }

    /**
     * Hands scratch slot {@code scratchSlot} to the visitor and then drops the attribute reference,
     * so the scratch never keeps a measurement's attributes alive.
     */
    <S> void visit(final int scratchSlot, final int index, final ExemplarVisitor<S> visitor, final S state) {
        final Object attrs = attributes[scratchSlot];
        attributes[scratchSlot] = null;
        visitor.onExemplar(state, flyweight.wrap(buffer, scratchSlot * SLOT_LENGTH, index, attrs));
    }
}
