package io.exemplars.reservoir;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Slot memory through standard {@link VarHandle} views of a direct {@link ByteBuffer}: needs no JVM
 * flag. The views check bounds and, for the atomic access modes, alignment; every word the engine
 * touches is naturally aligned (the buffer starts a cache line, every field offset is a multiple of
 * its size), so those checks always pass.
 */
final class VarHandleSlotMemory extends SlotMemory {
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final ByteBuffer bytes;

    VarHandleSlotMemory(final int slots) {
        super(slots);
        this.bytes = allocateAligned(slots);
    }

    @Override
    long getLong(final int offset) {
        return (long) LONGS.get(bytes, offset);
    }

    @Override
    long getLongAcquire(final int offset) {
        return (long) LONGS.getAcquire(bytes, offset);
    }

    @Override
    long getLongVolatile(final int offset) {
        return (long) LONGS.getVolatile(bytes, offset);
    }

    @Override
    void putLong(final int offset, final long value) {
        LONGS.set(bytes, offset, value);
    }

    @Override
    void putLongRelease(final int offset, final long value) {
        LONGS.setRelease(bytes, offset, value);
    }

    @Override
    boolean compareAndSetLong(final int offset, final long expected, final long value) {
        return LONGS.compareAndSet(bytes, offset, expected, value);
    }

    @Override
    int getInt(final int offset) {
        return (int) INTS.get(bytes, offset);
    }

    @Override
    void putInt(final int offset, final int value) {
        INTS.set(bytes, offset, value);
    }
}
