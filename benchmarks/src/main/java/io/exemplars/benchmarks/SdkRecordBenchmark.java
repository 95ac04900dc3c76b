package io.exemplars.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Threads;

/**
 * The whole SDK record path, {@code DoubleHistogram.record(value, attributes)} inside a sampled
 * span made current, for each {@link ExemplarMode}: (a) exemplars off, (b) the SDK's built-in
 * default, (c) ours through a View; on 1 and 2 threads recording to the same series.
 *
 * <p>Target (single thread): (c) - (a) at most 6 ns and at most ((b) - (a)) / 7, and no more
 * bytes per record than (a). Each iteration starts with a collection, so every iteration measures a
 * fresh exemplar interval settling into its steady state, as a real export interval does.
 *
 * <p>{@link #eightThreads}: {@value #CONTENDED_THREADS} threads on the same series, where a
 * reservoir that writes shared memory on every offer pays most ({@link ContendedRecordTable}).
 */
@Fork(value = 1, jvmArgsAppend = {ForkedJvm.OFF_HEAP_ACCESS, ForkedJvm.EXPECT_AGRONA_UNSAFE,
    ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class SdkRecordBenchmark extends SdkRecordPath {
    /** Threads of {@link #eightThreads}. */
    static final int CONTENDED_THREADS = 8;

    @Param
    public ExemplarMode mode;

    @Benchmark
    @Threads(CONTENDED_THREADS)
    public void eightThreads(final CurrentSpan span, final ValueCursor values) {
        record(values);
    }

    @Override
    SdkPipeline newPipeline() {
        return SdkPipeline.create(mode);
    }
}
