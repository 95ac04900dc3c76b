package io.exemplars.benchmarks;

/**
 * The JVM options every benchmark fork and latency-harness child runs with, in one place so the
 * JMH annotations, the report's runner options and the harness's child processes cannot drift.
 */
public final class ForkedJvm {
    /**
     * Agrona 2.x, which holds our off-heap slots, needs {@code jdk.internal.misc} (see
     * {@code SlotArena.REQUIRED_JVM_FLAG}); as one token, so it can be passed as one argument.
     */
    public static final String OFF_HEAP_ACCESS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Fixed heap, so heap resizing never lands inside a measurement. */
    public static final String HEAP_MIN = "-Xms512m";
    /** Fixed heap, so heap resizing never lands inside a measurement. */
    public static final String HEAP_MAX = "-Xmx512m";

    private ForkedJvm() {
    }

    /**
     * @return the options, in order, for a forked JVM
     */
    public static String[] args() {
        return new String[] {OFF_HEAP_ACCESS, HEAP_MIN, HEAP_MAX};
    }
}
