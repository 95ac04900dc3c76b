package io.exemplars.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's section on selection filters: the reject path ({@link SelectionRejectBenchmark})
 * and the SDK record path ({@link SelectionSdkRecordBenchmark}) with each filter, as ns/op, B/op
 * and the ratio to the same benchmark without a filter, measured in the same run.
 */
final class SelectionTable {
    private static final String[] HEADER = {"path", "filter", "threads", "ns/op", "B/op", "no filter ns/op",
        "ratio to no filter"};
    private static final String[][] PATHS = {
        {"reject path (aligned uniform)", "SelectionRejectBenchmark.reject"},
        {"SDK DoubleHistogram.record", "SelectionSdkRecordBenchmark."},
    };

    private final List<String[]> rows;

    private SelectionTable(final List<String[]> rows) {
        this.rows = rows;
    }

    /**
     * @param measurements one run's measurements
     * @return the rows whose filter was measured (none when the selection benchmarks did not run)
     */
    static SelectionTable of(final Measurements measurements) {
        final List<String[]> rows = new ArrayList<>();
        for (final String[] path : PATHS) {
            for (final int threads : Measurements.THREAD_COUNTS) {
                final String method = path[1] + (path[1].endsWith(".") ? (threads == 1 ? "oneThread" : "twoThreads")
                    : (threads == 1 ? "OneThread" : "TwoThreads"));
                final Measurement none = find(measurements, method, SelectionVariant.NONE);
                for (final SelectionVariant variant : SelectionVariant.values()) {
                    final Measurement m = find(measurements, method, variant);
                    if (m != null) {
                        rows.add(new String[] {path[0], variant.description(), Integer.toString(threads),
                            TableFormat.nanos(m.nsPerOp()), String.format(Locale.ROOT, "%.1f", m.bytesPerOp()),
                            none == null ? "-" : TableFormat.nanos(none.nsPerOp()),
                            none == null ? "-" : String.format(Locale.ROOT, "%.2f", m.nsPerOp() / none.nsPerOp())});
                    }
                }
            }
        }
        return new SelectionTable(rows);
    }

    /**
     * @return the section as GitHub-flavoured markdown (also readable on the console), or an empty
     *     string when nothing was measured
     */
    String toMarkdown() {
        return TableFormat.markdownSection("Selection filters (ratio to no filter, same run)", HEADER, rows, 2,
            "Filters run for draw winners only; aboveQuantile also records one offer in 64 into its series' "
            + "HdrHistogram recorder on the reject path.");
    }

    private static Measurement find(final Measurements measurements, final String method,
                                    final SelectionVariant variant) {
        for (final Measurement m : measurements.all()) {
            if (m.is(method, variant.name())) {
                return m;
            }
        }
        return null;
    }
}
