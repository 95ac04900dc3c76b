package io.exemplars.reservoir;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Slot memory through Agrona's {@link UnsafeApi} on the block's raw address: the fastest access,
 * but it needs the JVM flag {@link SlotMemoryBackend#AGRONA_JVM_FLAG} (Agrona 2.x reaches
 * {@code jdk.internal.misc.Unsafe}). Created only when {@link SlotMemoryBackend#current()} found
 * that access works.
 *
 * <p>No bounds check: every offset the engine passes is in bounds by construction. A ring's
 * offsets are {@code base + slot * SLOT_LENGTH + field} with {@code slot} below the ring's length
 * and the ring's run inside its slab; a racing reader that mixes the {@code memory} and
 * {@code base} of two leases (see {@link SlotRing}) still stays inside the block, because every
 * block of an arena (its slabs and its placeholders) has the same size. Agrona's
 * {@code UnsafeBuffer} would check each access again (unless {@code agrona.disable.bounds.checks},
 * a JVM-wide setting that is the user's, not ours): on the winner path that was about a tenth of an
 * accepted offer's time.
 */
final class UnsafeSlotMemory extends SlotMemory {
    /** Keeps the direct memory alive as long as this object is; the address below points into it. */
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final ByteBuffer block;
    /** Address of slot 0. */
    private final long address;

    UnsafeSlotMemory(final int slots) {
        super(slots);
        this.block = allocateAligned(slots);
        this.address = new UnsafeBuffer(block).addressOffset();
    }

    /**
     * Touches Agrona's Unsafe access once, on a small heap buffer.
     *
     * @throws LinkageError when the JVM does not let Agrona reach {@code jdk.internal.misc.Unsafe}
     */
    static void probe() {
        new UnsafeBuffer(new byte[SlotLayout.SLOT_LENGTH]).getLongVolatile(0);
        UnsafeApi.getLongVolatile(new long[1], UnsafeApi.arrayBaseOffset(long[].class));
    }

    @Override
    long getLong(final int offset) {
        return UnsafeApi.getLong(null, address + offset);
    }

    @Override
    long getLongAcquire(final int offset) {
        return UnsafeApi.getLongAcquire(null, address + offset);
    }

    @Override
    long getLongVolatile(final int offset) {
        return UnsafeApi.getLongVolatile(null, address + offset);
    }

    @Override
    void putLong(final int offset, final long value) {
        UnsafeApi.putLong(null, address + offset, value);
    }

    @Override
    void putLongRelease(final int offset, final long value) {
        UnsafeApi.putLongRelease(null, address + offset, value);
    }

    @Override
    boolean compareAndSetLong(final int offset, final long expected, final long value) {
        return UnsafeApi.compareAndSetLong(null, address + offset, expected, value);
    }

    @Override
    int getInt(final int offset) {
        return UnsafeApi.getInt(null, address + offset);
    }

    @Override
    void putInt(final int offset, final int value) {
        UnsafeApi.putInt(null, address + offset, value);
    }
}
