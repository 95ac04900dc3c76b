package io.exemplars.benchmarks;

import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.context.Context;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Collecting {@value #SERIES} series, each with a populated reservoir of the kind under test: the
 * export-time cost, in time and in bytes the collecting thread allocates per collect of all series
 * ({@link CollectorAllocation}; ours must be 0).
 *
 * <p>Before every measured collect, each series is offered {@value #OFFERS_PER_SERIES} values
 * (outside the measurement), so ours and the SDK's reservoirs, which reset at collect, are full
 * again. Prometheus's sampler keeps exemplars by retention instead and is rate-limited, so it holds
 * what it accepted so far, as it would between scrapes. One collect of all series takes tens of
 * microseconds or more, long enough for a per-invocation setup to stay out of the figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkedJvm.OFF_HEAP_ACCESS, ForkedJvm.EXPECT_AGRONA_UNSAFE,
    ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
@State(Scope.Benchmark)
public class CollectBenchmark {
    /** Series (time series, hence reservoirs) collected per operation. */
    public static final int SERIES = 1_000;
    /** Offers per series between two collects. */
    public static final int OFFERS_PER_SERIES = 64;

    @Param
    public ReservoirKind kind;

    private SlotArena arena;
    private ReservoirUnderTest[] series;
    private Context context;

    @Setup(Level.Trial)
    public void createSeries() {
        arena = SlotArena.create();
        ExpectedBackend.verify(arena);
        context = TraceContexts.sampledSpan();
        series = new ReservoirUnderTest[SERIES];
        for (int s = 0; s < SERIES; s++) {
            series[s] = kind.create(arena);
        }
    }

    @Setup(Level.Invocation)
    public void populate() {
        int index = 0;
        for (final ReservoirUnderTest reservoir : series) {
            for (int i = 0; i < OFFERS_PER_SERIES; i++) {
                reservoir.offer(LatencyValues.at(index++), context);
            }
        }
    }

    @TearDown(Level.Trial)
    public void closeSeries() {
        for (final ReservoirUnderTest reservoir : series) {
            reservoir.close();
        }
    }

    @Benchmark
    @Threads(1)
    public void collectAllSeries(final CollectorAllocation allocation, final Blackhole sink) {
        allocation.start();
        for (final ReservoirUnderTest reservoir : series) {
            reservoir.collect(sink);
        }
        allocation.stop();
    }
}
