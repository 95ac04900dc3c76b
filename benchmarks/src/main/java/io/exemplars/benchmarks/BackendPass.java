package io.exemplars.benchmarks;

import io.exemplars.reservoir.SlotMemoryBackend;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of our benchmarks the comparison report runs a second time, in forks started with no JVM
 * flag ({@link SlotMemoryBackend#VAR_HANDLE}), for the "What the JVM flag buys" table. The peers
 * and the random floor never touch our slots, so they run once, in the flagged pass.
 */
enum BackendPass {
    /**
     * The operations that decide what the flag is worth, for the two uniform reservoirs (last-seen
     * is there for compatibility): reject-dominated offers on 1 and 2 threads, accept-dominated
     * offers on 1 thread, the collect of {@value CollectBenchmark#SERIES} series, and the SDK record
     * through our View on 1 thread. 9 benchmarks: what fits the quick profile's time budget.
     */
    KEY(List.of("\\.OfferBenchmark\\.(rejectOneThread|rejectTwoThreads|acceptOneThread)$",
        "\\.CollectBenchmark\\.collectAllSeries$", "\\.SdkRecordBenchmark\\.oneThread$"),
        new ReservoirKind[] {ReservoirKind.OURS_ALIGNED_UNIFORM, ReservoirKind.OURS_FIXED_SIZE}),
    /** Every benchmark of ours, every reservoir kind of ours: 18 benchmarks. */
    ALL_OURS(List.of("\\.OfferBenchmark\\.", "\\.CollectBenchmark\\.", "\\.SdkRecordBenchmark\\.",
        "\\.SdkCollectBenchmark\\."), ComparisonTable.oursKinds().toArray(new ReservoirKind[0]));

    /** The backend this pass measures: the one a JVM with no flag gets. */
    static final SlotMemoryBackend BACKEND = SlotMemoryBackend.VAR_HANDLE;

    private final List<String> benchmarks;
    private final ReservoirKind[] kinds;

    BackendPass(final List<String> benchmarks, final ReservoirKind[] kinds) {
        this.benchmarks = benchmarks;
        this.kinds = kinds;
    }

    /**
     * Restricts a runner's options to this pass: the benchmarks that are both in this pass and
     * matched by one of the user's include patterns, our reservoir kinds only, our View only, and
     * forks with {@link ForkedJvm#args(SlotMemoryBackend)} for {@link #BACKEND}.
     *
     * @param builder      JMH options under construction (profile, profiler and output already set)
     * @param userIncludes the include patterns of the whole run (JMH's: found anywhere in the
     *                     benchmark's full name)
     * @return the builder
     */
    ChainedOptionsBuilder apply(final ChainedOptionsBuilder builder, final List<String> userIncludes) {
        for (final String user : userIncludes) {
            for (final String mine : benchmarks) {
                // JMH looks for each pattern anywhere in the name: two lookaheads at the start ask for both.
                builder.include("^(?=.*(?:" + user + "))(?=.*(?:" + mine + "))");
            }
        }
        final List<String> kindNames = new ArrayList<>();
        for (final ReservoirKind kind : kinds) {
            kindNames.add(kind.name());
        }
        return builder.param("kind", kindNames.toArray(new String[0]))
            .param("mode", ExemplarMode.OURS.name())
            .jvmArgsAppend(ForkedJvm.args(BACKEND));
    }

    /**
     * @return what the pass runs, in words, for the report
     */
    String description() {
        return this == KEY
            ? "reject-dominated offers (1 and 2 threads), accept-dominated offers (1 thread) and collect for "
                + "aligned uniform and fixed-size uniform, SDK record through our View (1 thread)"
            : "every benchmark of ours";
    }
}
