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
 * One offer to a reservoir, for every {@link ReservoirKind}, in the two regimes a reservoir lives
 * in, on 1 and 2 threads sharing the reservoir (per-thread time per offer).
 *
 * <ul>
 *   <li><b>reject</b>-dominated: the steady state of a busy series. Before each measured
 *       iteration the reservoir starts a fresh interval and takes {@value #PREFILL_OFFERS} offers,
 *       so its thresholds are already low and almost every measured offer loses the draw. (The
 *       built-in aligned reservoir keeps the last offer: for it every offer writes.)</li>
 *   <li><b>accept</b>-dominated: short intervals. Each thread ends an interval (collect and
 *       reset) every {@value #OFFERS_PER_SHORT_INTERVAL} of its offers, so most offers land in an
 *       empty or nearly empty bucket and are kept; the collect is part of the measured cost,
 *       amortised over the interval's offers.</li>
 * </ul>
 *
 * <p>Values come from {@link LatencyValues}, the trace context is one preallocated sampled span.
 * Run with {@code -prof gc}: our offers must show ~0 B/op. The annotations below are the defaults
 * for a bare {@code java -jar benchmarks.jar} run; {@link ComparisonReport} sets its own profile.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkedJvm.OFF_HEAP_ACCESS, ForkedJvm.EXPECT_AGRONA_UNSAFE,
    ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class OfferBenchmark {
    /** Offers taken before each measured iteration of the reject-dominated regime. */
    public static final int PREFILL_OFFERS = 1 << 20;
    /** Offers per interval, per thread, in the accept-dominated regime. */
    public static final int OFFERS_PER_SHORT_INTERVAL = 16;

    /** One shared reservoir of the kind under test; the fields are read-only while measuring. */
    @State(Scope.Benchmark)
    public abstract static class SharedReservoir {
        @Param
        public ReservoirKind kind;

        SlotArena arena;
        ReservoirUnderTest reservoir;
        Context context;

        @Setup(Level.Trial)
        public void createReservoir() {
            arena = SlotArena.create();
            ExpectedBackend.verify(arena);
            reservoir = kind.create(arena);
            context = TraceContexts.sampledSpan();
        }

        @TearDown(Level.Trial)
        public void closeReservoir() {
            reservoir.close();
        }
    }

    /** The steady state: a fresh interval, then {@link #PREFILL_OFFERS} offers, then measure. */
    public static class RejectDominated extends SharedReservoir {
        @Setup(Level.Iteration)
        public void fillInterval(final Blackhole sink) {
            reservoir.collect(sink);
            for (int i = 0; i < PREFILL_OFFERS; i++) {
                reservoir.offer(LatencyValues.at(i), context);
            }
        }
    }

    /** Short intervals: every thread collects every {@link #OFFERS_PER_SHORT_INTERVAL} offers. */
    public static class AcceptDominated extends SharedReservoir {
        @Setup(Level.Iteration)
        public void startInterval(final Blackhole sink) {
            reservoir.collect(sink);
        }
    }

    /** Counts one thread's offers to tell when its short interval ends. */
    @State(Scope.Thread)
    public static class IntervalCountdown {
        private int remaining = OFFERS_PER_SHORT_INTERVAL;

        /** @return {@code true} once every {@link #OFFERS_PER_SHORT_INTERVAL} calls */
        boolean intervalEnds() {
            if (--remaining == 0) {
                remaining = OFFERS_PER_SHORT_INTERVAL;
                return true;
            }
            return false;
        }
    }

    @Benchmark
    @Threads(1)
    public void rejectOneThread(final RejectDominated state, final ValueCursor values) {
        state.reservoir.offer(values.next(), state.context);
    }

    @Benchmark
    @Threads(2)
    public void rejectTwoThreads(final RejectDominated state, final ValueCursor values) {
        state.reservoir.offer(values.next(), state.context);
    }

    @Benchmark
    @Threads(1)
    public void acceptOneThread(final AcceptDominated state, final ValueCursor values,
                                final IntervalCountdown countdown, final Blackhole sink) {
        offerInShortInterval(state, values, countdown, sink);
    }

    @Benchmark
    @Threads(2)
    public void acceptTwoThreads(final AcceptDominated state, final ValueCursor values,
                                 final IntervalCountdown countdown, final Blackhole sink) {
        offerInShortInterval(state, values, countdown, sink);
    }

    private static void offerInShortInterval(final AcceptDominated state, final ValueCursor values,
                                             final IntervalCountdown countdown, final Blackhole sink) {
        state.reservoir.offer(values.next(), state.context);
        if (countdown.intervalEnds()) {
            state.reservoir.collect(sink);
        }
    }
}
