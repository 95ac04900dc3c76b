package io.exemplars.benchmarks;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.Styler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The report's charts, drawn with XChart and written as PNG: ratios per benchmark, time per
 * operation per implementation, and latency percentile curves.
 */
final class ReportCharts {
    private static final int WIDTH = 1600;
    private static final int HEIGHT = 900;
    private static final int LABEL_ROTATION_DEGREES = 60;
    /** Percentile ticks per halving of the remaining distance to 100%, for smooth curves. */
    private static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 5;
    private static final double NANOS_PER_MICRO = 1_000.0;
    private static final String OPERATIONS_AXIS = "operation, variant, threads";

    private ReportCharts() {
    }

    /**
     * Ours / peer, time per operation, one bar per peer and row, on a log axis (1 = parity, below =
     * ours faster); a row without a given peer has no bar for it.
     *
     * @return the file written, or null when the table is empty
     */
    static Path ratios(final ComparisonTable table, final Path file) throws IOException {
        final List<String> labels = new ArrayList<>();
        final List<Double> toOtel = new ArrayList<>();
        final List<Double> toPrometheus = new ArrayList<>();
        for (final ComparisonTable.Row row : table.rows()) {
            labels.add(row.shortLabel());
            toOtel.add(gapIfNaN(row.ratioTo(row.otel())));
            toPrometheus.add(gapIfNaN(row.ratioTo(row.prometheus())));
        }
        if (labels.isEmpty()) {
            return null;
        }
        final CategoryChart chart = categoryChart("Ours / peer, time per operation (below 1: ours is faster)",
            OPERATIONS_AXIS, "ratio, log scale", decadeBelow(List.of(toOtel, toPrometheus)));
        chart.addSeries("ours / " + Implementation.OTEL.label(), labels, toOtel);
        chart.addSeries("ours / " + Implementation.PROMETHEUS.label(), labels, toPrometheus);
        return save(chart, file);
    }

    /**
     * Nanoseconds per operation of ours and each peer, for the rows {@code include} accepts; a row
     * without a given peer has no bar for it.
     *
     * @return the file written, or null when no row is included
     */
    static Path times(final ComparisonTable table, final Predicate<ComparisonTable.Row> include, final String title,
                      final Path file) throws IOException {
        final List<String> labels = new ArrayList<>();
        final Map<Implementation, List<Double>> series = new EnumMap<>(Implementation.class);
        for (final Implementation implementation : Implementation.values()) {
            series.put(implementation, new ArrayList<>());
        }
        for (final ComparisonTable.Row row : table.rows()) {
            if (include.test(row)) {
                labels.add(row.shortLabel());
                for (final Implementation implementation : Implementation.values()) {
                    final Measurement measurement = row.peer(implementation);
                    series.get(implementation).add(measurement == null ? null : measurement.nsPerOp());
                }
            }
        }
        if (labels.isEmpty()) {
            return null;
        }
        final CategoryChart chart = categoryChart(title, OPERATIONS_AXIS, "ns/op, log scale",
            decadeBelow(series.values()));
        for (final Map.Entry<Implementation, List<Double>> entry : series.entrySet()) {
            chart.addSeries(entry.getKey().label(), labels, entry.getValue());
        }
        return save(chart, file);
    }

    /**
     * Ratios to a baseline, one bar per series (a mode, an implementation) and category (a figure),
     * on a log axis; NaN values draw no bar.
     *
     * @param categories the x axis's categories, e.g. figures such as p99 or heap
     * @param ratios     series name to its ratio per category, in the categories' order
     * @param xTitle     what the categories are
     * @return the file written
     */
    static Path ratiosToBaseline(final List<String> categories, final Map<String, List<Double>> ratios,
                                 final String title, final String xTitle, final Path file) throws IOException {
        final Map<String, List<Double>> bars = new java.util.LinkedHashMap<>();
        ratios.forEach((name, values) -> {
            final List<Double> gaps = new ArrayList<>();
            values.forEach(value -> gaps.add(value == null ? null : gapIfNaN(value)));
            bars.put(name, gaps);
        });
        final CategoryChart chart = categoryChart(title, xTitle, "ratio to the baseline, log scale",
            Math.min(0.5, decadeBelow(bars.values())));
        bars.forEach((name, values) -> chart.addSeries(name, categories, values));
        return save(chart, file);
    }

    /**
     * One line per series (a mode, an implementation) over a shared logarithmic x axis and a linear
     * y axis from zero (per-series figures span less than a decade, where a log axis has no labels):
     * how a figure grows with, e.g., the number of time series.
     *
     * @param x      the x values, in order
     * @param lines  series name to its y value per x (NaN values are left out)
     * @param yTitle what the y values are
     * @return the file written
     */
    static Path perSeries(final List<Double> x, final Map<String, List<Double>> lines, final String title,
                          final String yTitle, final Path file) throws IOException {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("time series of the histogram (log scale)").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        lines.forEach((name, y) -> {
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                if (!Double.isNaN(y.get(i)) && y.get(i) > 0) {
                    xs.add(x.get(i));
                    ys.add(y.get(i));
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(name, xs, ys);
            }
        });
        return save(chart, file);
    }

    /**
     * Latency by percentile, one colour per mode, solid corrected and dashed uncorrected, the x axis
     * stretched so the tail is visible (ticks at p90, p99, p99.9, ...).
     *
     * @param curves mode label to its {corrected, uncorrected} latency histograms, in nanoseconds
     * @return the file written
     */
    static Path latencyPercentiles(final Map<String, Histogram[]> curves, final String title, final Path file)
        throws IOException {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("percentile").yAxisTitle("latency, microseconds (log scale)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        chart.setCustomXAxisTickLabelsFormatter(ReportCharts::percentileLabel);
        final Color[] palette = chart.getStyler().getSeriesColors();
        int mode = 0;
        for (final Map.Entry<String, Histogram[]> entry : curves.entrySet()) {
            final Color color = palette[mode++ % palette.length];
            addCurve(chart, entry.getKey() + ", corrected", entry.getValue()[0], color, SeriesLines.SOLID);
            addCurve(chart, entry.getKey() + ", uncorrected", entry.getValue()[1], color, SeriesLines.DASH_DASH);
        }
        return save(chart, file);
    }

    private static void addCurve(final XYChart chart, final String name, final Histogram histogram, final Color color,
                                 final BasicStroke line) {
        final double lastX = Math.log10(Math.max(10, histogram.getTotalCount()));
        final List<Double> x = new ArrayList<>();
        final List<Double> y = new ArrayList<>();
        for (final HistogramIterationValue value : histogram.percentiles(PERCENTILE_TICKS_PER_HALF_DISTANCE)) {
            final double remaining = 1.0 - value.getPercentileLevelIteratedTo() / 100.0;
            x.add(remaining <= 0 ? lastX : Math.min(lastX, -Math.log10(remaining)));
            y.add(Math.max(1.0, histogram.highestEquivalentValue(value.getValueIteratedTo())) / NANOS_PER_MICRO);
        }
        final XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setLineStyle(line);
    }

    /** x = -log10(1 - p): 0 is p0, 1 is p90, 2 is p99, 3 is p99.9; other ticks stay unlabelled. */
    private static String percentileLabel(final Double x) {
        if (x != Math.rint(x)) {
            return "";
        }
        final BigDecimal percentile = BigDecimal.valueOf(100.0 * (1.0 - Math.pow(10, -x)))
            .round(new MathContext(Math.max(1, (int) Math.ceil(x) + 1)));
        return "p" + percentile.stripTrailingZeros().toPlainString();
    }

    /**
     * A bar chart on a log axis. XChart anchors bar charts at zero unless told otherwise, which a
     * log axis cannot draw, so the axis starts at {@code yMin}.
     */
    private static CategoryChart categoryChart(final String title, final String xTitle, final String yTitle,
                                               final double yMin) {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(LABEL_ROTATION_DEGREES);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(yMin);
        return chart;
    }

    /** The power of ten at or below the smallest value of all lists (nulls are gaps). */
    private static double decadeBelow(final Collection<List<Double>> lists) {
        double smallest = Double.POSITIVE_INFINITY;
        for (final List<Double> list : lists) {
            for (final Double value : list) {
                if (value != null && value > 0) {
                    smallest = Math.min(smallest, value);
                }
            }
        }
        return smallest == Double.POSITIVE_INFINITY ? 1.0 : Math.pow(10, Math.floor(Math.log10(smallest)));
    }

    /** XChart draws no bar for a null value. */
    private static Double gapIfNaN(final double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static Path save(final org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, final Path file)
        throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
