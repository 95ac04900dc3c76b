package io.exemplars.benchmarks;

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
 * How the cost of exemplars grows with cardinality: for 1,000, 10,000 and 100,000 series of one
 * histogram (the SDK's default buckets, an exemplar in every bucket of every series), per series:
 * heap after GC, direct memory, the collect's time and the collecting thread's allocation, and the
 * exemplars a collection returns; for exemplars off (the baseline), the SDK's built-in reservoir,
 * ours aligned uniform and ours slowest 2 through a View. Each mode runs in its own JVM
 * ({@link SeriesMemoryRun}, fixed 2 GB heap, so our default arena's limit is its 256 MiB ceiling).
 *
 * <p>Prints a table, writes {@code series-memory.png} and {@code series-collect.png} and, when
 * given a results file, refreshes its section. Run alone or from {@link ComparisonReport}, whose
 * profile picks the series counts ({@link #seriesCounts}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.exemplars.benchmarks.SeriesMemoryBenchmark [--smoke | --quick | --full]
 *      [--report-dir DIR] [--results FILE | --no-results]
 * </pre>
 */
public final class SeriesMemoryBenchmark {
    /** The RESULTS.md section this benchmark owns. */
    static final String SECTION = "series-memory";
    /** How this command is started from the repository root. */
    static final String RUN_COMMAND = "java -cp benchmarks/target/benchmarks.jar "
        + SeriesMemoryBenchmark.class.getName();
    /** Result key: heap after GC per series, bytes. */
    static final String HEAP = "heapBytes";
    /** Result key: direct memory per series, bytes. */
    static final String DIRECT = "directBytes";
    /** Result key: collect time per series, nanoseconds. */
    static final String COLLECT_NANOS = "collectNanos";
    /** Result key: collecting thread's allocation per series, bytes. */
    static final String COLLECT_BYTES = "collectBytes";
    /** Result key: exemplars per series in a collection. */
    static final String EXEMPLARS = "exemplars";
    private static final List<ExemplarMode> MODES = List.of(ExemplarMode.OFF, ExemplarMode.BUILT_IN,
        ExemplarMode.OURS, ExemplarMode.OURS_SLOWEST);
    private static final String CHILD_HEAP_MIN = "-Xms2g";
    private static final String CHILD_HEAP_MAX = "-Xmx2g";

    private SeriesMemoryBenchmark() {
    }

    /**
     * @param profile a report profile
     * @return the series counts it measures: 1,000 for smoke, 1,000 and 10,000 for quick, up to 100,000 for full
     */
    static List<Integer> seriesCounts(final BenchmarkProfile profile) {
        return switch (profile) {
            case SMOKE -> List.of(1_000);
            case QUICK -> List.of(1_000, 10_000);
            case FULL -> List.of(1_000, 10_000, 100_000);
        };
    }

    /**
     * @param args see the class documentation
     * @throws Exception if a child fails or the results cannot be written
     */
    public static void main(final String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        BenchmarkProfile profile = BenchmarkProfile.QUICK;
        Path reportDir = ModuleDirectory.resolve("target/report");
        Path results = ModuleDirectory.resolve("RESULTS.md");
        final StringBuilder commandLine = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            commandLine.append(' ').append(args[i]);
            switch (args[i]) {
                case "--smoke" -> profile = BenchmarkProfile.SMOKE;
                case "--quick" -> profile = BenchmarkProfile.QUICK;
                case "--full" -> profile = BenchmarkProfile.FULL;
                case "--no-results" -> results = null;
                case "--report-dir" -> reportDir = Path.of(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; usage: [--smoke | "
                    + "--quick | --full] [--report-dir DIR] [--results FILE | --no-results]");
            }
        }
        final String markdown = run(profile, reportDir, RUN_COMMAND + commandLine);
        if (results != null && profile != BenchmarkProfile.SMOKE) {
            ResultsFile.replaceSection(results, SECTION, markdown);
            System.out.println("Updated " + results);
        }
    }

    /**
     * Runs every mode for the profile's series counts, prints the table and writes the charts.
     *
     * @return the markdown section for RESULTS.md
     * @throws IOException if a child fails or a file cannot be written
     */
    static String run(final BenchmarkProfile profile, final Path reportDir, final String command)
        throws IOException, InterruptedException {
        Files.createDirectories(reportDir);
        final List<Integer> counts = seriesCounts(profile);
        System.out.println("Memory per series: " + counts + " series of one histogram, each mode in its own JVM");
        final Map<ExemplarMode, Properties> byMode = new EnumMap<>(ExemplarMode.class);
        for (final ExemplarMode mode : MODES) {
            final Path out = reportDir.resolve("series-memory-" + mode.name().toLowerCase(Locale.ROOT) + ".properties");
            final List<String> child = new ArrayList<>();
            child.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            child.addAll(List.of(ForkedJvm.args()));
            child.addAll(List.of(CHILD_HEAP_MIN, CHILD_HEAP_MAX, "-cp", System.getProperty("java.class.path"),
                SeriesMemoryRun.class.getName(), "--mode", mode.name(), "--series",
                SeriesMemoryRun.seriesOption(counts), "--out", out.toString()));
            final int exit = new ProcessBuilder(child).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IOException("memory-per-series run for " + mode + " failed with exit code " + exit);
            }
            final Properties figures = new Properties();
            try (InputStream in = Files.newInputStream(out)) {
                figures.load(in);
            }
            byMode.put(mode, figures);
        }
        final List<String[]> cells = cells(counts, byMode);
        System.out.println();
        System.out.print(TableFormat.text(cells, 2));
        final List<Path> charts = charts(counts, byMode, reportDir);
        return markdown(profile, command, TableFormat.markdown(cells, 2), charts);
    }

    private static double figure(final Properties figures, final int series, final String key) {
        final String value = figures.getProperty(series + "." + key);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    private static double total(final Properties figures, final int series) {
        return figure(figures, series, HEAP) + figure(figures, series, DIRECT);
    }

    private static List<String[]> cells(final List<Integer> counts, final Map<ExemplarMode, Properties> byMode) {
        final List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"series", "mode", "heap B/series", "direct B/series", "total B/series",
            "total - off", "x / built-in (total - off)", "collect ns/series", "collect B/series", "exemplars/series"});
        for (final int series : counts) {
            final Properties off = byMode.get(ExemplarMode.OFF);
            final Properties builtIn = byMode.get(ExemplarMode.BUILT_IN);
            byMode.forEach((mode, figures) -> {
                final double extra = total(figures, series) - total(off, series);
                final double builtInExtra = total(builtIn, series) - total(off, series);
                cells.add(new String[] {String.format(Locale.ROOT, "%,d", series), mode.description(),
                    bytes(figure(figures, series, HEAP)), bytes(figure(figures, series, DIRECT)),
                    bytes(total(figures, series)), bytes(extra),
                    mode == ExemplarMode.OFF ? TableFormat.MISSING : TableFormat.ratio(extra / builtInExtra),
                    bytes(figure(figures, series, COLLECT_NANOS)), bytes(figure(figures, series, COLLECT_BYTES)),
                    String.format(Locale.ROOT, "%.1f", figure(figures, series, EXEMPLARS))});
            });
        }
        return cells;
    }

    private static String bytes(final double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static List<Path> charts(final List<Integer> counts, final Map<ExemplarMode, Properties> byMode,
                                     final Path reportDir) throws IOException {
        final Map<String, List<Double>> memory = new LinkedHashMap<>();
        final Map<String, List<Double>> collect = new LinkedHashMap<>();
        byMode.forEach((mode, figures) -> {
            final List<Double> totals = new ArrayList<>();
            final List<Double> collects = new ArrayList<>();
            for (final int series : counts) {
                totals.add(total(figures, series));
                collects.add(figure(figures, series, COLLECT_NANOS));
            }
            memory.put(mode.description(), totals);
            collect.put(mode.description(), collects);
        });
        final List<Double> x = new ArrayList<>();
        counts.forEach(count -> x.add((double) count));
        return List.of(
            ReportCharts.perSeries(x, memory, "Heap after GC + direct memory per series (16 buckets, an exemplar in each)",
                "bytes per series", reportDir.resolve("series-memory.png")),
            ReportCharts.perSeries(x, collect, "Collect time per series (16 buckets, an exemplar in each)",
                "ns per series", reportDir.resolve("series-collect.png")));
    }

    private static String markdown(final BenchmarkProfile profile, final String command, final String table,
                                   final List<Path> charts) {
        final StringBuilder md = new StringBuilder();
        md.append("## Memory and collect per series (").append(profile.name().toLowerCase(Locale.ROOT))
            .append(" profile)\n\n");
        if (profile == BenchmarkProfile.SMOKE) {
            md.append("**SMOKE RUN: figures are not measurements.**\n\n");
        }
        md.append("- Measured: ").append(MachineDescription.now()).append('\n');
        md.append("- Machine: ").append(MachineDescription.describe()).append('\n');
        md.append("- Peers: ").append(MachineDescription.peers()).append('\n');
        md.append("- Command (from the repository root): `").append(ComparisonReport.BUILD_COMMAND).append(" && ")
            .append(command.trim()).append("`\n");
        md.append("- Setup: one histogram (the SDK's default boundaries, 16 buckets), N series, one measurement in ")
            .append("every bucket of every series in one sampled span (an exemplar in every bucket; the span context ")
            .append("an exemplar keeps by reference, ours and the built-in alike, is shared here, so a real service's ")
            .append("distinct span contexts add the same to both), each mode in its own ")
            .append("JVM (2 GB heap); heap = in use after full GCs minus before the provider (the attribute sets are ")
            .append("made before); direct = the JVM's direct buffers, same difference; collect = median of ")
            .append(SeriesMemoryRun.COLLECTS).append(" collections (after ").append(SeriesMemoryRun.WARMUP_COLLECTS)
            .append(" untimed), each after the series were filled again, time and ")
            .append("the collecting thread's allocation; total - off = what exemplars add per series.\n\n");
        md.append(table).append('\n');
        md.append("Charts (written by the run, not committed): ");
        for (int i = 0; i < charts.size(); i++) {
            md.append(i == 0 ? "" : ", ").append('`').append(charts.get(i).getFileName()).append('`');
        }
        md.append(" in `benchmarks/target/report/`.\n");
        return md.toString();
    }
}
