package io.exemplars.reservoir;

/**
 * Opens {@link SlotArena}'s package-private lease expiry to the properties, which need leases that
 * expire at once (so that every lease the arena is pressed for is taken back) without waiting.
 */
public final class ExpiringArenas {
    private ExpiringArenas() {
    }

    /**
     * @param slabSlots   as for {@link SlotArena#create(int, int)}: one slab of this many slots
     * @param expiryNanos how long a lease lasts unrenewed
     * @return a one-slab arena whose leases expire after {@code expiryNanos}
     */
    public static SlotArena oneSlab(final int slabSlots, final long expiryNanos) {
        final SlotArena arena = SlotArena.create(slabSlots, 1);
        arena.leaseExpiryNanos = expiryNanos;
        return arena;
    }

    /**
     * @param arena an arena
     * @return how many kept leases (emptied by a resetting collection, not written since) it took
     *     back, under pressure or after their expiry; {@link SlotArena#expiredLeasesTakenBack()}
     *     counts the expired ones
     */
    public static long keptLeasesTakenBack(final SlotArena arena) {
        return arena.keptLeasesTakenBack();
    }
}
