package io.exemplars.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the report's tables are written: a grid of cells (first line the header) as aligned plain
 * text for the console or as GitHub-flavoured markdown, and the figures in them (nanoseconds, bytes,
 * ratios) with the same precision everywhere.
 */
final class TableFormat {
    /** A figure that was not measured. */
    static final String MISSING = "-";

    private TableFormat() {
    }

    /**
     * @param cells       the header line, then one line per row, all of the same length
     * @param leftColumns how many leading columns are text (left-aligned); the rest are figures
     * @return the grid as aligned plain text with a rule under the header
     */
    static String text(final List<String[]> cells, final int leftColumns) {
        final int[] widths = new int[cells.get(0).length];
        for (final String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        final StringBuilder text = new StringBuilder();
        for (int l = 0; l < cells.size(); l++) {
            final String[] line = cells.get(l);
            for (int c = 0; c < line.length; c++) {
                final String format = c < leftColumns ? "%-" + widths[c] + "s" : "%" + widths[c] + "s";
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
     * @param cells       the header line, then one line per row, all of the same length
     * @param leftColumns how many leading columns are text (left-aligned); the rest are figures
     *                    (right-aligned)
     * @return the grid as a GitHub-flavoured markdown table
     */
    static String markdown(final List<String[]> cells, final int leftColumns) {
        final int columns = cells.get(0).length;
        final StringBuilder markdown = new StringBuilder();
        for (int l = 0; l < cells.size(); l++) {
            markdown.append("| ").append(String.join(" | ", cells.get(l))).append(" |\n");
            if (l == 0) {
                markdown.append('|').append("---|".repeat(leftColumns)).append("---:|".repeat(columns - leftColumns))
                    .append('\n');
            }
        }
        return markdown.toString();
    }

    /**
     * A report section that is a table: a level-3 heading, the table and a note under it.
     *
     * @param heading     the heading's text, without {@code ###}
     * @param header      the table's header line
     * @param rows        the table's rows, each as long as the header; none when nothing was measured
     * @param leftColumns how many leading columns are text, as for {@link #markdown}
     * @param note        the paragraph under the table, without its line break
     * @return the section as GitHub-flavoured markdown, starting with a blank line, or an empty
     *     string when there are no rows
     */
    static String markdownSection(final String heading, final String[] header, final List<String[]> rows,
                                  final int leftColumns, final String note) {
        if (rows.isEmpty()) {
            return "";
        }
        final List<String[]> cells = new ArrayList<>();
        cells.add(header);
        cells.addAll(rows);
        return "\n### " + heading + "\n\n" + markdown(cells, leftColumns) + "\n" + note + "\n";
    }

    /**
     * @param nanos a time in nanoseconds
     * @return it with sensible precision: one decimal below 100 ns, thousands separators above
     */
    static String nanos(final double nanos) {
        return nanos < 100 ? String.format(Locale.ROOT, "%.1f", nanos) : String.format(Locale.ROOT, "%,.0f", nanos);
    }

    /**
     * @param m a measurement, may be null
     * @return its time per operation, or {@link #MISSING}
     */
    static String time(final Measurement m) {
        return m == null ? MISSING : nanos(m.nsPerOp());
    }

    /**
     * @param m a measurement
     * @return its time per operation with half the spread of its iterations
     */
    static String timeWithError(final Measurement m) {
        return Double.isNaN(m.nsError()) ? nanos(m.nsPerOp()) : nanos(m.nsPerOp()) + " ± " + nanos(m.nsError());
    }

    /**
     * @param m a measurement, may be null
     * @return its bytes per operation, or {@link #MISSING} when not measured
     */
    static String bytes(final Measurement m) {
        if (m == null || Double.isNaN(m.bytesPerOp())) {
            return MISSING;
        }
        return m.bytesPerOp() < 100 ? String.format(Locale.ROOT, "%.1f", m.bytesPerOp())
            : String.format(Locale.ROOT, "%,.0f", m.bytesPerOp());
    }

    /**
     * @param ratio a ratio, NaN when one side was not measured
     * @return it with two decimals, or {@link #MISSING}
     */
    static String ratio(final double ratio) {
        return Double.isNaN(ratio) ? MISSING : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
