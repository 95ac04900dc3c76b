package io.exemplars.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The floor under every uniform reservoir's offer: one {@code ThreadLocalRandom.nextLong()}, the
 * random draw our reject path cannot avoid. The report states the reject path as a multiple of this
 * figure, measured in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkedJvm.OFF_HEAP_ACCESS, ForkedJvm.EXPECT_AGRONA_UNSAFE,
    ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class RandomFloorBenchmark {

    @Benchmark
    @Threads(1)
    public long oneThread() {
        return ThreadLocalRandom.current().nextLong();
    }

    @Benchmark
    @Threads(2)
    public long twoThreads() {
        return ThreadLocalRandom.current().nextLong();
    }
}
