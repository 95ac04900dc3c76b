package io.exemplars.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * What one latency run does: how fast each of the two recording threads records, to how many
 * series, for how long, and how often the collector collects. Parsed from, and written back to,
 * command-line arguments, so the harness hands exactly its settings to each child JVM.
 *
 * @param ratePerThread  records per second per recording thread, at fixed intended start times
 * @param series         distinct attribute sets (time series) the records cycle through
 * @param warmupSeconds  seconds recorded before measuring, to compile the record path
 * @param measureSeconds seconds measured
 * @param collectMillis  collection period of the concurrent collector
 */
record LatencySettings(int ratePerThread, int series, int warmupSeconds, int measureSeconds, int collectMillis) {
    /** Recording threads, as the requirement asks. */
    static final int RECORDING_THREADS = 2;
    /** The defaults: 5,000 records/s per thread, 100 series, 5 s warmup, 20 s measured, collect every 100 ms. */
    static final LatencySettings DEFAULTS = new LatencySettings(5_000, 100, 5, 20, 100);
    /** A smoke run: proves the harness works end to end; its figures mean nothing. */
    static final LatencySettings SMOKE = new LatencySettings(5_000, 100, 1, 2, 100);

    LatencySettings {
        positive("--rate", ratePerThread);
        positive("--series", series);
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("--warmup must be >= 0 seconds, was " + warmupSeconds);
        }
        positive("--duration", measureSeconds);
        positive("--collect-ms", collectMillis);
    }

    private static void positive(final String option, final int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
    }

    /**
     * @return nanoseconds between two intended record start times of one thread
     */
    long intervalNanos() {
        return 1_000_000_000L / ratePerThread;
    }

    /**
     * @param option an option this record holds, e.g. {@code --rate}
     * @param value  its value
     * @return a copy with that option changed, or {@code null} when {@code option} is not one of them
     */
    LatencySettings with(final String option, final int value) {
        return switch (option) {
            case "--rate" -> new LatencySettings(value, series, warmupSeconds, measureSeconds, collectMillis);
            case "--series" -> new LatencySettings(ratePerThread, value, warmupSeconds, measureSeconds, collectMillis);
            case "--warmup" -> new LatencySettings(ratePerThread, series, value, measureSeconds, collectMillis);
            case "--duration" -> new LatencySettings(ratePerThread, series, warmupSeconds, value, collectMillis);
            case "--collect-ms" -> new LatencySettings(ratePerThread, series, warmupSeconds, measureSeconds, value);
            default -> null;
        };
    }

    /**
     * @return these settings as command-line options {@link #with} understands
     */
    List<String> toArgs() {
        return List.of("--rate", Integer.toString(ratePerThread), "--series", Integer.toString(series),
            "--warmup", Integer.toString(warmupSeconds), "--duration", Integer.toString(measureSeconds),
            "--collect-ms", Integer.toString(collectMillis));
    }

    /**
     * @return the settings in words
     */
    String describe() {
        return String.format(Locale.ROOT, "%d recording threads x %,d records/s at fixed intended start times, "
                + "%d series, a collector every %d ms, %d s warmup + %d s measured per mode, each mode in its own JVM",
            RECORDING_THREADS, ratePerThread, series, collectMillis, warmupSeconds, measureSeconds);
    }
}
