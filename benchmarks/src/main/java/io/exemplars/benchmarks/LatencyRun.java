package io.exemplars.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * One mode of the latency harness, in its own JVM (started by {@link LatencyHarness}): two
 * {@link LatencyRecorder}s and a {@link PeriodicCollector} against one SDK pipeline, then the
 * distributions written as {@code .hgrm} (percentile tables, microseconds) and one {@code .hlog}
 * (lossless, read back by the harness), plus the collector's counts.
 */
public final class LatencyRun {
    /** Tag of the coordinated-omission-corrected record latency in the log. */
    static final String CORRECTED = "corrected";
    /** Tag of the uncorrected record latency in the log. */
    static final String UNCORRECTED = "uncorrected";
    /** Tag of the collection durations in the log. */
    static final String COLLECT = "collect";
    /** Key of the exemplars returned by all measured collections, in the counts file. */
    static final String EXEMPLARS_KEY = "exemplars";
    /** Key of the number of measured collections, in the counts file. */
    static final String COLLECTS_KEY = "collects";

    private static final AttributeKey<Long> SERIES_KEY = AttributeKey.longKey("series");
    private static final double NANOS_PER_MICRO = 1_000.0;
    /** Lets every thread start before the first intended record. */
    private static final long START_DELAY_NANOS = 50_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private LatencyRun() {
    }

    /**
     * @param args {@code --mode MODE --out DIR} and the {@link LatencySettings} options
     * @throws Exception if a thread is interrupted or the files cannot be written
     */
    public static void main(final String[] args) throws Exception {
        ExemplarMode mode = null;
        Path out = null;
        LatencySettings settings = LatencySettings.DEFAULTS;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--mode" -> mode = ExemplarMode.valueOf(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> {
                    settings = settings.with(args[i], Integer.parseInt(args[i + 1]));
                    if (settings == null) {
                        throw new IllegalArgumentException("unknown argument " + args[i]);
                    }
                }
            }
        }
        if (mode == null || out == null) {
            throw new IllegalArgumentException("--mode and --out are required");
        }
        run(mode, settings, out);
    }

    private static void run(final ExemplarMode mode, final LatencySettings settings, final Path out)
        throws InterruptedException, IOException {
        final Attributes[] series = new Attributes[settings.series()];
        for (int s = 0; s < series.length; s++) {
            series[s] = Attributes.of(SERIES_KEY, (long) s);
        }
        try (SdkPipeline pipeline = SdkPipeline.create(mode)) {
            final long measureFrom = System.nanoTime() + START_DELAY_NANOS + settings.warmupSeconds() * NANOS_PER_SECOND;
            final long end = measureFrom + settings.measureSeconds() * NANOS_PER_SECOND;
            final List<LatencyRecorder> recorders = new ArrayList<>();
            final List<Thread> threads = new ArrayList<>();
            for (int r = 0; r < LatencySettings.RECORDING_THREADS; r++) {
                final LatencyRecorder recorder = new LatencyRecorder(pipeline.histogram(), series,
                    settings.intervalNanos(), measureFrom, end, r * (LatencyValues.COUNT / 2));
                recorders.add(recorder);
                threads.add(new Thread(recorder, "recorder-" + (r + 1)));
            }
            final PeriodicCollector collector = new PeriodicCollector(pipeline,
                settings.collectMillis() * 1_000_000L, measureFrom, end);
            threads.add(new Thread(collector, "collector"));
            threads.forEach(Thread::start);
            for (final Thread thread : threads) {
                thread.join();
            }
            write(mode, out, recorders, collector);
        }
    }

    private static void write(final ExemplarMode mode, final Path out, final List<LatencyRecorder> recorders,
                              final PeriodicCollector collector) throws IOException {
        final Histogram corrected = new Histogram(3);
        final Histogram uncorrected = new Histogram(3);
        for (final LatencyRecorder recorder : recorders) {
            corrected.add(recorder.corrected());
            uncorrected.add(recorder.uncorrected());
        }
        corrected.setTag(CORRECTED);
        uncorrected.setTag(UNCORRECTED);
        final Histogram collects = collector.collectNanos();
        collects.setTag(COLLECT);

        Files.createDirectories(out);
        percentiles(corrected, out.resolve(fileName(mode, ".hgrm")));
        percentiles(uncorrected, out.resolve(fileName(mode, "-uncorrected.hgrm")));
        try (OutputStream log = Files.newOutputStream(out.resolve(fileName(mode, ".hlog")))) {
            final HistogramLogWriter writer = new HistogramLogWriter(log);
            writer.outputLogFormatVersion();
            writer.outputComment("exemplar mode " + mode + ": " + mode.description() + "; values in nanoseconds");
            writer.outputLegend();
            writer.outputIntervalHistogram(corrected);
            writer.outputIntervalHistogram(uncorrected);
            writer.outputIntervalHistogram(collects);
            writer.close();
        }
        final Properties counts = new Properties();
        counts.setProperty(EXEMPLARS_KEY, Long.toString(collector.exemplars()));
        counts.setProperty(COLLECTS_KEY, Long.toString(collects.getTotalCount()));
        try (OutputStream file = Files.newOutputStream(out.resolve(fileName(mode, ".properties")))) {
            counts.store(file, "collector counts, " + mode);
        }
        System.out.printf("  %-9s %,d records, p99.9 %.1f us, max %.1f us (corrected); %d collects%n", mode,
            corrected.getTotalCount(), corrected.getValueAtPercentile(99.9) / NANOS_PER_MICRO,
            corrected.getMaxValue() / NANOS_PER_MICRO, collects.getTotalCount());
    }

    /**
     * @param mode   the exemplar mode
     * @param suffix file suffix
     * @return e.g. {@code latency-ours.hgrm}
     */
    static String fileName(final ExemplarMode mode, final String suffix) {
        return "latency-" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-') + suffix;
    }

    /** The classic HdrHistogram percentile table, in microseconds. */
    private static void percentiles(final Histogram histogram, final Path file) throws IOException {
        try (PrintStream stream = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            histogram.outputPercentileDistribution(stream, NANOS_PER_MICRO);
        }
    }
}
