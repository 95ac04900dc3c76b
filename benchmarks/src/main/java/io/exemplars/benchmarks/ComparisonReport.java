package io.exemplars.benchmarks;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs the JMH suite with a profile ({@code --quick} by default, {@code --full}, {@code --smoke}),
 * with the GC profiler, and prints one comparison table: each of our reservoirs against the
 * OpenTelemetry Java SDK's built-in equivalents and Prometheus client_java's ExemplarSampler, for
 * offer, the SDK record path and collect, 1 and 2 threads, as ns/op, B/op and the ratio to each
 * peer; then the performance targets, checked within the run.
 *
 * <p>Also writes, under {@code benchmarks/target/report/}: the JMH log and JSON, the table as
 * markdown, and PNG charts; and refreshes the JMH section of {@code benchmarks/RESULTS.md}
 * (except for smoke runs, whose figures mean nothing).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.exemplars.benchmarks.ComparisonReport [--quick | --full | --smoke]
 *      [--include REGEX]... [--report-dir DIR] [--results FILE | --no-results]
 * </pre>
 */
public final class ComparisonReport {
    /** The build the README's main job runs before this command. */
    static final String BUILD_COMMAND = "mvn -B -q -pl benchmarks -am package -DskipTests";
    /** How this command is started from the repository root. */
    static final String RUN_COMMAND = "java -cp benchmarks/target/benchmarks.jar " + ComparisonReport.class.getName();
    private static final String ALL_BENCHMARKS = "io\\.exemplars\\.benchmarks\\..*Benchmark\\.";
    private static final int LOG_LINES_ON_FAILURE = 60;
    private static final String SMOKE_WARNING = "SMOKE RUN: every benchmark ran once for 100 ms without warmup, to "
        + "prove it runs. These figures are not measurements (cold code, one-time allocations).";

    private ComparisonReport() {
    }

    /**
     * @param args see the class documentation
     * @throws Exception on a benchmark failure or an unwritable report
     */
    /** How to read the figures; printed above the table and in the markdown report. */
    static final String FIGURES_NOTE = "ns/op: median of the measured iterations (± half their spread); "
        + "B/op: -prof gc allocation per operation; ratio: ours / peer (below 1 means ours is faster)";

    public static void main(final String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        final Arguments arguments = Arguments.parse(args);
        final Path reportDir = arguments.reportDir;
        Files.createDirectories(reportDir);
        final Path log = reportDir.resolve("jmh.log");
        final Path json = reportDir.resolve("jmh-result.json");

        final ChainedOptionsBuilder options = arguments.profile.apply(new OptionsBuilder())
            .addProfiler(GCProfiler.class)
            .jvmArgsAppend(ForkedJvm.args())
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(json.toString());
        for (final String include : arguments.includes) {
            options.include(include);
        }
        System.out.println("Exemplar reservoir comparison, " + arguments.profile.name().toLowerCase(Locale.ROOT)
            + " profile: " + arguments.profile.description());
        System.out.println("JMH log: " + log + "   (JSON: " + json + ")");

        final Collection<RunResult> results;
        try (PrintStream logStream = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            final ProgressOutput output = new ProgressOutput(
                OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL), System.out);
            results = new Runner(options.build(), output).run();
        } catch (final RunnerException ex) {
            System.err.println("A benchmark failed: " + ex.getMessage() + "\nLast lines of " + log + ":");
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - LOG_LINES_ON_FAILURE), lines.size()).forEach(System.err::println);
            System.exit(1);
            return;
        }

        final List<Measurement> all = new ArrayList<>();
        for (final RunResult result : results) {
            all.add(Measurement.of(result));
        }
        final Measurements measurements = new Measurements(all);
        final ComparisonTable table = ComparisonTable.of(measurements);
        final List<String> checks = TargetChecks.lines(TargetChecks.evaluate(measurements));
        final List<String> references = references(measurements);

        System.out.println();
        if (arguments.profile == BenchmarkProfile.SMOKE) {
            System.out.println(SMOKE_WARNING);
        }
        System.out.println(FIGURES_NOTE);
        System.out.print(table.toText());
        System.out.println();
        references.forEach(System.out::println);
        System.out.println();
        System.out.println("Targets (ratios within this run):");
        checks.forEach(line -> System.out.println("  " + line));
        final String selection = SelectionTable.of(measurements).toMarkdown();
        System.out.print(selection);

        final List<Path> charts = charts(table, reportDir);
        final String markdown = markdown(arguments, table, references, checks, charts) + selection;
        Files.writeString(reportDir.resolve("report.md"), markdown, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println("Charts and markdown: " + reportDir);
        if (arguments.results != null) {
            ResultsFile.replaceSection(arguments.results, ResultsFile.JMH_SECTION, markdown);
            System.out.println("Updated " + arguments.results);
        }
    }

    /** The figures every ratio is read against: the random floor and the SDK without exemplars. */
    private static List<String> references(final Measurements m) {
        final List<String> lines = new ArrayList<>();
        for (final int threads : Measurements.THREAD_COUNTS) {
            final Measurement floor = m.floor(threads);
            final Measurement off = m.sdkRecord(ExemplarMode.OFF, threads);
            lines.add(String.format(Locale.ROOT, "Reference, %d thread%s: ThreadLocalRandom.nextLong() floor %s ns/op;"
                    + " SDK record with exemplars off %s ns/op, %s B/op", threads, threads == 1 ? "" : "s",
                floor == null ? "-" : ComparisonTable.nanos(floor.nsPerOp()),
                off == null ? "-" : ComparisonTable.nanos(off.nsPerOp()),
                off == null ? "-" : String.format(Locale.ROOT, "%.1f", off.bytesPerOp())));
        }
        return lines;
    }

    private static List<Path> charts(final ComparisonTable table, final Path reportDir) throws IOException {
        final List<Path> charts = new ArrayList<>();
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

    private static void addIfWritten(final List<Path> charts, final Path chart) {
        if (chart != null) {
            charts.add(chart);
        }
    }

    private static String markdown(final Arguments arguments, final ComparisonTable table, final List<String> references,
                                   final List<String> checks, final List<Path> charts) {
        final StringBuilder md = new StringBuilder();
        md.append("## JMH comparison (").append(arguments.profile.name().toLowerCase(Locale.ROOT))
            .append(" profile)\n\n");
        if (arguments.profile == BenchmarkProfile.SMOKE) {
            md.append("**").append(SMOKE_WARNING).append("**\n\n");
        }
        md.append("- Measured: ").append(MachineDescription.now()).append('\n');
        md.append("- Machine: ").append(MachineDescription.describe()).append('\n');
        md.append("- Command (from the repository root): `").append(BUILD_COMMAND).append(" && ")
            .append(RUN_COMMAND).append(arguments.commandLine()).append("`\n");
        md.append("- Profile: ").append(arguments.profile.description()).append("\n\n");
        md.append(FIGURES_NOTE).append("\n\n");
        md.append(table.toMarkdown()).append('\n');
        references.forEach(line -> md.append(line).append("  \n"));
        md.append("\nTargets, checked as ratios within this run:\n\n");
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
                    case "--include" -> parsed.includes.add(value(args, ++i, arg, parsed));
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
                        + "[--quick | --full | --smoke] [--include REGEX]... [--report-dir DIR] "
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

        String commandLine() {
            final StringBuilder line = new StringBuilder();
            for (final String arg : given) {
                line.append(' ').append(arg.contains(" ") || arg.contains("*") ? "'" + arg + "'" : arg);
            }
            return line.toString();
        }
    }
}
