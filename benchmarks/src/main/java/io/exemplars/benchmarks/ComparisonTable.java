package io.exemplars.benchmarks;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The report's one table: each of our variants against the OpenTelemetry SDK's built-in equivalent
 * and Prometheus's ExemplarSampler, per operation and thread count, as ns/op, B/op and the ratio
 * ours / peer (below 1: ours is faster).
 */
final class ComparisonTable {
    private static final String[] HEADER = {"operation", "ours", "threads", "ours ns/op", "ours B/op",
        "OTel ns/op", "OTel B/op", "ours/OTel", "Prom ns/op", "Prom B/op", "ours/Prom"};
    private static final String MISSING = "-";

    /**
     * One line of the table.
     *
     * @param operation  what is measured, e.g. "offer, reject-dominated"
     * @param variant    which of our variants
     * @param threads    recording threads
     * @param ours       our measurement
     * @param otel       the OTel SDK built-in equivalent, or null
     * @param prometheus Prometheus's ExemplarSampler equivalent, or null
     */
    record Row(String operation, String variant, int threads, Measurement ours, Measurement otel,
               Measurement prometheus) {

        /**
         * @param peer a peer measurement, may be null
         * @return ours ns/op divided by the peer's, NaN without a peer
         */
        double ratioTo(final Measurement peer) {
            return peer == null ? Double.NaN : ours.nsPerOp() / peer.nsPerOp();
        }

        /**
         * @param implementation whose measurement
         * @return ours, the OTel or the Prometheus measurement of this row (null if not measured)
         */
        Measurement peer(final Implementation implementation) {
            return switch (implementation) {
                case OURS -> ours;
                case OTEL -> otel;
                case PROMETHEUS -> prometheus;
            };
        }

        /**
         * @return a short label for chart axes
         */
        String shortLabel() {
            return operation.replace("offer, ", "").replace("-dominated", "") + ", " + variant + ", " + threads + "t";
        }
    }

    private final List<Row> rows;

    private ComparisonTable(final List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * Pairs every measurement of ours with its peers; rows whose own measurement is missing (a
     * partial run) are left out, missing peers are shown as "-".
     *
     * @param measurements one run's measurements
     * @return the table
     */
    static ComparisonTable of(final Measurements measurements) {
        final List<Row> rows = new ArrayList<>();
        for (final Measurements.OfferRegime regime : Measurements.OfferRegime.values()) {
            for (final ReservoirKind kind : oursKinds()) {
                for (final int threads : Measurements.THREAD_COUNTS) {
                    add(rows, regime.label(), kind.description(), threads, measurements.offer(regime, kind, threads),
                        measurements.offer(regime, peer(kind, Implementation.OTEL), threads),
                        measurements.offer(regime, peer(kind, Implementation.PROMETHEUS), threads));
                }
            }
        }
        for (final ExemplarMode ours : EnumSet.of(ExemplarMode.OURS, ExemplarMode.OURS_SLOWEST, ExemplarMode.OURS_WEIGHTED)) {
            for (final int threads : Measurements.THREAD_COUNTS) {
                add(rows, "SDK DoubleHistogram.record", ours.description(), threads, measurements.sdkRecord(ours, threads),
                    measurements.sdkRecord(ExemplarMode.BUILT_IN, threads), null);
            }
        }
        for (final ReservoirKind kind : oursKinds()) {
            add(rows, "collect " + CollectBenchmark.SERIES + " series", kind.description(), 1,
                measurements.collect(kind), measurements.collect(peer(kind, Implementation.OTEL)),
                measurements.collect(peer(kind, Implementation.PROMETHEUS)));
        }
        add(rows, "SDK collect " + CollectBenchmark.SERIES + " series", ExemplarMode.OURS.description(), 1,
            measurements.sdkCollect(ExemplarMode.OURS), measurements.sdkCollect(ExemplarMode.BUILT_IN), null);
        return new ComparisonTable(rows);
    }

    private static void add(final List<Row> rows, final String operation, final String variant, final int threads,
                            final Measurement ours, final Measurement otel, final Measurement prometheus) {
        if (ours != null) {
            rows.add(new Row(operation, variant, threads, ours, otel, prometheus));
        }
    }

    /** Our kinds, in table order. */
    static List<ReservoirKind> oursKinds() {
        final List<ReservoirKind> kinds = new ArrayList<>();
        for (final ReservoirKind kind : ReservoirKind.values()) {
            if (kind.implementation() == Implementation.OURS) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /** The peer implementation's reservoir of the same family. */
    static ReservoirKind peer(final ReservoirKind ours, final Implementation implementation) {
        for (final ReservoirKind kind : ReservoirKind.values()) {
            if (kind.implementation() == implementation && kind.family() == ours.family()) {
                return kind;
            }
        }
        throw new IllegalStateException("no " + implementation + " reservoir of family " + ours.family());
    }

    /**
     * @return the rows, in table order
     */
    List<Row> rows() {
        return rows;
    }

    /**
     * @return the table as aligned plain text, for the console
     */
    String toText() {
        final List<String[]> cells = cells();
        final int[] widths = new int[HEADER.length];
        for (final String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        final StringBuilder text = new StringBuilder();
        for (int l = 0; l < cells.size(); l++) {
            final String[] line = cells.get(l);
            for (int c = 0; c < line.length; c++) {
                final String format = c < 2 ? "%-" + widths[c] + "s" : "%" + widths[c] + "s";
                text.append(c == 0 ? "" : "  ").append(String.format(Locale.ROOT, format, line[c]));
            }
            text.append('\n');
            if (l == 0) {
                int total = 2 * (widths.length - 1);
                for (final int width : widths) {
                    total += width;
                }
                text.append("-".repeat(total)).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * @return the table as GitHub-flavoured markdown
     */
    String toMarkdown() {
        final List<String[]> cells = cells();
        final StringBuilder markdown = new StringBuilder();
        for (int l = 0; l < cells.size(); l++) {
            markdown.append("| ").append(String.join(" | ", cells.get(l))).append(" |\n");
            if (l == 0) {
                markdown.append("|---|---|").append("---:|".repeat(HEADER.length - 2)).append('\n');
            }
        }
        return markdown.toString();
    }

    private List<String[]> cells() {
        final List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (final Row row : rows) {
            cells.add(new String[] {row.operation(), row.variant(), Integer.toString(row.threads()),
                timeWithError(row.ours()), bytes(row.ours()),
                time(row.otel()), bytes(row.otel()), ratio(row.ratioTo(row.otel())),
                time(row.prometheus()), bytes(row.prometheus()), ratio(row.ratioTo(row.prometheus()))});
        }
        return cells;
    }

    /**
     * @param nanos a time in nanoseconds
     * @return it with sensible precision: one decimal below 100 ns, thousands separators above
     */
    static String nanos(final double nanos) {
        return nanos < 100 ? String.format(Locale.ROOT, "%.1f", nanos) : String.format(Locale.ROOT, "%,.0f", nanos);
    }

    private static String time(final Measurement m) {
        return m == null ? MISSING : nanos(m.nsPerOp());
    }

    private static String timeWithError(final Measurement m) {
        return Double.isNaN(m.nsError()) ? nanos(m.nsPerOp()) : nanos(m.nsPerOp()) + " ± " + nanos(m.nsError());
    }

    private static String bytes(final Measurement m) {
        if (m == null || Double.isNaN(m.bytesPerOp())) {
            return MISSING;
        }
        return m.bytesPerOp() < 100 ? String.format(Locale.ROOT, "%.1f", m.bytesPerOp())
            : String.format(Locale.ROOT, "%,.0f", m.bytesPerOp());
    }

    private static String ratio(final double ratio) {
        return Double.isNaN(ratio) ? MISSING : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
