package io.exemplars.benchmarks;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;

/**
 * The whole SDK record path, {@code DoubleHistogram.record(value, attributes)} inside a sampled
 * span made current, for each {@link ExemplarMode}: (a) exemplars off, (b) the SDK's built-in
 * default, (c) ours through a View; on 1 and 2 threads recording to the same series.
 *
 * <p>Target (single thread): (c) - (a) at most 6 ns and at most ((b) - (a)) / 7, and no more
 * bytes per record than (a). Each iteration starts with a collection, so every iteration measures a
 * fresh exemplar interval settling into its steady state, as a real export interval does.
 */
@Fork(value = 1, jvmArgsAppend = {ForkedJvm.OFF_HEAP_ACCESS, ForkedJvm.EXPECT_AGRONA_UNSAFE,
    ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class SdkRecordBenchmark extends SdkRecordPath {
    @Param
    public ExemplarMode mode;

    @Override
    SdkPipeline newPipeline() {
        return SdkPipeline.create(mode);
    }
}
