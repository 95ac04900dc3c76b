package io.exemplars.benchmarks;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The whole-record latency distribution on the OpenTelemetry SDK path, ours against the SDK's
 * built-in reservoir (and exemplars off as the baseline): 2 recording threads at a fixed rate,
 * corrected for coordinated omission, with a collector every 100 ms. Each mode runs in its own
 * JVM ({@link LatencyRun}) so no mode's JIT profile shapes another's.
 *
 * <p>Writes {@code latency-<mode>.hgrm} (corrected), {@code latency-<mode>-uncorrected.hgrm},
 * {@code latency-<mode>.hlog} and {@code latency-percentiles.png} under
 * {@code benchmarks/target/report/}, prints a table, and refreshes the latency section of
 * {@code benchmarks/RESULTS.md} (not for {@code --smoke}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.exemplars.benchmarks.LatencyHarness [--smoke]
 *      [--modes OFF,BUILT_IN,OURS] [--rate N] [--series N] [--warmup S] [--duration S] [--collect-ms MS]
 *      [--report-dir DIR] [--results FILE | --no-results]
 * </pre>
 */
public final class LatencyHarness {
    /** How this command is started from the repository root. */
    static final String RUN_COMMAND = "java -cp benchmarks/target/benchmarks.jar " + LatencyHarness.class.getName();
    private static final double[] PERCENTILES = {50.0, 90.0, 99.0, 99.9, 99.99};
    private static final double NANOS_PER_MICRO = 1_000.0;
    private static final String USAGE = "[--smoke] [--modes OFF,BUILT_IN,OURS] [--rate N] [--series N] [--warmup S]"
        + " [--duration S] [--collect-ms MS] [--report-dir DIR] [--results FILE | --no-results]";

    private LatencyHarness() {
    }

    /**
     * @param args see the class documentation
     * @throws Exception if a child run fails or the results cannot be written
     */
    public static void main(final String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        final HarnessArguments<LatencySettings, ExemplarMode> arguments = HarnessArguments.parse(args,
            Map.of(HarnessArguments.SMOKE, LatencySettings.SMOKE), "defaults", LatencySettings.DEFAULTS,
            LatencySettings::with, ExemplarMode.class, USAGE);
        final LatencySettings settings = arguments.settings();
        final List<ExemplarMode> modes = arguments.modes();
        final Path reportDir = arguments.reportDir();
        final Path results = arguments.results();

        Files.createDirectories(reportDir);
        System.out.println("Latency harness: " + settings.describe());
        final Map<ExemplarMode, ModeResult> byMode = new EnumMap<>(ExemplarMode.class);
        for (final ExemplarMode mode : modes) {
            runChild(mode, settings, reportDir);
            byMode.put(mode, ModeResult.read(mode, reportDir));
        }

        final String table = table(byMode);
        System.out.println();
        System.out.print(table);
        final Map<String, Histogram[]> curves = new LinkedHashMap<>();
        for (final Map.Entry<ExemplarMode, ModeResult> entry : byMode.entrySet()) {
            curves.put(entry.getKey().description(),
                new Histogram[] {entry.getValue().corrected, entry.getValue().uncorrected});
        }
        final Path chart = ReportCharts.latencyPercentiles(curves,
            "DoubleHistogram.record latency, 2 threads, collector every " + settings.collectMillis() + " ms",
            reportDir.resolve("latency-percentiles.png"));
        System.out.println("\n.hgrm, .hlog and " + chart.getFileName() + " in " + reportDir);
        if (results != null) {
            ResultsFile.replaceSection(results, ResultsFile.LATENCY_SECTION,
                markdown(settings, table, arguments.commandLine(), arguments.smoke()));
            System.out.println("Updated " + results);
        }
    }

    private static void runChild(final ExemplarMode mode, final LatencySettings settings, final Path reportDir)
        throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(ForkedJvm.args()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LatencyRun.class.getName(),
            "--mode", mode.name(), "--out", reportDir.toString()));
        command.addAll(settings.toArgs());
        final int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("latency run for " + mode + " failed with exit code " + exit);
        }
    }

    private static String table(final Map<ExemplarMode, ModeResult> byMode) {
        final StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-34s %10s", "mode (corrected / uncorrected, us)", "records"));
        for (final double percentile : PERCENTILES) {
            table.append(String.format(Locale.ROOT, " %15s", "p" + trim(percentile)));
        }
        table.append(String.format(Locale.ROOT, " %17s %22s %14s%n", "max", "collect p50 / max us", "exemplars/collect"));
        for (final Map.Entry<ExemplarMode, ModeResult> entry : byMode.entrySet()) {
            final ModeResult r = entry.getValue();
            table.append(String.format(Locale.ROOT, "%-34s %,10d", entry.getKey().description(),
                r.corrected.getTotalCount()));
            for (final double percentile : PERCENTILES) {
                table.append(String.format(Locale.ROOT, " %15s", pair(r.corrected.getValueAtPercentile(percentile),
                    r.uncorrected.getValueAtPercentile(percentile))));
            }
            table.append(String.format(Locale.ROOT, " %17s %22s %14.1f%n",
                pair(r.corrected.getMaxValue(), r.uncorrected.getMaxValue()),
                pair(r.collects.getValueAtPercentile(50.0), r.collects.getMaxValue()),
                r.collectCount == 0 ? 0.0 : (double) r.exemplars / r.collectCount));
        }
        return table.toString();
    }

    private static String pair(final long firstNanos, final long secondNanos) {
        return micros(firstNanos) + " / " + micros(secondNanos);
    }

    private static String micros(final long nanos) {
        final double micros = nanos / NANOS_PER_MICRO;
        return micros < 100 ? String.format(Locale.ROOT, "%.2f", micros) : String.format(Locale.ROOT, "%,.0f", micros);
    }

    private static String trim(final double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }

    private static String markdown(final LatencySettings settings, final String table, final String commandLine,
                                   final boolean smoke) {
        return "## Latency harness (HdrHistogram, coordinated omission corrected)\n\n"
            + (smoke ? "**SMOKE RUN: figures are not measurements.**\n\n" : "")
            + "- Measured: " + MachineDescription.now() + "\n"
            + "- Machine: " + MachineDescription.describe() + "\n"
            + "- Peers: " + MachineDescription.peers() + "\n"
            + "- Command (from the repository root): `" + ComparisonReport.BUILD_COMMAND + " && " + RUN_COMMAND
            + commandLine + "`\n"
            + "- Setup: " + settings.describe() + ". Latency is the whole `DoubleHistogram.record` call inside a "
            + "current sampled span; corrected = from the intended start time (coordinated omission corrected), "
            + "uncorrected = from the actual start.\n\n"
            + "```\n" + table + "```\n\n"
            + "Percentile tables: `latency-<mode>.hgrm` (corrected) and `latency-<mode>-uncorrected.hgrm`, "
            + "logs `latency-<mode>.hlog`, chart `latency-percentiles.png`, in `benchmarks/target/report/` "
            + "(written by the run, not committed).\n";
    }

    /** One mode's distributions and counts, read back from its child's files. */
    private static final class ModeResult {
        private Histogram corrected;
        private Histogram uncorrected;
        private Histogram collects;
        private long exemplars;
        private long collectCount;

        static ModeResult read(final ExemplarMode mode, final Path dir) throws IOException {
            final ModeResult result = new ModeResult();
            final HistogramLogReader reader = new HistogramLogReader(dir.resolve(LatencyRun.fileName(mode, ".hlog"))
                .toFile());
            try {
                EncodableHistogram next;
                while ((next = reader.nextIntervalHistogram()) != null) {
                    final Histogram histogram = (Histogram) next;
                    switch (histogram.getTag()) {
                        case LatencyRun.CORRECTED -> result.corrected = histogram;
                        case LatencyRun.UNCORRECTED -> result.uncorrected = histogram;
                        case LatencyRun.COLLECT -> result.collects = histogram;
                        default -> throw new IllegalStateException("unexpected histogram tag " + histogram.getTag());
                    }
                }
            } finally {
                reader.close();
            }
            if (result.corrected == null || result.uncorrected == null || result.collects == null) {
                throw new IllegalStateException("incomplete latency log for " + mode + " in " + dir);
            }
            final Properties counts = new Properties();
            try (InputStream file = Files.newInputStream(dir.resolve(LatencyRun.fileName(mode, ".properties")))) {
                counts.load(file);
            }
            result.exemplars = Long.parseLong(counts.getProperty(LatencyRun.EXEMPLARS_KEY));
            result.collectCount = Long.parseLong(counts.getProperty(LatencyRun.COLLECTS_KEY));
            return result;
        }
    }
}
