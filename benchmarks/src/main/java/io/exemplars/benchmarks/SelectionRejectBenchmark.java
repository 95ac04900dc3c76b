package io.exemplars.benchmarks;

import io.exemplars.otel.SpanContextCapturer;
import io.exemplars.reservoir.AlignedUniformReservoir;
import io.exemplars.reservoir.ExemplarSelection;
import io.exemplars.reservoir.SeriesFilter;
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
 * The reject path of the aligned uniform reservoir with each core selection filter
 * ({@link SelectionVariant}, parameter {@code mode} so the report reads it as the variant), in the
 * steady state of {@link OfferBenchmark}'s reject-dominated regime: a fresh interval (which also
 * rolls a quantile's window) and {@value OfferBenchmark#PREFILL_OFFERS} offers before each measured
 * iteration. A filter runs only for draw winners, so it should cost the reject path nothing, except
 * a quantile's sample: one offer in 64 recorded into an HdrHistogram recorder.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkedJvm.OFF_HEAP_ACCESS, ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
@State(Scope.Benchmark)
public class SelectionRejectBenchmark {
    /** The core filters only: errorsOnly and markSpans exist through the SDK. */
    @Param({"NONE", "SLOWER_THAN", "WITH_PROBABILITY", "ABOVE_QUANTILE", "ADAPTIVE"})
    public SelectionVariant mode;

    private SlotArena arena;
    private OurReservoir reservoir;
    private Context context;

    @Setup(Level.Trial)
    public void createReservoir() {
        arena = SlotArena.create();
        final ExemplarSelection selection = mode.coreSelection();
        final SeriesFilter<Context> filter = selection == null ? SeriesFilter.acceptAll() : selection.newSeriesFilter();
        reservoir = new OurReservoir(AlignedUniformReservoir.create(arena, ReservoirKind.OUR_BOUNDARIES,
            SpanContextCapturer.ALL_MEASUREMENTS, filter));
        context = TraceContexts.sampledSpan();
    }

    @Setup(Level.Iteration)
    public void fillInterval(final Blackhole sink) {
        reservoir.collect(sink);
        for (int i = 0; i < OfferBenchmark.PREFILL_OFFERS; i++) {
            reservoir.offer(LatencyValues.at(i), context);
        }
    }

    @TearDown(Level.Trial)
    public void closeReservoir() {
        reservoir.close();
    }

    @Benchmark
    @Threads(1)
    public void rejectOneThread(final ValueCursor values) {
        reservoir.offer(values.next(), context);
    }

    @Benchmark
    @Threads(2)
    public void rejectTwoThreads(final ValueCursor values) {
        reservoir.offer(values.next(), context);
    }
}
