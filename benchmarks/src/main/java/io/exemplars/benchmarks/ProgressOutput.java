package io.exemplars.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;

/**
 * JMH's output for the comparison report: JMH's full human-readable log goes to a file, and the
 * console gets one progress line per benchmark, so the report's own table is the only table the
 * console shows.
 */
final class ProgressOutput implements OutputFormat {
    private static final String JMH_PROGRESS_PREFIX = "# Run progress:";

    private final OutputFormat log;
    private final PrintStream console;
    private String progress = "";

    /**
     * @param log     receives everything JMH prints
     * @param console receives one line per finished benchmark
     */
    ProgressOutput(final OutputFormat log, final PrintStream console) {
        this.log = log;
        this.console = console;
    }

    @Override
    public void iteration(final BenchmarkParams benchmark, final IterationParams params, final int iteration) {
        log.iteration(benchmark, params, iteration);
    }

    @Override
    public void iterationResult(final BenchmarkParams benchmark, final IterationParams params, final int iteration,
                                final IterationResult result) {
        log.iterationResult(benchmark, params, iteration, result);
    }

    @Override
    public void startBenchmark(final BenchmarkParams benchmark) {
        log.startBenchmark(benchmark);
    }

    @Override
    public void endBenchmark(final BenchmarkResult result) {
        log.endBenchmark(result);
        if (result == null) {
            return; // JMH reports a failed benchmark this way; the failure itself is in the log
        }
        final BenchmarkParams params = result.getParams();
        console.println(String.format(Locale.ROOT, "  %-20s %-38s %-24s %-21s %dt %12s %s", progress,
            Measurement.shortName(params.getBenchmark()), Measurement.variant(params),
            Measurement.backendLabel(ForkedJvm.backendOf(params.getJvmArgs())), params.getThreads(),
            TableFormat.nanos(result.getPrimaryResult().getScore()), result.getPrimaryResult().getScoreUnit()));
    }

    @Override
    public void startRun() {
        log.startRun();
    }

    @Override
    public void endRun(final Collection<RunResult> results) {
        log.endRun(results);
    }

    @Override
    public void print(final String s) {
        log.print(s);
    }

    @Override
    public void println(final String s) {
        log.println(s);
        if (s.startsWith(JMH_PROGRESS_PREFIX)) {
            // "# Run progress: 26.67% complete, ETA 00:04:12" -> "26.67% ETA 00:04:12"
            progress = s.substring(JMH_PROGRESS_PREFIX.length()).replace(" complete,", "").trim();
        }
    }

    @Override
    public void flush() {
        log.flush();
        console.flush();
    }

    @Override
    public void close() {
        log.close();
    }

    @Override
    public void verbosePrintln(final String s) {
        log.verbosePrintln(s);
    }

    @Override
    public void write(final int b) {
        log.write(b);
    }

    @Override
    public void write(final byte[] b) throws IOException {
        log.write(b);
    }
}
