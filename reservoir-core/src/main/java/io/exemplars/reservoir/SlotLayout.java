package io.exemplars.reservoir;

/**
 * The off-heap layout of one exemplar slot: exactly one 64-byte cache line, so two buckets (or two
 * reservoirs) never share a line and a writer in one never invalidates a reader of another.
 *
 * <pre>
 *   0                   8                   16                  24
 *   +-------------------+-------------------+-------------------+
 *   | seq (lock)        | key               | value bits        |
 *   +-------------------+-------------------+-------------------+
 *   | epoch nanos       | trace id (high)   | trace id (low)    |
 *   +-------------------+-------------------+-------------------+
 *   | span id           | flags | tag       |
 *   +-------------------+-------------------+
 *   48                  56      60          64
 * </pre>
 *
 * <ul>
 *   <li><b>seq</b>: even means stable, odd means a writer (or a collector) holds the slot. Each
 *       release adds one, so the value only ever grows and a seqlock-style reader could validate a
 *       copy against it.</li>
 *   <li><b>key</b>: the sampling key of the kept offer; lower keys win. {@link #EMPTY_KEY} marks an
 *       empty slot, {@link #CLOSED_KEY} a slot of a closed reservoir (every offer compares
 *       {@code >=} to it and is rejected).</li>
 *   <li><b>flags</b>: the W3C trace flags in the low 8 bits, {@link #FLAG_LONG_VALUE} when the value
 *       bits hold a {@code long} rather than a {@code double}.</li>
 *   <li><b>tag</b>: which lease of the slot this is. Every time an arena hands a run of slots to a
 *       reservoir it writes a new tag (never {@link #FREE_TAG}) into each slot of the run, under
 *       the slot's lock; freeing the run writes {@link #FREE_TAG}. A writer checks, with the lock
 *       held, that the tag is still the one its reservoir was given before it stores anything, so
 *       a writer that raced with the run being freed and handed to another reservoir can never
 *       store into the other reservoir's slots.</li>
 * </ul>
 *
 * <p>A fixed-size reservoir puts one more line in front of its slots, its header: the header's seq
 * word is the reservoir lock and its key word the reservoir threshold (the largest kept key).
 */
public final class SlotLayout {
    /** Bytes in one slot: one cache line on every mainstream CPU. */
    public static final int SLOT_LENGTH = 64;
    /** Alignment of every slab, so slot {@code i} starts a cache line. */
    public static final int SLAB_ALIGNMENT = 64;

    /** Offset of the lock/sequence word ({@code long}). */
    public static final int SEQ_OFFSET = 0;
    /** Offset of the sampling key ({@code long}). */
    public static final int KEY_OFFSET = 8;
    /** Offset of the value bits ({@code double} raw bits or {@code long}). */
    public static final int VALUE_OFFSET = 16;
    /** Offset of the capture time in epoch nanoseconds ({@code long}). */
    public static final int EPOCH_NANOS_OFFSET = 24;
    /** Offset of the high 64 bits of the 128-bit trace id ({@code long}). */
    public static final int TRACE_ID_HIGH_OFFSET = 32;
    /** Offset of the low 64 bits of the 128-bit trace id ({@code long}). */
    public static final int TRACE_ID_LOW_OFFSET = 40;
    /** Offset of the 64-bit span id ({@code long}). */
    public static final int SPAN_ID_OFFSET = 48;
    /** Offset of the flags word ({@code int}). */
    public static final int FLAGS_OFFSET = 56;
    /** Offset of the lease tag ({@code int}). */
    public static final int TAG_OFFSET = 60;
    /** Tag of a slot that belongs to no reservoir. */
    public static final int FREE_TAG = 0;

    /** In a fixed-size reservoir's header line: the reservoir lock (same word as a slot's seq). */
    public static final int HEADER_LOCK_OFFSET = SEQ_OFFSET;
    /** In a fixed-size reservoir's header line: the threshold (same word as a slot's key). */
    public static final int HEADER_THRESHOLD_OFFSET = KEY_OFFSET;
    /**
     * In a fixed-size reservoir's header line: a {@code double} a weighted reservoir's reject path
     * multiplies by instead of decoding the threshold ({@link ValueKeys#weightedRejectScale}); its
     * bits are 0 ({@code +0.0}, which rejects nothing) in a new lease, after every reset of the
     * threshold, and in any other reservoir's header. Same word as a slot's trace id (high half).
     */
    static final int HEADER_REJECT_SCALE_OFFSET = TRACE_ID_HIGH_OFFSET;

    /** Key of an empty slot: any drawn key is lower, so the first candidate fills it. */
    public static final long EMPTY_KEY = Long.MAX_VALUE;
    /** Key of a closed slot: no key is lower, so every offer is rejected on the read-only path. */
    public static final long CLOSED_KEY = Long.MIN_VALUE;

    /** Mask of the W3C trace flags inside the flags word. */
    public static final int TRACE_FLAGS_MASK = 0xFF;
    /** Flag bit: the value bits are a {@code long} measurement. */
    public static final int FLAG_LONG_VALUE = 1 << 8;

    /**
     * References kept on-heap per slot, in the side array parallel to the slots (object references
     * cannot live off-heap): slot {@code i} owns elements {@code [i * REFERENCES_PER_SLOT, ...)}.
     */
    public static final int REFERENCES_PER_SLOT = 2;
    /** Side-array element of a slot: the measurement's attribute reference. */
    public static final int ATTRIBUTES_REFERENCE = 0;
    /** Side-array element of a slot: the capturer's context reference (see {@link ExemplarCapturer#contextReference}). */
    public static final int CONTEXT_REFERENCE = 1;

    private SlotLayout() {
    }

    /**
     * Byte offset of slot {@code slotIndex} relative to the start of its ring.
     *
     * @param slotIndex index of the slot in its ring
     * @return {@code slotIndex * SLOT_LENGTH}
     */
    public static int slotOffset(final int slotIndex) {
        return slotIndex * SLOT_LENGTH;
    }
}
