package io.exemplars.reservoir;

import java.util.Arrays;

import static io.exemplars.reservoir.SlotLayout.ATTRIBUTES_REFERENCE;
import static io.exemplars.reservoir.SlotLayout.CONTEXT_REFERENCE;
import static io.exemplars.reservoir.SlotLayout.EPOCH_NANOS_OFFSET;
import static io.exemplars.reservoir.SlotLayout.FLAGS_OFFSET;
import static io.exemplars.reservoir.SlotLayout.REFERENCES_PER_SLOT;
import static io.exemplars.reservoir.SlotLayout.SPAN_ID_OFFSET;
import static io.exemplars.reservoir.SlotLayout.TRACE_ID_HIGH_OFFSET;
import static io.exemplars.reservoir.SlotLayout.TRACE_ID_LOW_OFFSET;
import static io.exemplars.reservoir.SlotLayout.VALUE_OFFSET;

/**
 * The collecting thread's private copy area: slots are copied here under their lock, the lock is
 * released, and only then is the visitor called, so a slow visitor never holds up an offer.
 *
 * <p>A plain on-heap {@code long[]} of {@link #WORDS_PER_EXEMPLAR} words per copied exemplar, laid
 * out by the {@code *_WORD} constants. One scratch per collecting thread ({@link ThreadLocal}),
 * grown on demand and then reused: a steady-state collect allocates nothing. It also owns the
 * {@link CollectedExemplar} flyweight.
 */
final class CollectScratch {
    /** Word of a copied exemplar: its index (bucket, or slot position). */
    static final int INDEX_WORD = 0;
    /** Word of a copied exemplar: the value bits. */
    static final int VALUE_WORD = 1;
    /** Word of a copied exemplar: the capture time. */
    static final int EPOCH_NANOS_WORD = 2;
    /** Word of a copied exemplar: the trace id's high half. */
    static final int TRACE_ID_HIGH_WORD = 3;
    /** Word of a copied exemplar: the trace id's low half. */
    static final int TRACE_ID_LOW_WORD = 4;
    /** Word of a copied exemplar: the span id. */
    static final int SPAN_ID_WORD = 5;
    /** Word of a copied exemplar: the flags ({@link SlotLayout#FLAGS_OFFSET}). */
    static final int FLAGS_WORD = 6;
    /** Words per copied exemplar. */
    static final int WORDS_PER_EXEMPLAR = 7;

    private static final ThreadLocal<CollectScratch> PER_THREAD = ThreadLocal.withInitial(CollectScratch::new);
    private static final int INITIAL_EXEMPLARS = 16;
    /** Lookups through the {@link ThreadLocal} after which a thread publishes its own scratch. */
    private static final int MISSES_BEFORE_TAKE_OVER = 64;

    /**
     * A collecting thread's scratch, published so that {@link #forSlots} finds it without the
     * {@link ThreadLocal} lookup (a hash probe and a weak-reference check, about a tenth of a small
     * series' collect). An exporter collects series after series on one thread, so that thread
     * owns it nearly always. Plain and racy on purpose: a reference is read whole, and
     * {@link #ownerId} is final, so a thread reads either its own scratch or another's, which it
     * recognises and leaves alone; a thread never touches another's words.
     *
     * <p>Written when empty, and by a thread that missed {@value #MISSES_BEFORE_TAKE_OVER} times
     * since it last wrote it: two threads that collect in turn do not write this shared line on
     * every collection, and a collector that ended is replaced soon. It holds a scratch, never a
     * thread, and a scratch holds no measurement once a collection ends ({@link #visitAll}).
     */
    private static CollectScratch published;

    /** The id of the thread this scratch belongs to (ids are never reused while the JVM runs). */
    private final long ownerId = Thread.currentThread().getId();
    /** This thread's lookups through the {@link ThreadLocal} since it last published this scratch. */
    private int misses;
    private final CollectedExemplar flyweight = new CollectedExemplar();
    private long[] words = new long[0];
    /** Copied side-array references, {@link SlotLayout#REFERENCES_PER_SLOT} per copied exemplar. */
    private Object[] references = new Object[0];
    private int capacity;

    private CollectScratch() {
    }

    /**
     * @param exemplars how many exemplars the caller may copy
     * @return this thread's scratch, with room for at least that many
     */
    static CollectScratch forSlots(final int exemplars) {
        CollectScratch scratch = published;
        if (scratch == null || scratch.ownerId != Thread.currentThread().getId()) {
            final CollectScratch own = PER_THREAD.get();
            if (scratch == null || ++own.misses >= MISSES_BEFORE_TAKE_OVER) {
                own.misses = 0;
                published = own;
            }
            scratch = own;
        }
        if (scratch.capacity < exemplars) {
            scratch.grow(exemplars);
        }
        return scratch;
    }

    private void grow(final int exemplars) {
        final int grown = Math.max(INITIAL_EXEMPLARS, Integer.highestOneBit(exemplars - 1) << 1);
        words = new long[grown * WORDS_PER_EXEMPLAR];
        references = new Object[grown * REFERENCES_PER_SLOT];
        capacity = grown;
        flyweight.over(words, references);
    }

    /** Copies the slot at {@code offset} of {@code memory}, whose lock the caller holds. */
    void copy(final SlotMemory memory, final int offset, final int position, final int index) {
        final int word = position * WORDS_PER_EXEMPLAR;
        words[word + INDEX_WORD] = index;
        words[word + VALUE_WORD] = memory.getLong(offset + VALUE_OFFSET);
        words[word + EPOCH_NANOS_WORD] = memory.getLong(offset + EPOCH_NANOS_OFFSET);
        words[word + TRACE_ID_HIGH_WORD] = memory.getLong(offset + TRACE_ID_HIGH_OFFSET);
        words[word + TRACE_ID_LOW_WORD] = memory.getLong(offset + TRACE_ID_LOW_OFFSET);
        words[word + SPAN_ID_WORD] = memory.getLong(offset + SPAN_ID_OFFSET);
        words[word + FLAGS_WORD] = memory.getInt(offset + FLAGS_OFFSET);
        final int from = offset / SlotLayout.SLOT_LENGTH * REFERENCES_PER_SLOT;
        final int to = position * REFERENCES_PER_SLOT;
        references[to + ATTRIBUTES_REFERENCE] = memory.references[from + ATTRIBUTES_REFERENCE];
        references[to + CONTEXT_REFERENCE] = memory.references[from + CONTEXT_REFERENCE];
    }

    /**
     * Hands the first {@code count} copies to the visitor, in order, then drops the scratch's
     * references to their objects (also when a visitor throws), so the scratch never keeps a
     * measurement alive past the collection. The flyweight reads the copies where they are: it
     * holds no reference of its own.
     *
     * @return {@code count}
     */
    <S> int visitAll(final int count, final ExemplarVisitor<S> visitor, final S state) {
        try {
            for (int position = 0; position < count; position++) {
                visitor.onExemplar(state, flyweight.at(position));
            }
        } finally {
            Arrays.fill(references, 0, count * REFERENCES_PER_SLOT, null);
        }
        return count;
    }
}
