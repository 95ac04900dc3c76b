package io.exemplars.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

/**
 * One {@link ExemplarMode} of the {@link SeriesMemoryBenchmark}, in its own JVM: for each series
 * count, a fresh SDK meter provider whose histogram (the SDK's default explicit-bucket boundaries,
 * 16 buckets) gets {@code N} series, each with one measurement in every bucket inside a sampled
 * span, so every bucket of every series holds an exemplar; then
 * <ul>
 *   <li>heap in use after a full GC, and the JVM's direct buffers, against the same figures taken
 *       before the provider existed (the attribute sets are made before that, as a service's own
 *       objects), per series;</li>
 *   <li>{@value #WARMUP_COLLECTS} untimed then {@value #COLLECTS} timed collections, each after the
 *       series are filled again: the collect's
 *       time and the bytes the collecting thread allocated in it, per series (medians), and the
 *       exemplars a collection returns per series.</li>
 * </ul>
 * Writes one {@code key=value} file read back by the benchmark.
 *
 * <p>Arguments: {@code --mode MODE --series N,N,... --out FILE}.
 */
public final class SeriesMemoryRun {
    /** Collections timed per series count. */
    static final int COLLECTS = 10;
    /** Untimed collections first, so the collect path is compiled. */
    static final int WARMUP_COLLECTS = 5;
    /** One value in each of the SDK's default buckets (0, 5, 10, 25, ... 10,000 and above). */
    private static final double[] ONE_PER_DEFAULT_BUCKET = {
        0, 3, 7, 20, 40, 60, 90, 200, 400, 600, 900, 2_000, 4_000, 6_000, 9_000, 20_000};
    private static final AttributeKey<Long> SERIES_KEY = AttributeKey.longKey("series");
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private SeriesMemoryRun() {
    }

    /**
     * @param args see the class documentation
     * @throws IOException if the result cannot be written
     */
    public static void main(final String[] args) throws IOException {
        ExemplarMode mode = null;
        int[] counts = null;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mode" -> mode = ExemplarMode.valueOf(args[i + 1]);
                case "--series" -> counts = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (mode == null || counts == null || out == null) {
            throw new IllegalArgumentException("--mode, --series and --out are required");
        }
        final Properties results = new Properties();
        for (final int series : counts) {
            measure(mode, series, results);
        }
        try (OutputStream file = Files.newOutputStream(out)) {
            results.store(file, "memory per series, " + mode);
        }
    }

    private static void measure(final ExemplarMode mode, final int series, final Properties results) {
        final Attributes[] attributes = new Attributes[series];
        for (int s = 0; s < series; s++) {
            attributes[s] = Attributes.of(SERIES_KEY, (long) s);
        }
        final DirectMemoryPool direct = DirectMemoryPool.find();
        final long heapBefore = heapAfterGc();
        final long directBefore = direct.reservedBytes();
        final long[] collectNanos = new long[COLLECTS];
        final long[] collectBytes = new long[COLLECTS];
        long exemplars = 0;
        final long heapAfter;
        final long directAfter;
        try (SdkPipeline pipeline = SdkPipeline.create(mode, series + 1)) {
            fill(pipeline.histogram(), attributes);
            pipeline.collect();
            fill(pipeline.histogram(), attributes);
            heapAfter = heapAfterGc();
            directAfter = direct.reservedBytes();
            for (int c = 0; c < WARMUP_COLLECTS; c++) {
                fill(pipeline.histogram(), attributes);
                pipeline.collect();
            }
            for (int c = 0; c < COLLECTS; c++) {
                fill(pipeline.histogram(), attributes);
                final long bytes = THREADS.getCurrentThreadAllocatedBytes();
                final long start = System.nanoTime();
                final Collection<MetricData> metrics = pipeline.collect();
                collectNanos[c] = System.nanoTime() - start;
                collectBytes[c] = THREADS.getCurrentThreadAllocatedBytes() - bytes;
                exemplars = exemplars(metrics);
            }
        }
        final String prefix = series + ".";
        results.setProperty(prefix + SeriesMemoryBenchmark.HEAP, perSeries(heapAfter - heapBefore, series));
        results.setProperty(prefix + SeriesMemoryBenchmark.DIRECT, perSeries(directAfter - directBefore, series));
        results.setProperty(prefix + SeriesMemoryBenchmark.COLLECT_NANOS, perSeries(median(collectNanos), series));
        results.setProperty(prefix + SeriesMemoryBenchmark.COLLECT_BYTES, perSeries(median(collectBytes), series));
        results.setProperty(prefix + SeriesMemoryBenchmark.EXEMPLARS, perSeries(exemplars, series));
        System.out.printf("  %-34s %,8d series: heap %,.0f B, direct %,.0f B, collect %,.0f ns and %,.0f B, "
                + "%.1f exemplars per series%n", mode.description(), series, (heapAfter - heapBefore) / (double) series,
            (directAfter - directBefore) / (double) series, median(collectNanos) / (double) series,
            median(collectBytes) / (double) series, exemplars / (double) series);
    }

    /** Records one value into every default bucket of every series, in a sampled span. */
    private static void fill(final DoubleHistogram histogram, final Attributes[] attributes) {
        try (Scope ignored = TraceContexts.sampledSpan().makeCurrent()) {
            for (final Attributes series : attributes) {
                for (final double value : ONE_PER_DEFAULT_BUCKET) {
                    histogram.record(value, series);
                }
            }
        }
    }

    private static long exemplars(final Collection<MetricData> metrics) {
        long count = 0;
        for (final MetricData metric : metrics) {
            for (final HistogramPointData point : metric.getHistogramData().getPoints()) {
                count += point.getExemplars().size();
            }
        }
        return count;
    }

    /** Heap in use after full collections, once it stops shrinking (at most a few rounds). */
    private static long heapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            System.gc();
            final long now = MEMORY.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    private static long median(final long[] values) {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String perSeries(final long total, final int series) {
        return Double.toString(total / (double) series);
    }

    /** @return the series counts as the option's value, e.g. {@code 1000,10000} */
    static String seriesOption(final List<Integer> counts) {
        final List<String> values = new ArrayList<>();
        counts.forEach(count -> values.add(Integer.toString(count)));
        return String.join(",", values);
    }
}
