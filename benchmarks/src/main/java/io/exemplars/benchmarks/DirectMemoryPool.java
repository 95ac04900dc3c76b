package io.exemplars.benchmarks;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JVM's own account of its direct byte buffers (the {@code "direct"} {@link BufferPoolMXBean}):
 * what every direct allocation of the process, our arena's slabs included, holds against
 * {@code -XX:MaxDirectMemorySize}.
 */
final class DirectMemoryPool {
    private static final String DIRECT = "direct";

    private final BufferPoolMXBean pool;

    private DirectMemoryPool(final BufferPoolMXBean pool) {
        this.pool = pool;
    }

    /**
     * @return the JVM's direct buffer pool
     * @throws IllegalStateException if the JVM reports none (every HotSpot JVM does)
     */
    static DirectMemoryPool find() {
        for (final BufferPoolMXBean bean : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (DIRECT.equals(bean.getName())) {
                return new DirectMemoryPool(bean);
            }
        }
        throw new IllegalStateException("this JVM has no '" + DIRECT + "' BufferPoolMXBean");
    }

    /**
     * @return bytes of direct buffers the JVM has reserved now (their total capacity)
     */
    long reservedBytes() {
        return pool.getTotalCapacity();
    }

    /**
     * @return how many direct buffers exist now
     */
    long buffers() {
        return pool.getCount();
    }
}
