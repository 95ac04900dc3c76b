package io.exemplars.benchmarks;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * One mode's figures of the {@link ServiceBenchmark}, read back from its {@link LoadGenerator}'s
 * files.
 *
 * @param corrected   latency from each request's intended send time, nanoseconds
 * @param uncorrected latency from each request's actual send time, nanoseconds
 * @param requests    measured requests answered 200
 * @param errors      measured requests that failed
 * @param windowNanos the measured window, first intended send time to the last answer
 * @param cpuNanos    the service process's CPU time over the window (every thread)
 * @param heapBytes   the service's heap in use after a full GC, after the run
 * @param directBytes the service's direct buffer memory after the run
 * @param exemplars   exemplars on the request-duration histogram in the last scrape
 * @param scrapes     scrapes of the agent's Prometheus endpoint during the run
 */
record ServiceResult(Histogram corrected, Histogram uncorrected, long requests, long errors, long windowNanos,
                     long cpuNanos, long heapBytes, long directBytes, int exemplars, int scrapes) {

    /**
     * @param dir  where the load generator wrote
     * @param stem the mode's file stem
     * @return the mode's figures
     * @throws IOException if a file is missing or incomplete
     */
    static ServiceResult read(final Path dir, final String stem) throws IOException {
        Histogram corrected = null;
        Histogram uncorrected = null;
        final HistogramLogReader reader = new HistogramLogReader(dir.resolve(stem + ".hlog").toFile());
        try {
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                final Histogram histogram = (Histogram) next;
                switch (histogram.getTag()) {
                    case LoadGenerator.CORRECTED -> corrected = histogram;
                    case LoadGenerator.UNCORRECTED -> uncorrected = histogram;
                    default -> throw new IOException("unexpected histogram tag " + histogram.getTag());
                }
            }
        } finally {
            reader.close();
        }
        if (corrected == null || uncorrected == null) {
            throw new IOException("incomplete latency log " + stem + ".hlog in " + dir);
        }
        final Properties counts = new Properties();
        try (InputStream file = Files.newInputStream(dir.resolve(stem + ".properties"))) {
            counts.load(file);
        }
        return new ServiceResult(corrected, uncorrected, number(counts, LoadGenerator.REQUESTS_KEY),
            number(counts, LoadGenerator.ERRORS_KEY), number(counts, LoadGenerator.WINDOW_KEY),
            number(counts, LoadGenerator.CPU_KEY), number(counts, LoadGenerator.HEAP_KEY),
            number(counts, LoadGenerator.DIRECT_KEY), (int) number(counts, LoadGenerator.EXEMPLARS_KEY),
            (int) number(counts, LoadGenerator.SCRAPES_KEY));
    }

    private static long number(final Properties counts, final String key) throws IOException {
        final String value = counts.getProperty(key);
        if (value == null) {
            throw new IOException("no " + key + " in the load generator's counts");
        }
        return Long.parseLong(value.trim());
    }

    /** @return answered requests per second over the measured window */
    double throughput() {
        return windowNanos == 0 ? 0 : requests * 1e9 / windowNanos;
    }

    /** @return the service's CPU time per answered request, microseconds */
    double cpuMicrosPerRequest() {
        return requests == 0 ? Double.NaN : cpuNanos / 1e3 / requests;
    }

    /**
     * @param percentile e.g. 99.9
     * @return the latency from the intended send time at that percentile, milliseconds
     */
    double latencyMillis(final double percentile) {
        return corrected.getValueAtPercentile(percentile) / 1e6;
    }
}
