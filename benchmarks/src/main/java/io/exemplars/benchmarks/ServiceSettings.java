package io.exemplars.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * What one {@link ServiceBenchmark} run does per mode: the fixed request rate of the open-loop
 * load, over how many keep-alive connections, the service's worker threads, and how long it warms
 * up and measures. Parsed from, and written back to, command-line options, so the benchmark hands
 * exactly its settings to each load generator.
 *
 * @param rate           requests per second, all connections together, at fixed intended send times
 * @param connections    keep-alive connections, each sending its share of the schedule in turn
 * @param workers        the service's request-handling threads
 * @param warmupSeconds  seconds of load before measuring (the agent's and the JIT's warm-up)
 * @param measureSeconds seconds measured
 */
record ServiceSettings(int rate, int connections, int workers, int warmupSeconds, int measureSeconds) {
    /** Proves the benchmark works end to end (4 modes in well under a minute); figures mean nothing. */
    static final ServiceSettings SMOKE = new ServiceSettings(500, 4, 4, 1, 2);
    /** The quick profile's short section: about 25 s per mode. */
    static final ServiceSettings QUICK = new ServiceSettings(1_000, 4, 4, 5, 10);
    /** The full run ({@code bin/benchmark --service}): about 100 s per mode. */
    static final ServiceSettings FULL = new ServiceSettings(2_000, 8, 4, 20, 60);

    ServiceSettings {
        positive("--rate", rate);
        positive("--connections", connections);
        positive("--workers", workers);
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("--warmup must be >= 0 seconds, was " + warmupSeconds);
        }
        positive("--duration", measureSeconds);
    }

    private static void positive(final String option, final int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
    }

    /**
     * @param option an option this record holds, e.g. {@code --rate}
     * @param value  its value
     * @return a copy with that option changed, or {@code null} when {@code option} is not one of them
     */
    ServiceSettings with(final String option, final int value) {
        return switch (option) {
            case "--rate" -> new ServiceSettings(value, connections, workers, warmupSeconds, measureSeconds);
            case "--connections" -> new ServiceSettings(rate, value, workers, warmupSeconds, measureSeconds);
            case "--workers" -> new ServiceSettings(rate, connections, value, warmupSeconds, measureSeconds);
            case "--warmup" -> new ServiceSettings(rate, connections, workers, value, measureSeconds);
            case "--duration" -> new ServiceSettings(rate, connections, workers, warmupSeconds, value);
            default -> null;
        };
    }

    /** @return these settings as options {@link #with} understands */
    List<String> toArgs() {
        return List.of("--rate", Integer.toString(rate), "--connections", Integer.toString(connections),
            "--workers", Integer.toString(workers), "--warmup", Integer.toString(warmupSeconds),
            "--duration", Integer.toString(measureSeconds));
    }

    /** @return nanoseconds between two consecutive intended send times (all connections together) */
    double periodNanos() {
        return 1e9 / rate;
    }

    /** @return the settings in words */
    String describe() {
        return String.format(Locale.ROOT, "%,d requests/s at fixed intended send times over %d keep-alive "
                + "connections, %d service worker threads, %d s warmup + %d s measured per mode",
            rate, connections, workers, warmupSeconds, measureSeconds);
    }
}
