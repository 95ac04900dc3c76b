package io.exemplars.benchmarks;

import io.exemplars.reservoir.SlotMemoryBackend;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures that decide issue 18's targets, and only those, measured in enough forks that two
 * runs agree on the side of 1.0 of every ratio ({@code bin/benchmark --targets}); the quick
 * profile measures everything in one fork, where a ratio near 1.0 can flip from run to run.
 *
 * <p>Each group below is one JMH run with only the peers its ratios compare (so no fork is spent on
 * a variant no target reads): the accept-dominated offer at 1 and 2 threads and the collect of 1,000
 * series for ours and the built-in, aligned and fixed-size; the reject path of weighted-by-value
 * against fixed-size uniform; the SDK collect through our View against the built-in; the SDK record
 * at 2 threads, ours against exemplars off (and the built-in, for scale). Forks with the JVM flag
 * (ours on {@link SlotMemoryBackend#AGRONA_UNSAFE}), the quick profile's iterations, {@code -prof gc}.
 *
 * <p><b>Paired rounds.</b> The forks run in rounds: each round runs every group once, one fork per
 * benchmark, so the two sides of a ratio run back to back, and each target is judged on the median
 * of its per-round ratios ({@link TargetChecks#medianOfRounds}). On this 2-vCPU VM a two-thread fork
 * settles into a fast or a slow mode (about 2x apart) and the mode holds for minutes: with all of
 * one side's forks before all of the other's, a ratio read one side's fast forks against the
 * other's slow ones, and swung from 0.4x to 1.7x between runs.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar io.exemplars.benchmarks.TargetRun [--forks N] [--no-results]
 * </pre>
 * Default 5 rounds (forks per benchmark; about 10 minutes on 2 cores). Prints the checks and
 * refreshes their section of {@code benchmarks/RESULTS.md}.
 */
public final class TargetRun {
    /** RESULTS.md section of this run. */
    static final String SECTION = "issue-18-targets";
    /** Paired rounds, that is forks per benchmark, unless {@code --forks} says otherwise. */
    static final int DEFAULT_FORKS = 5;
    static final String RUN_COMMAND = "java -cp benchmarks/target/benchmarks.jar " + TargetRun.class.getName();

    private static final String PAIRS = "OURS_ALIGNED_UNIFORM,OTEL_ALIGNED,OURS_FIXED_SIZE,OTEL_FIXED_SIZE";

    /** One JMH run: the benchmarks (regex) and the one parameter that narrows them to their peers. */
    private record Group(String include, String param, String values) {
    }

    private static final List<Group> GROUPS = List.of(
        new Group("io\\.exemplars\\.benchmarks\\.OfferBenchmark\\.accept(OneThread|TwoThreads)$", "kind", PAIRS),
        new Group("io\\.exemplars\\.benchmarks\\.CollectBenchmark\\.collectAllSeries$", "kind", PAIRS),
        new Group("io\\.exemplars\\.benchmarks\\.OfferBenchmark\\.reject(OneThread|TwoThreads)$", "kind",
            "OURS_WEIGHTED,OURS_FIXED_SIZE"),
        new Group("io\\.exemplars\\.benchmarks\\.SdkCollectBenchmark\\.collectAllSeries$", "mode", "BUILT_IN,OURS"),
        new Group("io\\.exemplars\\.benchmarks\\.SdkRecordBenchmark\\.twoThreads$", "mode", "OFF,BUILT_IN,OURS"));

    private TargetRun() {
    }

    /**
     * @param args {@code [--forks N] [--no-results]}
     * @throws Exception when a benchmark cannot run or the results cannot be written
     */
    public static void main(final String[] args) throws Exception {
        int forks = DEFAULT_FORKS;
        boolean writeResults = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--forks" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--forks needs a value");
                    }
                    forks = Integer.parseInt(args[++i]);
                    if (forks < 1) {
                        throw new IllegalArgumentException("--forks must be at least 1, was " + forks);
                    }
                }
                case "--no-results" -> writeResults = false;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                    + "'; usage: [--forks N] [--no-results]");
            }
        }
        final Path reportDir = ModuleDirectory.resolve("target/report");
        Files.createDirectories(reportDir);
        final Path log = reportDir.resolve("jmh-targets.log");
        System.out.println("Issue 18's targets: " + forks + " paired rounds of " + GROUPS.size() + " JMH runs, the "
            + "quick profile (" + BenchmarkProfile.QUICK.description() + ") with one fork per benchmark per round. "
            + "JMH log: " + log);
        final List<List<TargetChecks.Check>> rounds = new ArrayList<>();
        for (int round = 1; round <= forks; round++) {
            System.out.println("Round " + round + " of " + forks);
            final List<Measurement> measured = new ArrayList<>();
            for (int g = 0; g < GROUPS.size(); g++) {
                final Group group = GROUPS.get(g);
                final ChainedOptionsBuilder options = BenchmarkProfile.QUICK.apply(new OptionsBuilder())
                    .forks(1)
                    .include(group.include())
                    .param(group.param(), group.values().split(","))
                    .jvmArgsAppend(ForkedJvm.args(SlotMemoryBackend.AGRONA_UNSAFE))
                    .addProfiler(GCProfiler.class)
                    .shouldFailOnError(true)
                    .resultFormat(ResultFormatType.JSON)
                    .result(reportDir.resolve("jmh-result-targets-" + round + "-" + g + ".json").toString());
                measured.addAll(ComparisonReport.run(options, log, round > 1 || g > 0));
            }
            final List<TargetChecks.Check> roundChecks = TargetChecks.issue18(new Measurements(measured));
            for (final String line : TargetChecks.lines(roundChecks)) {
                System.out.println("  round " + round + ": " + line);
            }
            rounds.add(roundChecks);
        }
        final List<String> checks = TargetChecks.lines(TargetChecks.medianOfRounds(rounds));
        System.out.println();
        System.out.println("Targets (median of " + forks + " paired rounds, one fork per benchmark each):");
        checks.forEach(line -> System.out.println("  " + line));
        if (writeResults) {
            final Path results = ModuleDirectory.resolve("RESULTS.md");
            ResultsFile.replaceSection(results, SECTION, markdown(forks, checks));
            System.out.println("Updated " + results);
        }
    }

    private static String markdown(final int forks, final List<String> checks) {
        final StringBuilder md = new StringBuilder("## Issue 18's targets, " + forks + " paired rounds\n\n");
        md.append("- Measured: ").append(MachineDescription.now()).append('\n');
        md.append("- Machine: ").append(MachineDescription.describe()).append('\n');
        md.append("- Peers: ").append(MachineDescription.peers()).append('\n');
        md.append("- Command (from the repository root): `bin/benchmark --targets")
            .append(forks == DEFAULT_FORKS ? "" : " --forks " + forks).append("` (that is, `")
            .append(ComparisonReport.BUILD_COMMAND).append(" && ").append(RUN_COMMAND).append("`)\n");
        md.append("- Forks with `").append(ForkedJvm.OFF_HEAP_ACCESS).append("` (ours on ")
            .append(SlotMemoryBackend.AGRONA_UNSAFE).append("), the quick profile (")
            .append(BenchmarkProfile.QUICK.description()).append("), in ").append(forks)
            .append(" paired rounds: each round runs every benchmark in one fork, each with only its peers, so the ")
            .append("two sides of a ratio run back to back; a target is judged on the median of its rounds' ")
            .append("ratios, each round's listed\n\n");
        md.append(ComparisonReport.FIGURES_NOTE).append("\n\n");
        checks.forEach(line -> md.append("- ").append(line).append('\n'));
        return md.toString();
    }
}
