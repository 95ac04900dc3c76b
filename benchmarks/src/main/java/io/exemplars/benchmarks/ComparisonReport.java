package io.exemplars.benchmarks;

import io.exemplars.reservoir.SlotMemoryBackend;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the JMH suite with a profile ({@code --quick} by default, {@code --full}, {@code --smoke}),
 * with the GC profiler, and prints the comparison table: each of our reservoirs against the
 * OpenTelemetry Java SDK's built-in equivalents and Prometheus client_java's ExemplarSampler, for
 * offer, the SDK record path and collect, 1 and 2 threads, as ns/op, B/op and the ratio to each
 * peer; then the performance targets, checked within the run.
 *
 * <p>Two passes, one run: every benchmark in forks with {@link ForkedJvm#OFF_HEAP_ACCESS} (ours on
 * Agrona's {@code Unsafe} access: the main table and the targets), then the profile's
 * {@link BackendPass} of our benchmarks in forks with no JVM flag (ours on {@code VarHandle}s), each
 * fork checking that its arena really uses the backend it was started for ({@link ExpectedBackend}).
 * A second table, "What the JVM flag buys", puts ours on both backends side by side.
 *
 * <p>Also writes, under {@code benchmarks/target/report/}: the JMH log (both passes) and one JSON per
 * pass, the tables as markdown, and PNG charts (of the main table); and refreshes the JMH section of {@code benchmarks/RESULTS.md}
 * (except for smoke runs, whose figures mean nothing).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.exemplars.benchmarks.ComparisonReport [--quick | --full | --smoke]
 *      [--include REGEX]... [--param NAME=V1,V2]... [--forks N] [--jmh-only] [--report-dir DIR]
 *      [--results FILE | --no-results]
 * </pre>
 *
 * <p>{@code --forks N} replaces the profile's forks in both passes; {@code --param} restricts a JMH
 * parameter ({@code kind}, {@code mode}) in pass 1 (pass 2 keeps its own selection). Together with
 * {@code --include} they make the stable run of the figures that decide a target (README).
 *
 * <p>Then, unless {@code --include} or {@code --jmh-only} is given, the profile's memory per series
 * ({@link SeriesMemoryBenchmark}) and its service benchmark ({@link ServiceBenchmark}, the HTTP
 * service under the real Java agent), each refreshing its own section of {@code RESULTS.md}.
 */
public final class ComparisonReport {
    /** The build the README's main job runs before this command. */
    static final String BUILD_COMMAND = "mvn -B -q -pl benchmarks,reservoir-otel-autoconfigure -am package -DskipTests";
    /** How this command is started from the repository root. */
    static final String RUN_COMMAND = "java -cp benchmarks/target/benchmarks.jar " + ComparisonReport.class.getName();
    private static final String ALL_BENCHMARKS = "io\\.exemplars\\.benchmarks\\..*Benchmark\\.";
    private static final int LOG_LINES_ON_FAILURE = 60;
    private static final String SMOKE_WARNING = "SMOKE RUN: every benchmark ran once for 100 ms without warmup, to "
        + "prove it runs. These figures are not measurements (cold code, one-time allocations).";

    private ComparisonReport() {
    }

    /** How to read the figures; printed above the table and in the markdown report. */
    static final String FIGURES_NOTE = "ns/op: median of the measured iterations (± half their spread); "
        + "B/op: -prof gc allocation per operation; ratio: ours / peer (below 1 means ours is faster)";
    /** Which of our backends the main table shows. */
    static final String MAIN_TABLE_NOTE = "ours: forks with the JVM flag " + ForkedJvm.OFF_HEAP_ACCESS
        + " (slot memory through Agrona's Unsafe access); without the flag: the next table";
    /** Title of the second table. */
    static final String BACKENDS_TITLE = "What the JVM flag buys (" + SlotMemoryBackend.AGRONA_JVM_FLAG + ")";
    /** How to read the second table. */
    static final String BACKENDS_NOTE = "ours on both slot-memory backends in this run: Agrona = forks with the flag "
        + "(the main table's figures), VarHandle = forks with no flag (what a service that sets none gets); "
        + "VarHandle/Agrona above 1: the flag makes ours faster; x/OTel: that backend against the OTel built-in "
        + "(below 1: ours is faster)";
    private static final String NO_BACKEND_ROWS = "(no operation of ours was measured on both backends in this run)";

    /**
     * @param args see the class documentation
     * @throws Exception on a benchmark failure or an unwritable report
     */

    public static void main(final String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        final Arguments arguments = Arguments.parse(args);
        final Path reportDir = arguments.reportDir;
        Files.createDirectories(reportDir);
        final Path log = reportDir.resolve("jmh.log");
        final Path json = reportDir.resolve("jmh-result.json");
        final Path varHandleJson = reportDir.resolve("jmh-result-var-handle.json");
        final BackendPass backendPass = arguments.profile.backendPass();
        System.out.println("Exemplar reservoir comparison, " + arguments.profile.name().toLowerCase(Locale.ROOT)
            + " profile: " + arguments.profileDescription());
        System.out.println("JMH log: " + log + "   (JSON: " + json + ", " + varHandleJson + ")");

        System.out.println("Pass 1 of 2: every benchmark, forks with " + ForkedJvm.OFF_HEAP_ACCESS
            + " (ours on " + SlotMemoryBackend.AGRONA_UNSAFE + ")");
        final ChainedOptionsBuilder flagged = options(arguments, json)
            .jvmArgsAppend(ForkedJvm.args(SlotMemoryBackend.AGRONA_UNSAFE));
        arguments.params.forEach((name, values) -> flagged.param(name, values.toArray(new String[0])));
        arguments.includes.forEach(flagged::include);
        arguments.profile.excludes().forEach(flagged::exclude);
        final List<Measurement> all = new ArrayList<>(run(flagged, log, false));
        System.out.println("Pass 2 of 2: " + backendPass.description() + ", forks with no JVM flag (ours on "
            + BackendPass.BACKEND + ")");
        all.addAll(run(backendPass.apply(options(arguments, varHandleJson), arguments.includes), log, true));

        final Measurements measurements = new Measurements(all);
        final Measurements flaggedRun = measurements.on(SlotMemoryBackend.AGRONA_UNSAFE);
        final ComparisonTable table = ComparisonTable.of(flaggedRun);
        final BackendTable backends = BackendTable.of(table, measurements.on(BackendPass.BACKEND));
        final List<String> checks = TargetChecks.lines(TargetChecks.evaluate(flaggedRun));
        final List<String> references = references(flaggedRun);

        System.out.println();
        if (arguments.profile == BenchmarkProfile.SMOKE) {
            System.out.println(SMOKE_WARNING);
        }
        System.out.println(FIGURES_NOTE);
        System.out.println(MAIN_TABLE_NOTE);
        System.out.print(table.toText());
        System.out.println();
        references.forEach(System.out::println);
        System.out.println();
        System.out.println(BACKENDS_TITLE);
        System.out.println(BACKENDS_NOTE);
        System.out.print(backends.isEmpty() ? NO_BACKEND_ROWS + "\n" : backends.toText());
        System.out.println();
        System.out.println("Targets (ratios within this run, " + SlotMemoryBackend.AGRONA_UNSAFE + "):");
        checks.forEach(line -> System.out.println("  " + line));
        final String selection = SelectionTable.of(measurements).toMarkdown();
        System.out.print(selection);
        final String contended = ContendedRecordTable.of(flaggedRun).toMarkdown();
        System.out.print(contended);

        final List<Path> charts = charts(table, flaggedRun, reportDir);
        final String markdown = markdown(arguments, table, backends, references, checks, charts) + contended
            + selection;
        Files.writeString(reportDir.resolve("report.md"), markdown, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println("Charts and markdown: " + reportDir);
        if (arguments.results != null) {
            ResultsFile.replaceSection(arguments.results, ResultsFile.JMH_SECTION, markdown);
            System.out.println("Updated " + arguments.results);
        }
        if (arguments.beyondJmh) {
            runBeyondJmh(arguments);
        }
    }

    /**
     * The profile's memory-per-series and service sections, after the JMH passes: not JMH, so they
     * run only when no {@code --include} narrows the run and {@code --jmh-only} is not given.
     */
    private static void runBeyondJmh(final Arguments arguments) throws IOException, InterruptedException {
        final String profile = arguments.profile.name().toLowerCase(Locale.ROOT);
        System.out.println();
        final String series = SeriesMemoryBenchmark.run(arguments.profile, arguments.reportDir,
            SeriesMemoryBenchmark.RUN_COMMAND + " --" + profile);
        System.out.println();
        final String service = ServiceBenchmark.run(arguments.profile.serviceSettings(),
            List.of(ServiceMode.values()), arguments.reportDir, profile, ServiceBenchmark.RUN_COMMAND + " --" + profile);
        if (arguments.results != null) {
            ResultsFile.replaceSection(arguments.results, SeriesMemoryBenchmark.SECTION, series);
            ResultsFile.replaceSection(arguments.results, ServiceBenchmark.SECTION, service);
            System.out.println("Updated " + arguments.results + " (memory per series, service benchmark)");
        }
    }

    /**
     * The options every pass shares: the profile (its forks replaced by {@code --forks}), the GC
     * profiler, failing on error, a JSON result file.
     */
    private static ChainedOptionsBuilder options(final Arguments arguments, final Path json) {
        final ChainedOptionsBuilder options = arguments.profile.apply(new OptionsBuilder());
        if (arguments.forks > 0) {
            options.forks(arguments.forks);
        }
        return options.addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(json.toString());
    }

    /**
     * Runs one pass, JMH's log to {@code log} and one progress line per benchmark to the console. A
     * failing benchmark ends the command (exit code 1) with the log's last lines.
     *
     * @param append {@code false} for the first pass (starts the log afresh); {@code true} for the
     *               second, which appends, and for which no matching benchmark (an {@code --include}
     *               that selects none of ours) is not an error
     * @return the pass's measurements
     */
    static List<Measurement> run(final ChainedOptionsBuilder options, final Path log, final boolean append)
        throws IOException {
        final OpenOption[] mode = append
            ? new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
            : new OpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE};
        final Collection<RunResult> results;
        try (PrintStream logStream = new PrintStream(Files.newOutputStream(log, mode), true, StandardCharsets.UTF_8)) {
            final ProgressOutput output = new ProgressOutput(
                OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL), System.out);
            results = new Runner(options.build(), output).run();
        } catch (final NoBenchmarksException none) {
            if (append) {
                System.out.println("  (no benchmark of this pass matches --include)");
                return List.of();
            }
            System.err.println("No benchmark matches --include.");
            System.exit(1);
            return List.of();
        } catch (final RunnerException ex) {
            System.err.println("A benchmark failed: " + ex.getMessage() + "\nLast lines of " + log + ":");
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - LOG_LINES_ON_FAILURE), lines.size()).forEach(System.err::println);
            System.exit(1);
            return List.of();
        }
        final List<Measurement> measurements = new ArrayList<>();
        for (final RunResult result : results) {
            measurements.add(Measurement.of(result));
        }
        return measurements;
    }

    /** The figures every ratio is read against: the random floor and the SDK without exemplars. */
    private static List<String> references(final Measurements m) {
        final List<String> lines = new ArrayList<>();
        for (final int threads : Measurements.THREAD_COUNTS) {
            final Measurement floor = m.floor(threads);
            final Measurement off = m.sdkRecord(ExemplarMode.OFF, threads);
            lines.add(String.format(Locale.ROOT, "Reference, %d thread%s: ThreadLocalRandom.nextLong() floor %s ns/op;"
                    + " SDK record with exemplars off %s ns/op, %s B/op", threads, threads == 1 ? "" : "s",
                floor == null ? "-" : TableFormat.nanos(floor.nsPerOp()),
                off == null ? "-" : TableFormat.nanos(off.nsPerOp()),
                off == null ? "-" : String.format(Locale.ROOT, "%.1f", off.bytesPerOp())));
        }
        return lines;
    }

    private static List<Path> charts(final ComparisonTable table, final Measurements measurements,
                                     final Path reportDir) throws IOException {
        final List<Path> charts = new ArrayList<>();
        addIfWritten(charts, recordThreadsChart(measurements, reportDir.resolve("sdk-record-threads.png")));
        addIfWritten(charts, ReportCharts.ratios(table, reportDir.resolve("ratios.png")));
        addIfWritten(charts, ReportCharts.times(table, row -> row.operation().startsWith("offer"),
            "Offer, ns per operation per thread", reportDir.resolve("offer.png")));
        addIfWritten(charts, ReportCharts.times(table, row -> row.operation().startsWith("SDK DoubleHistogram"),
            "SDK DoubleHistogram.record in a sampled span, ns per record per thread",
            reportDir.resolve("sdk-record.png")));
        addIfWritten(charts, ReportCharts.times(table, row -> row.operation().contains("collect"),
            "Collect of " + CollectBenchmark.SERIES + " series (reservoirs alone, and through the SDK), ns per collect",
            reportDir.resolve("collect.png")));
        return charts;
    }

    /** The SDK record path per mode at 1, 2 and 8 threads, as ratios to exemplars off; null without figures. */
    private static Path recordThreadsChart(final Measurements m, final Path file) throws IOException {
        final int[] threads = {1, 2, SdkRecordBenchmark.CONTENDED_THREADS};
        final List<String> categories = new ArrayList<>();
        for (final int t : threads) {
            categories.add(t + (t == 1 ? " thread" : " threads"));
        }
        final Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (final ExemplarMode mode : ExemplarMode.values()) {
            final List<Double> values = new ArrayList<>();
            boolean any = false;
            for (final int t : threads) {
                final Measurement record = m.sdkRecord(mode, t);
                final double ratio = record == null ? Double.NaN : record.timeOver(m.sdkRecord(ExemplarMode.OFF, t));
                any |= !Double.isNaN(ratio);
                values.add(ratio);
            }
            if (any) {
                ratios.put(mode.description(), values);
            }
        }
        return ratios.isEmpty() ? null : ReportCharts.ratiosToBaseline(categories, ratios,
            "SDK DoubleHistogram.record, one series: each mode / exemplars off, by recording threads",
            "recording threads", file);
    }

    private static void addIfWritten(final List<Path> charts, final Path chart) {
        if (chart != null) {
            charts.add(chart);
        }
    }

    private static String markdown(final Arguments arguments, final ComparisonTable table, final BackendTable backends,
                                   final List<String> references, final List<String> checks,
                                   final List<Path> charts) {
        final StringBuilder md = new StringBuilder();
        md.append("## JMH comparison (").append(arguments.profile.name().toLowerCase(Locale.ROOT))
            .append(" profile)\n\n");
        if (arguments.profile == BenchmarkProfile.SMOKE) {
            md.append("**").append(SMOKE_WARNING).append("**\n\n");
        }
        md.append("- Measured: ").append(MachineDescription.now()).append('\n');
        md.append("- Machine: ").append(MachineDescription.describe()).append('\n');
        md.append("- Peers: ").append(MachineDescription.peers()).append('\n');
        md.append("- Command (from the repository root): `").append(BUILD_COMMAND).append(" && ")
            .append(RUN_COMMAND).append(arguments.commandLine()).append("`\n");
        md.append("- Profile: ").append(arguments.profileDescription()).append('\n');
        md.append("- Backends: every benchmark in forks with `").append(ForkedJvm.OFF_HEAP_ACCESS)
            .append("` (ours on ").append(SlotMemoryBackend.AGRONA_UNSAFE).append("), then ")
            .append(arguments.profile.backendPass().description()).append(" again in forks with no JVM flag (ours on ")
            .append(BackendPass.BACKEND).append("); each fork checks that its arena uses the backend it was started for")
            .append("\n\n");
        md.append(FIGURES_NOTE).append("\n\n");
        md.append(MAIN_TABLE_NOTE).append("\n\n");
        md.append(table.toMarkdown()).append('\n');
        references.forEach(line -> md.append(line).append("  \n"));
        md.append("\n### ").append(BACKENDS_TITLE).append("\n\n").append(BACKENDS_NOTE).append("\n\n")
            .append(backends.isEmpty() ? NO_BACKEND_ROWS + "\n" : backends.toMarkdown());
        md.append("\nTargets, checked as ratios within this run (").append(SlotMemoryBackend.AGRONA_UNSAFE)
            .append("):\n\n");
        checks.forEach(line -> md.append("- ").append(line).append('\n'));
        md.append("\nHow to read it:\n\n")
            .append("- ratio = ours ns/op / peer ns/op: below 1, ours is faster. ns/op is per operation per thread.\n")
            .append("- B/op: JMH's gc.alloc.rate.norm for offer and record; for collect, the bytes the collecting ")
            .append("thread allocates inside the collect (JMH's own per-iteration allocation would otherwise show ")
            .append("as hundreds of bytes per collect). Below 1 B/op means nothing is allocated on the path ")
            .append("(the smallest object is 16 B).\n")
            .append("- offer: one reservoir shared by the threads, offered log-normal latencies with a sampled span. ")
            .append("Reject-dominated = steady state after ").append(OfferBenchmark.PREFILL_OFFERS)
            .append(" offers; accept-dominated = an interval (collect) every ")
            .append(OfferBenchmark.OFFERS_PER_SHORT_INTERVAL).append(" offers per thread, collect included.\n")
            .append("- OTel built-in aligned keeps the last offer per bucket, so it writes on every offer; ")
            .append("its fixed-size reservoir is Algorithm R over a shared counter.\n")
            .append("- Prometheus's ExemplarSampler is rate-limited (one candidate per 90 ms), not a uniform ")
            .append("sample: almost every offer is one volatile read. It is a cost peer, not a statistical one, ")
            .append("and has no OpenTelemetry SDK record path.\n")
            .append("- SDK record: DoubleHistogram.record in a current sampled span; (a) exemplars off, ")
            .append("(b) SDK default, (c) ours through a View.\n");
        if (!charts.isEmpty()) {
            md.append("\nCharts (written by the run, not committed): ");
            for (int i = 0; i < charts.size(); i++) {
                md.append(i == 0 ? "" : ", ").append('`').append(charts.get(i).getFileName()).append('`');
            }
            md.append(" in `benchmarks/target/report/`.\n");
        }
        return md.toString();
    }

    /** The command line, parsed. */
    private static final class Arguments {
        private BenchmarkProfile profile = BenchmarkProfile.QUICK;
        private final List<String> includes = new ArrayList<>();
        private Path reportDir = ModuleDirectory.resolve("target/report");
        private Path results = ModuleDirectory.resolve("RESULTS.md");
        private boolean resultsChosen;
        private boolean beyondJmh = true;
        private int forks;
        private final Map<String, List<String>> params = new LinkedHashMap<>();
        private final List<String> given = new ArrayList<>();

        static Arguments parse(final String[] args) {
            final Arguments parsed = new Arguments();
            for (int i = 0; i < args.length; i++) {
                final String arg = args[i];
                parsed.given.add(arg);
                switch (arg) {
                    case "--quick" -> parsed.profile = BenchmarkProfile.QUICK;
                    case "--full" -> parsed.profile = BenchmarkProfile.FULL;
                    case "--smoke" -> parsed.profile = BenchmarkProfile.SMOKE;
                    case "--include" -> {
                        parsed.includes.add(value(args, ++i, arg, parsed));
                        parsed.beyondJmh = false;
                    }
                    case "--jmh-only" -> parsed.beyondJmh = false;
                    case "--forks" -> {
                        parsed.forks = Integer.parseInt(value(args, ++i, arg, parsed));
                        if (parsed.forks < 1) {
                            throw new IllegalArgumentException("--forks must be at least 1");
                        }
                    }
                    case "--param" -> {
                        final String param = value(args, ++i, arg, parsed);
                        final int equals = param.indexOf('=');
                        if (equals <= 0 || equals == param.length() - 1) {
                            throw new IllegalArgumentException("--param needs NAME=VALUE[,VALUE...], was '" + param + "'");
                        }
                        parsed.params.put(param.substring(0, equals), List.of(param.substring(equals + 1).split(",")));
                        parsed.beyondJmh = false;
                    }
                    case "--report-dir" -> parsed.reportDir = Path.of(value(args, ++i, arg, parsed));
                    case "--results" -> {
                        parsed.results = Path.of(value(args, ++i, arg, parsed));
                        parsed.resultsChosen = true;
                    }
                    case "--no-results" -> {
                        parsed.results = null;
                        parsed.resultsChosen = true;
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'; usage: "
                        + "[--quick | --full | --smoke] [--include REGEX]... [--param NAME=V1,V2]... [--forks N] "
                        + "[--jmh-only] [--report-dir DIR] "
                        + "[--results FILE | --no-results]");
                }
            }
            if (parsed.includes.isEmpty()) {
                parsed.includes.add(ALL_BENCHMARKS);
            }
            if (parsed.profile == BenchmarkProfile.SMOKE && !parsed.resultsChosen) {
                parsed.results = null; // smoke figures are not results
            }
            return parsed;
        }

        private static String value(final String[] args, final int index, final String option, final Arguments parsed) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            parsed.given.add(args[index]);
            return args[index];
        }

        /** @return the profile in words, with the forks {@code --forks} put in its place */
        String profileDescription() {
            return profile.description() + (forks > 0 ? "; " + forks + " fork" + (forks == 1 ? "" : "s")
                + " per benchmark instead (--forks)" : "");
        }

        String commandLine() {
            final StringBuilder line = new StringBuilder();
            for (final String arg : given) {
                line.append(' ').append(arg.contains(" ") || arg.contains("*") ? "'" + arg + "'" : arg);
            }
            return line.toString();
        }
    }
}
