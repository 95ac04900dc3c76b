package io.exemplars.benchmarks;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a service gains or pays for exemplars: a real HTTP service ({@link ServiceUnderLoad}, the
 * JDK's {@code HttpServer}) under the real OpenTelemetry Java agent ({@link ServiceProcess}),
 * driven by an open-loop load at a fixed rate from a JVM of its own ({@link LoadGenerator}, latency
 * from each request's intended send time as wrk2 measures it), once per {@link ServiceMode}, one
 * after the other in one run: exemplars off, the agent's built-in reservoir, ours
 * {@code aligned_uniform}, ours {@code slowest} (k = 2). Each mode gets a fresh service JVM.
 *
 * <p>Reports, per mode and as ratios to exemplars off: throughput, p50 / p99 / p99.9 / max latency
 * (HdrHistogram), the service process's CPU time per request (all its threads, the agent's
 * exporter included), and its heap after a full GC and direct memory after the run. Checks that
 * exemplars off really exports none and every other mode some (else the run fails: the mode was
 * not what it claims). Writes {@code service-<mode>.hlog}, the services' logs,
 * {@code service-latency.png} and {@code service-ratios.png} to the report directory and refreshes
 * the service section of {@code RESULTS.md} (not for {@code --smoke}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.exemplars.benchmarks.ServiceBenchmark [--smoke | --quick | --full]
 *      [--modes OFF,BUILT_IN,OURS_ALIGNED_UNIFORM,OURS_SLOWEST] [--rate N] [--connections N] [--workers N]
 *      [--warmup S] [--duration S] [--report-dir DIR] [--results FILE | --no-results]
 * </pre>
 * The agent jar is the one the benchmarks module's build copies ({@code target/agent/}); the
 * extension jar is {@code reservoir-otel-autoconfigure}'s build output; both are built by
 * {@code bin/benchmark}.
 */
public final class ServiceBenchmark {
    /** How this command is started from the repository root. */
    static final String RUN_COMMAND = "java -cp benchmarks/target/benchmarks.jar " + ServiceBenchmark.class.getName();
    /** The RESULTS.md section this benchmark owns. */
    static final String SECTION = "service-benchmark";
    /** The OpenTelemetry Java agent's version, as the build copies it. */
    static final String AGENT_VERSION = "2.33.1";
    private static final Path AGENT_JAR = ModuleDirectory.resolve("target/agent/opentelemetry-javaagent.jar");
    /** Where {@code reservoir-otel-autoconfigure}'s build puts its jars. */
    private static final Path EXTENSION_DIRECTORY = ModuleDirectory.resolve("../reservoir-otel-autoconfigure/target");
    /** The extension jar's name ends so: {@code reservoir-otel-autoconfigure-VERSION-javaagent-extension.jar}. */
    private static final String EXTENSION_PREFIX = "reservoir-otel-autoconfigure-";
    private static final String EXTENSION_SUFFIX = "-javaagent-extension.jar";
    private static final Duration SERVICE_READY = Duration.ofSeconds(90);
    private static final long LOAD_GRACE_SECONDS = 60;
    private static final double[] PERCENTILES = {50.0, 99.0, 99.9};
    private static final double MIB = 1024.0 * 1024.0;
    private static final Map<String, ServiceSettings> PROFILES = Map.of(
        "smoke", ServiceSettings.SMOKE, "quick", ServiceSettings.QUICK, "full", ServiceSettings.FULL);
    private static final String USAGE = "[--smoke | --quick | --full] [--modes OFF,BUILT_IN,OURS_ALIGNED_UNIFORM,"
        + "OURS_SLOWEST] [--rate N] [--connections N] [--workers N] [--warmup S] [--duration S] [--report-dir DIR]"
        + " [--results FILE | --no-results]";

    private ServiceBenchmark() {
    }

    /**
     * @param args see the class documentation
     * @throws Exception if a run fails or the results cannot be written
     */
    public static void main(final String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        final HarnessArguments<ServiceSettings, ServiceMode> arguments = HarnessArguments.parse(args,
            PROFILES, "quick", ServiceSettings.QUICK, ServiceSettings::with, ServiceMode.class, USAGE);
        final String markdown = run(arguments.settings(), arguments.modes(), arguments.reportDir(),
            arguments.profile(), RUN_COMMAND + arguments.commandLine());
        if (arguments.results() != null) {
            ResultsFile.replaceSection(arguments.results(), SECTION, markdown);
            System.out.println("Updated " + arguments.results());
        }
    }

    /**
     * Runs every mode, prints the table and writes the charts.
     *
     * @param settings  load and durations
     * @param modes     the modes, in order; ratios are to {@link ServiceMode#OFF} when it is among them
     * @param reportDir where the logs, histograms and charts go
     * @param profile   the profile's name, for the report
     * @param command   the command that ran this, for the report
     * @return the markdown section for RESULTS.md
     * @throws IOException if a child fails, the mode check fails, or a file cannot be written
     */
    static String run(final ServiceSettings settings, final List<ServiceMode> modes, final Path reportDir,
                      final String profile, final String command) throws IOException, InterruptedException {
        requireFile(AGENT_JAR, "the OpenTelemetry Java agent");
        final Path extensionJar = extensionJar();
        requireFile(extensionJar, "our agent extension");
        Files.createDirectories(reportDir);
        System.out.println("Service benchmark (" + profile + "): " + settings.describe() + "; Java agent "
            + AGENT_VERSION);
        final Map<ServiceMode, ServiceResult> byMode = new EnumMap<>(ServiceMode.class);
        for (final ServiceMode mode : modes) {
            final ServiceResult result = runMode(mode, settings, extensionJar, reportDir);
            byMode.put(mode, result);
            System.out.printf(Locale.ROOT, "  %-22s %,8.0f req/s, p50 %.2f ms, p99.9 %.2f ms, %.1f us CPU/request, "
                    + "%d exemplars in the last of %d scrapes, %d errors%n", mode.description(), result.throughput(),
                result.latencyMillis(50), result.latencyMillis(99.9), result.cpuMicrosPerRequest(), result.exemplars(),
                result.scrapes(), result.errors());
        }
        final List<String> problems = checkModes(byMode);
        final List<String[]> cells = cells(byMode);
        System.out.println();
        System.out.print(TableFormat.text(cells, 1));
        final List<Path> charts = charts(byMode, settings, reportDir);
        if (!problems.isEmpty()) {
            throw new IOException("the service benchmark's modes are not what they claim: " + problems);
        }
        return markdown(settings, profile, command, TableFormat.markdown(cells, 1), charts);
    }

    private static ServiceResult runMode(final ServiceMode mode, final ServiceSettings settings,
                                        final Path extensionJar, final Path reportDir)
        throws IOException, InterruptedException {
        final long loadSeconds = settings.warmupSeconds() + settings.measureSeconds();
        final Duration lifetime = Duration.ofSeconds(SERVICE_READY.toSeconds() + loadSeconds + 2 * LOAD_GRACE_SECONDS);
        try (ServiceProcess service = ServiceProcess.start(mode, settings.workers(), lifetime, AGENT_JAR, extensionJar,
            reportDir, SERVICE_READY)) {
            final List<String> load = new ArrayList<>();
            load.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            load.addAll(List.of(ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX, "-cp", System.getProperty("java.class.path"),
                LoadGenerator.class.getName(), "--port", Integer.toString(service.port()),
                "--metrics-port", Integer.toString(service.metricsPort()), "--out", reportDir.toString(),
                "--stem", mode.fileStem()));
            load.addAll(settings.toArgs());
            final Process generator = new ProcessBuilder(load).inheritIO().start();
            try {
                if (!generator.waitFor(loadSeconds + LOAD_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("the load generator for " + mode + " did not finish in time");
                }
                if (generator.exitValue() != 0) {
                    throw new IOException("the load generator for " + mode + " failed with exit code "
                        + generator.exitValue() + "; the service's output:\n" + service.logTail());
                }
            } finally {
                generator.destroyForcibly();
            }
        }
        return ServiceResult.read(reportDir, mode.fileStem());
    }

    /**
     * @return the newest extension jar the autoconfigure module's build left (its name carries the
     *     project's version, which this module does not know), or the directory's expected name
     *     pattern when there is none, for {@link #requireFile}'s message
     */
    private static Path extensionJar() throws IOException {
        if (!Files.isDirectory(EXTENSION_DIRECTORY)) {
            return EXTENSION_DIRECTORY.resolve(EXTENSION_PREFIX + "*" + EXTENSION_SUFFIX);
        }
        try (var files = Files.list(EXTENSION_DIRECTORY)) {
            return files.filter(file -> file.getFileName().toString().startsWith(EXTENSION_PREFIX)
                    && file.getFileName().toString().endsWith(EXTENSION_SUFFIX))
                .max(Comparator.comparing(file -> file.toFile().lastModified()))
                .orElse(EXTENSION_DIRECTORY.resolve(EXTENSION_PREFIX + "*" + EXTENSION_SUFFIX));
        }
    }

    private static void requireFile(final Path file, final String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(what + " is not at " + file.toAbsolutePath() + "; build it first: "
                + ComparisonReport.BUILD_COMMAND);
        }
    }

    /** Off exports no exemplar and every other mode some: else the mode is not what it claims. */
    private static List<String> checkModes(final Map<ServiceMode, ServiceResult> byMode) {
        final List<String> problems = new ArrayList<>();
        byMode.forEach((mode, result) -> {
            if (mode == ServiceMode.OFF && result.exemplars() > 0) {
                problems.add(mode + " exported " + result.exemplars() + " exemplars");
            } else if (mode != ServiceMode.OFF && result.exemplars() == 0) {
                problems.add(mode + " exported no exemplar in its last scrape (of " + result.scrapes() + ")");
            }
            if (result.requests() == 0) {
                problems.add(mode + " answered no request");
            }
        });
        return problems;
    }

    private static List<String[]> cells(final Map<ServiceMode, ServiceResult> byMode) {
        final ServiceResult off = byMode.get(ServiceMode.OFF);
        final List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"mode", "req/s", "errors", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "CPU us/req",
            "heap MiB", "direct MiB", "exemplars", "p50/off", "p99/off", "p99.9/off", "CPU/off", "heap/off",
            "direct/off"});
        byMode.forEach((mode, r) -> {
            final List<String> line = new ArrayList<>(List.of(mode.description(),
                String.format(Locale.ROOT, "%,.0f", r.throughput()), Long.toString(r.errors())));
            for (final double percentile : PERCENTILES) {
                line.add(millis(r.latencyMillis(percentile)));
            }
            line.add(millis(r.corrected().getMaxValue() / 1e6));
            line.add(String.format(Locale.ROOT, "%.1f", r.cpuMicrosPerRequest()));
            line.add(String.format(Locale.ROOT, "%.1f", r.heapBytes() / MIB));
            line.add(String.format(Locale.ROOT, "%.2f", r.directBytes() / MIB));
            line.add(Integer.toString(r.exemplars()));
            for (final double percentile : PERCENTILES) {
                line.add(ratio(r.latencyMillis(percentile), off == null ? Double.NaN : off.latencyMillis(percentile)));
            }
            line.add(ratio(r.cpuMicrosPerRequest(), off == null ? Double.NaN : off.cpuMicrosPerRequest()));
            line.add(ratio(r.heapBytes(), off == null ? Double.NaN : off.heapBytes()));
            line.add(ratio(r.directBytes(), off == null ? Double.NaN : off.directBytes()));
            cells.add(line.toArray(new String[0]));
        });
        return cells;
    }

    private static String millis(final double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.3f" : "%,.1f", millis);
    }

    private static String ratio(final double value, final double baseline) {
        return TableFormat.ratio(baseline > 0 ? value / baseline : Double.NaN);
    }

    private static List<Path> charts(final Map<ServiceMode, ServiceResult> byMode, final ServiceSettings settings,
                                     final Path reportDir) throws IOException {
        final Map<String, Histogram[]> curves = new LinkedHashMap<>();
        byMode.forEach((mode, r) -> curves.put(mode.description(), new Histogram[] {r.corrected(), r.uncorrected()}));
        final List<Path> charts = new ArrayList<>();
        charts.add(ReportCharts.latencyPercentiles(curves, String.format(Locale.ROOT,
            "HTTP request latency under the Java agent %s, %,d requests/s open loop", AGENT_VERSION, settings.rate()),
            reportDir.resolve("service-latency.png")));
        final ServiceResult off = byMode.get(ServiceMode.OFF);
        if (off != null) {
            final List<String> figures = List.of("p50", "p99", "p99.9", "CPU/request", "heap after GC", "direct memory");
            final Map<String, List<Double>> ratios = new LinkedHashMap<>();
            byMode.forEach((mode, r) -> ratios.put(mode.description(), List.of(
                r.latencyMillis(50) / off.latencyMillis(50), r.latencyMillis(99) / off.latencyMillis(99),
                r.latencyMillis(99.9) / off.latencyMillis(99.9), r.cpuMicrosPerRequest() / off.cpuMicrosPerRequest(),
                (double) r.heapBytes() / off.heapBytes(), (double) r.directBytes() / off.directBytes())));
            charts.add(ReportCharts.ratiosToBaseline(figures, ratios,
                "Service under the Java agent: each mode / exemplars off (1 = no cost)", "figure",
                reportDir.resolve("service-ratios.png")));
        }
        return charts;
    }

    private static String markdown(final ServiceSettings settings, final String profile, final String command,
                                   final String table, final List<Path> charts) {
        final StringBuilder md = new StringBuilder();
        md.append("## Service benchmark: HTTP service under the Java agent (").append(profile).append(")\n\n");
        if ("smoke".equals(profile)) {
            md.append("**SMOKE RUN: figures are not measurements.**\n\n");
        }
        md.append("- Measured: ").append(MachineDescription.now()).append('\n');
        md.append("- Machine: ").append(MachineDescription.describe()).append('\n');
        md.append("- OpenTelemetry Java agent ").append(AGENT_VERSION)
            .append(" (its bundled SDK), our extension jar built from this commit\n");
        md.append("- Command (from the repository root): `").append(ComparisonReport.BUILD_COMMAND).append(" && ")
            .append(command.trim()).append("`\n");
        md.append("- Setup: ").append(settings.describe()).append(". The service (JDK `HttpServer`, a few us of CPU ")
            .append("per request) runs in a fresh JVM per mode under `-javaagent` with a fixed 512 MB heap and no JVM ")
            .append("flag (ours on VarHandle slot memory); every request is a sampled server span; the agent's ")
            .append("Prometheus endpoint is scraped once a second. The load generator (its own JVM, raw keep-alive ")
            .append("HTTP/1.1) times each request from its intended send time, as wrk2 does.\n");
        md.append("- Figures: latency from the intended send time (HdrHistogram); CPU = the service process's CPU time ")
            .append("over the measured window (every thread) / answered requests; heap = in use after `System.gc()` ")
            .append("after the run; direct = the JVM's direct buffers; exemplars = on the duration histogram in the ")
            .append("last scrape; x/off = ratio to exemplars off.\n\n");
        md.append(table).append('\n');
        md.append("Charts (written by the run, not committed): ");
        for (int i = 0; i < charts.size(); i++) {
            md.append(i == 0 ? "" : ", ").append('`').append(charts.get(i).getFileName()).append('`');
        }
        md.append(" in `benchmarks/target/report/`; latency logs `service-<mode>.hlog`.\n");
        return md.toString();
    }
}
