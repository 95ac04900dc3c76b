package io.exemplars.reservoir;

/**
 * A reservoir's sampling policy on its winner path: what to write once {@link SlotRing#offerWinner} holds
 * the lock of the right slot (or ring header) of the ring's current lease and has checked its tag.
 * Reservoirs implement it themselves, so the winner path allocates nothing and every call site sees
 * one receiver class.
 *
 * @param <C> the caller's measurement context type
 */
interface LockedSlotWriter<C> {
    /**
     * @param memory     the lease's memory
     * @param base       byte offset of the ring's first slot in {@code memory}
     * @param lockSlot   the ring slot whose lock is held
     * @param key        the candidate's sampling key
     * @param valueBits  the raw value ({@code double} bits or a {@code long})
     * @param valueFlags {@link SlotLayout#FLAG_LONG_VALUE} or 0
     * @param attributes the measurement's attribute reference
     * @param context    the caller's measurement context
     */
    void writeLocked(SlotMemory memory, int base, int lockSlot, long key, long valueBits, int valueFlags,
                     Object attributes, C context);
}
