package io.exemplars.reservoir;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Slot memory through Agrona's {@link UnsafeBuffer}: the fastest access, but it needs the JVM flag
 * {@link SlotMemoryBackend#AGRONA_JVM_FLAG} (Agrona 2.x uses {@code jdk.internal.misc.Unsafe}).
 * Created only when {@link SlotMemoryBackend#current()} found that access works.
 */
final class UnsafeSlotMemory extends SlotMemory {
    private final UnsafeBuffer buffer;

    UnsafeSlotMemory(final int slots) {
        super(slots);
        // The buffer keeps a reference to the ByteBuffer, so the memory lives as long as this does.
        this.buffer = new UnsafeBuffer(allocateAligned(slots));
    }

    /**
     * Touches Agrona's Unsafe access once, on a small heap buffer.
     *
     * @throws LinkageError when the JVM does not let Agrona reach {@code jdk.internal.misc.Unsafe}
     */
    static void probe() {
        new UnsafeBuffer(new byte[SlotLayout.SLOT_LENGTH]).getLongVolatile(0);
    }

    @Override
    long getLong(final int offset) {
        return buffer.getLong(offset);
    }

    @Override
    long getLongAcquire(final int offset) {
        return buffer.getLongAcquire(offset);
    }

    @Override
    long getLongVolatile(final int offset) {
        return buffer.getLongVolatile(offset);
    }

    @Override
    void putLong(final int offset, final long value) {
        buffer.putLong(offset, value);
    }

    @Override
    void putLongRelease(final int offset, final long value) {
        buffer.putLongRelease(offset, value);
    }

    @Override
    boolean compareAndSetLong(final int offset, final long expected, final long value) {
        return buffer.compareAndSetLong(offset, expected, value);
    }

    @Override
    int getInt(final int offset) {
        return buffer.getInt(offset);
    }

    @Override
    void putInt(final int offset, final int value) {
        buffer.putInt(offset, value);
    }
}
