package io.exemplars.reservoir;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether the arena may ask the JVM for more direct memory now. Slabs are allocated on a recording
 * thread (the first winner of an interval that finds no free run), and when the JVM's direct memory
 * is nearly exhausted, {@code ByteBuffer.allocateDirect} does not fail at once: it triggers a full
 * garbage collection and sleeps, with back-off, for up to about half a second before it gives up.
 * So the arena allocates only while the JVM's {@code direct} buffer pool leaves at least
 * 1/{@value #RESERVE_DIVISOR} of the JVM's limit free after the allocation (that share stays the
 * application's, for its own I/O), and otherwise refuses the lease at once. The check reads the
 * pool's total capacity, a counter the JVM keeps: no lock, no allocation.
 */
final class DirectMemoryHeadroom {
    /** The share of the JVM's direct-memory limit (1 / RESERVE_DIVISOR) the arena never eats into. */
    static final int RESERVE_DIVISOR = 8;

    private static final BufferPoolMXBean DIRECT_POOL = directPool();
    private static final long JVM_LIMIT = DefaultArenaLimit.jvmDirectMemoryLimit();

    private DirectMemoryHeadroom() {
    }

    /**
     * @param bytes the allocation about to be made
     * @return {@code true} when it leaves the reserve free (or when the JVM has no such pool to ask)
     */
    static boolean allows(final long bytes) {
        return DIRECT_POOL == null || allows(JVM_LIMIT, DIRECT_POOL.getTotalCapacity(), bytes);
    }

    /**
     * @param limit the JVM's direct-memory limit
     * @param used  the direct memory in use now
     * @param bytes the allocation about to be made
     * @return whether {@code limit - used - bytes} is at least {@code limit / RESERVE_DIVISOR}
     */
    static boolean allows(final long limit, final long used, final long bytes) {
        return limit - used - bytes >= limit / RESERVE_DIVISOR;
    }

    /** The JVM's {@code direct} buffer pool, or null where the management API does not offer it. */
    private static BufferPoolMXBean directPool() {
        try {
            for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if ("direct".equals(pool.getName())) {
                    return pool;
                }
            }
        } catch (final RuntimeException | LinkageError noManagement) {
            // a runtime image without java.management: allocate as before, the JVM still bounds it
        }
        return null;
    }
}
