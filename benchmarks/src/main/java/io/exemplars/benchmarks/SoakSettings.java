package io.exemplars.benchmarks;

import java.util.Locale;

/**
 * What one {@link ArenaSoak} run does, parsed from its command line.
 *
 * @param minutes         how long the soak runs, minutes (fractions allowed: 0.2 is 12 s)
 * @param maxDirectMib    the bound on the JVM's reserved direct memory, MiB: above it the soak fails
 * @param providerSeconds a new meter provider replaces the current one every this many seconds
 * @param seriesMin       fewest series (attribute sets) a provider's histogram records to
 * @param seriesMax       most series a provider's histogram records to
 * @param collectMillis   the collector collects the current provider every this many milliseconds
 * @param reportSeconds   a progress line every this many seconds
 * @param abandonEvery    every this many-th retired provider is closed without a last collection
 *                        and kept reachable (its leases can only expire); 0 for never
 */
record SoakSettings(double minutes, int maxDirectMib, int providerSeconds, int seriesMin, int seriesMax,
                    int collectMillis, int reportSeconds, int abandonEvery) {
    /** How the command is used, for error messages. */
    static final String USAGE = "[--minutes M (default 5, fractions allowed)] [--max-direct-mib N (default 16)] "
        + "[--provider-seconds S (default 5)] [--series-min N (default 300)] [--series-max N (default 2000)] "
        + "[--collect-ms MS (default 250)] [--report-seconds S (default 5)] [--abandon-every N (default 2, 0 = never)]";
    /** The longest soak the command accepts: a day. */
    static final double MAX_MINUTES = 24 * 60;

    private static final SoakSettings DEFAULTS = new SoakSettings(5, 16, 5, 300, 2_000, 250, 5, 2);

    SoakSettings {
        if (!(minutes > 0 && minutes <= MAX_MINUTES)) {
            throw new IllegalArgumentException("--minutes must be in (0, " + MAX_MINUTES + "], was " + minutes);
        }
        positive("--max-direct-mib", maxDirectMib);
        positive("--provider-seconds", providerSeconds);
        positive("--series-min", seriesMin);
        if (seriesMax < seriesMin) {
            throw new IllegalArgumentException("--series-max must be >= --series-min (" + seriesMin + "), was "
                + seriesMax);
        }
        positive("--collect-ms", collectMillis);
        positive("--report-seconds", reportSeconds);
        if (abandonEvery < 0) {
            throw new IllegalArgumentException("--abandon-every must be 0 (never) or positive, was " + abandonEvery);
        }
    }

    private static void positive(final String option, final int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
    }

    /**
     * @param args the command line, options as in {@link #USAGE}
     * @return the settings, defaults for what the command line leaves out
     * @throws IllegalArgumentException naming an unknown option, a missing value or a bad value
     */
    static SoakSettings parse(final String[] args) {
        SoakSettings settings = DEFAULTS;
        for (int i = 0; i < args.length; i += 2) {
            final String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value; usage: " + USAGE);
            }
            final String value = args[i + 1];
            try {
                settings = settings.with(option, value);
            } catch (final NumberFormatException notANumber) {
                throw new IllegalArgumentException(option + " needs a number, was '" + value + "'", notANumber);
            }
        }
        return settings;
    }

    private SoakSettings with(final String option, final String value) {
        return switch (option) {
            case "--minutes" -> new SoakSettings(Double.parseDouble(value), maxDirectMib, providerSeconds, seriesMin,
                seriesMax, collectMillis, reportSeconds, abandonEvery);
            case "--max-direct-mib" -> new SoakSettings(minutes, Integer.parseInt(value), providerSeconds, seriesMin,
                seriesMax, collectMillis, reportSeconds, abandonEvery);
            case "--provider-seconds" -> new SoakSettings(minutes, maxDirectMib, Integer.parseInt(value), seriesMin,
                seriesMax, collectMillis, reportSeconds, abandonEvery);
            case "--series-min" -> new SoakSettings(minutes, maxDirectMib, providerSeconds, Integer.parseInt(value),
                seriesMax, collectMillis, reportSeconds, abandonEvery);
            case "--series-max" -> new SoakSettings(minutes, maxDirectMib, providerSeconds, seriesMin,
                Integer.parseInt(value), collectMillis, reportSeconds, abandonEvery);
            case "--collect-ms" -> new SoakSettings(minutes, maxDirectMib, providerSeconds, seriesMin, seriesMax,
                Integer.parseInt(value), reportSeconds, abandonEvery);
            case "--report-seconds" -> new SoakSettings(minutes, maxDirectMib, providerSeconds, seriesMin, seriesMax,
                collectMillis, Integer.parseInt(value), abandonEvery);
            case "--abandon-every" -> new SoakSettings(minutes, maxDirectMib, providerSeconds, seriesMin, seriesMax,
                collectMillis, reportSeconds, Integer.parseInt(value));
            default -> throw new IllegalArgumentException("unknown argument '" + option + "'; usage: " + USAGE);
        };
    }

    /**
     * @return the run's length, nanoseconds
     */
    long durationNanos() {
        return (long) (minutes * 60e9);
    }

    /**
     * @return the bound on reserved direct memory, bytes
     */
    long maxDirectBytes() {
        return maxDirectMib * 1024L * 1024L;
    }

    /**
     * @return the settings in words
     */
    String describe() {
        return String.format(Locale.ROOT, "%.2f min; a new meter provider every %d s with %d to %d series on one "
                + "histogram (ReservoirAggregation, aligned uniform); %d recorder threads in a sampled span; "
                + "a collector every %d ms; %s; bound on reserved direct memory %d MiB",
            minutes, providerSeconds, seriesMin, seriesMax, SoakRecorder.THREADS, collectMillis,
            abandonEvery == 0 ? "every retired provider collected a last time"
                : "every " + abandonEvery + (abandonEvery == 2 ? "nd" : "th") + " retired provider closed without a "
                    + "last collection and kept reachable", maxDirectMib);
    }
}
