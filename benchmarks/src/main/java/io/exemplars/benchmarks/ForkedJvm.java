package io.exemplars.benchmarks;

import io.exemplars.reservoir.SlotMemoryBackend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The JVM options every benchmark fork and latency-harness child runs with, in one place so the
 * JMH annotations, the report's runner options and the harness's child processes cannot drift.
 *
 * <p>The engine needs no JVM flag: without one it reaches its off-heap slots through standard
 * {@code VarHandle}s ({@link SlotMemoryBackend#VAR_HANDLE}). {@link #OFF_HEAP_ACCESS} is an optional
 * speed-up that lets it use Agrona's {@code Unsafe} access instead
 * ({@link SlotMemoryBackend#AGRONA_UNSAFE}). The benchmarks' annotations and the report's default
 * pass run with the flag; the report's second pass runs our benchmarks without it
 * ({@link #args(SlotMemoryBackend)}), so one run shows what the flag buys.
 *
 * <p>Every fork is also told, through {@link #EXPECTED_BACKEND_PROPERTY}, which backend its options
 * should give it; {@link ExpectedBackend} checks that in the fork, and {@link #backendOf} reads it
 * back from a result's JVM options to label the measurement.
 */
public final class ForkedJvm {
    /**
     * Lets Agrona 2.x reach {@code jdk.internal.misc.Unsafe}, so the engine picks
     * {@link SlotMemoryBackend#AGRONA_UNSAFE} (the flag of {@link SlotMemoryBackend#AGRONA_JVM_FLAG},
     * as one token so it can be passed as one argument). Optional: without it the engine runs on
     * {@link SlotMemoryBackend#VAR_HANDLE}.
     */
    public static final String OFF_HEAP_ACCESS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** System property naming the {@link SlotMemoryBackend} a fork's options are meant to give it. */
    public static final String EXPECTED_BACKEND_PROPERTY = "io.exemplars.benchmarks.expectedBackend";
    /** The expectation of a fork that runs with {@link #OFF_HEAP_ACCESS}, for the JMH annotations. */
    public static final String EXPECT_AGRONA_UNSAFE = "-D" + EXPECTED_BACKEND_PROPERTY + "=AGRONA_UNSAFE";
    /** Fixed heap, so heap resizing never lands inside a measurement. */
    public static final String HEAP_MIN = "-Xms512m";
    /** Fixed heap, so heap resizing never lands inside a measurement. */
    public static final String HEAP_MAX = "-Xmx512m";

    private static final String EXPECTATION_PREFIX = "-D" + EXPECTED_BACKEND_PROPERTY + "=";

    private ForkedJvm() {
    }

    /**
     * @return the options, in order, for a forked JVM on the default backend of the benchmarks,
     *     {@link SlotMemoryBackend#AGRONA_UNSAFE} (the same as the JMH annotations)
     */
    public static String[] args() {
        return args(SlotMemoryBackend.AGRONA_UNSAFE);
    }

    /**
     * @param backend the backend the fork must run our reservoirs on
     * @return the options, in order, for a forked JVM on that backend: with {@link #OFF_HEAP_ACCESS}
     *     for {@link SlotMemoryBackend#AGRONA_UNSAFE}, with no flag at all for
     *     {@link SlotMemoryBackend#VAR_HANDLE} (as a service that sets none), and the expectation
     *     either way
     */
    public static String[] args(final SlotMemoryBackend backend) {
        final List<String> args = new ArrayList<>();
        if (backend == SlotMemoryBackend.AGRONA_UNSAFE) {
            args.add(OFF_HEAP_ACCESS);
        }
        args.add(EXPECTATION_PREFIX + backend.name());
        args.add(HEAP_MIN);
        args.add(HEAP_MAX);
        return args.toArray(new String[0]);
    }

    /**
     * @param jvmArgs the options a fork ran with (JMH's {@code BenchmarkParams.getJvmArgs()})
     * @return the backend those options expected, or null when they name none (a plain JMH run
     *     whose options replaced the annotations')
     * @throws IllegalArgumentException if they name a backend that does not exist
     */
    public static SlotMemoryBackend backendOf(final Collection<String> jvmArgs) {
        SlotMemoryBackend backend = null;
        for (final String arg : jvmArgs) {
            if (arg.startsWith(EXPECTATION_PREFIX)) {
                backend = SlotMemoryBackend.valueOf(arg.substring(EXPECTATION_PREFIX.length()).trim()
                    .toUpperCase(Locale.ROOT));
            }
        }
        return backend;
    }
}
