package io.exemplars.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's section on the SDK record path under contention: {@link SdkRecordBenchmark}'s
 * {@code eightThreads} ({@value SdkRecordBenchmark#CONTENDED_THREADS} threads recording to one
 * series of one histogram, the case that hurts a reservoir that writes on every offer most), each
 * {@link ExemplarMode} as ns/op and B/op with its ratio to exemplars off and to the SDK's built-in,
 * measured in the same run.
 */
final class ContendedRecordTable {
    private static final String[] HEADER = {"mode", "threads", "ns/op", "B/op", "x / exemplars off",
        "x / SDK built-in"};

    private final List<String[]> rows;

    private ContendedRecordTable(final List<String[]> rows) {
        this.rows = rows;
    }

    /**
     * @param measurements one run's measurements (one backend)
     * @return the rows of the modes measured (none when the benchmark did not run)
     */
    static ContendedRecordTable of(final Measurements measurements) {
        final Measurement off = measurements.sdkRecord(ExemplarMode.OFF, SdkRecordBenchmark.CONTENDED_THREADS);
        final Measurement builtIn = measurements.sdkRecord(ExemplarMode.BUILT_IN, SdkRecordBenchmark.CONTENDED_THREADS);
        final List<String[]> rows = new ArrayList<>();
        for (final ExemplarMode mode : ExemplarMode.values()) {
            final Measurement m = measurements.sdkRecord(mode, SdkRecordBenchmark.CONTENDED_THREADS);
            if (m != null) {
                rows.add(new String[] {mode.description(), Integer.toString(m.threads()), TableFormat.timeWithError(m),
                    TableFormat.bytes(m), TableFormat.ratio(m.timeOver(off)), TableFormat.ratio(m.timeOver(builtIn))});
            }
        }
        return new ContendedRecordTable(rows);
    }

    /**
     * @return the section as GitHub-flavoured markdown (also readable on the console), or an empty
     *     string when nothing was measured
     */
    String toMarkdown() {
        return TableFormat.markdownSection("SDK record under contention (" + SdkRecordBenchmark.CONTENDED_THREADS
                + " threads, one series, same run)", HEADER, rows, 1,
            "ns/op is per record per thread; on 2 cores, 8 threads time-share the cores, so ns/op includes "
            + "waiting for a core: compare the ratios, not the absolute figures, with the 1- and 2-thread rows.");
    }
}
