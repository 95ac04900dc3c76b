package io.exemplars.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's "What the JVM flag buys" table: each of our operations measured in one run on both
 * slot-memory backends, Agrona's {@code Unsafe} access (forks with {@link ForkedJvm#OFF_HEAP_ACCESS})
 * and standard {@code VarHandle}s (forks with no flag), as ns/op and B/op, the ratio
 * VarHandle / Agrona (above 1: the flag makes ours faster), and each backend's ratio to the
 * OpenTelemetry SDK's built-in equivalent (measured once, in the flagged forks: its code does not
 * touch our slots).
 */
final class BackendTable {
    private static final String[] HEADER = {"operation", "ours", "threads", "Agrona ns/op", "Agrona B/op",
        "VarHandle ns/op", "VarHandle B/op", "VarHandle/Agrona", "Agrona/OTel", "VarHandle/OTel"};

    /**
     * One operation of ours on both backends.
     *
     * @param operation what is measured, as in the main table
     * @param variant   which of our variants
     * @param threads   recording threads
     * @param agrona    ours with the flag (the main table's figure)
     * @param varHandle ours without the flag
     * @param otel      the OTel SDK built-in equivalent, or null when it has none
     */
    record Row(String operation, String variant, int threads, Measurement agrona, Measurement varHandle,
               Measurement otel) {
    }

    private final List<Row> rows;

    private BackendTable(final List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * Pairs every row of the main table with the same benchmark measured on the VarHandle backend;
     * rows not measured there (a restricted second pass, or a partial run) are left out.
     *
     * @param flagged   the main table: ours and the peers in the forks with the flag
     * @param varHandle the measurements of the forks without the flag
     * @return the table, possibly empty
     */
    static BackendTable of(final ComparisonTable flagged, final Measurements varHandle) {
        final List<Row> rows = new ArrayList<>();
        for (final ComparisonTable.Row row : flagged.rows()) {
            final Measurement withoutFlag = varHandle.sameAs(row.ours());
            if (withoutFlag != null) {
                rows.add(new Row(row.operation(), row.variant(), row.threads(), row.ours(), withoutFlag, row.otel()));
            }
        }
        return new BackendTable(rows);
    }

    /**
     * @return the rows, in the main table's order
     */
    List<Row> rows() {
        return rows;
    }

    /**
     * @return {@code true} when no operation was measured on both backends
     */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * @return the table as aligned plain text, for the console
     */
    String toText() {
        return TableFormat.text(cells(), 2);
    }

    /**
     * @return the table as GitHub-flavoured markdown
     */
    String toMarkdown() {
        return TableFormat.markdown(cells(), 2);
    }

    private List<String[]> cells() {
        final List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (final Row row : rows) {
            cells.add(new String[] {row.operation(), row.variant(), Integer.toString(row.threads()),
                TableFormat.timeWithError(row.agrona()), TableFormat.bytes(row.agrona()),
                TableFormat.timeWithError(row.varHandle()), TableFormat.bytes(row.varHandle()),
                TableFormat.ratio(row.varHandle().timeOver(row.agrona())),
                TableFormat.ratio(row.agrona().timeOver(row.otel())),
                TableFormat.ratio(row.varHandle().timeOver(row.otel()))});
        }
        return cells;
    }
}
