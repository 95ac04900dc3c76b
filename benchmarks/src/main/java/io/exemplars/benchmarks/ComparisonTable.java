package io.exemplars.benchmarks;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The report's one table: each of our variants against the OpenTelemetry SDK's built-in equivalent
 * and Prometheus's ExemplarSampler, per operation and thread count, as ns/op, B/op and the ratio
 * ours / peer (below 1: ours is faster).
 */
final class ComparisonTable {
    private static final String[] HEADER = {"operation", "ours", "threads", "ours ns/op", "ours B/op",
        "OTel ns/op", "OTel B/op", "ours/OTel", "Prom ns/op", "Prom B/op", "ours/Prom"};

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
            return ours.timeOver(peer);
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
        for (final ExemplarMode ours : EnumSet.of(ExemplarMode.OURS, ExemplarMode.OURS_ALIGNED_SLOWEST,
            ExemplarMode.OURS_SLOWEST, ExemplarMode.OURS_WEIGHTED)) {
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
                TableFormat.timeWithError(row.ours()), TableFormat.bytes(row.ours()),
                TableFormat.time(row.otel()), TableFormat.bytes(row.otel()), TableFormat.ratio(row.ratioTo(row.otel())),
                TableFormat.time(row.prometheus()), TableFormat.bytes(row.prometheus()),
                TableFormat.ratio(row.ratioTo(row.prometheus()))});
        }
        return cells;
    }
}
