package io.exemplars.benchmarks;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The open-loop load of the {@link ServiceBenchmark}, in a JVM of its own (so its threads and
 * garbage are not the service's): {@link ServiceSettings#connections()} {@link OpenLoopConnection}s
 * send {@code GET /work} on a fixed schedule at {@link ServiceSettings#rate()} requests per second
 * to a {@link ServiceUnderLoad} on 127.0.0.1, while a scraper reads the agent's Prometheus endpoint
 * once a second (so exemplar intervals end as they do under a real Prometheus, and the last scrape
 * tells how many exemplars the histogram carries). At the start and the end of the measured window
 * it reads the service's CPU time, and after the run its heap after GC and its direct memory.
 *
 * <p>Writes {@code <stem>.hlog} (latency from the intended and from the actual send time,
 * nanoseconds) and {@code <stem>.properties} (the counts, {@link #REQUESTS_KEY} and the others),
 * read back by the benchmark. Stops by itself when the schedule ends.
 *
 * <p>Arguments: {@code --port N --metrics-port N --out DIR --stem NAME} and the
 * {@link ServiceSettings} options.
 */
public final class LoadGenerator {
    /** Tag of the latency from the intended send time in the log. */
    static final String CORRECTED = "corrected";
    /** Tag of the latency from the actual send time in the log. */
    static final String UNCORRECTED = "uncorrected";
    /** Measured requests answered 200. */
    static final String REQUESTS_KEY = "requests";
    /** Measured requests that failed. */
    static final String ERRORS_KEY = "errors";
    /** The measured window, nanoseconds, from its first intended send time to the last answer. */
    static final String WINDOW_KEY = "windowNanos";
    /** The service's CPU time over the measured window, nanoseconds. */
    static final String CPU_KEY = "serviceCpuNanos";
    /** The service's heap in use after a full GC, after the run. */
    static final String HEAP_KEY = "heapBytesAfterGc";
    /** The service's direct buffer memory after the run. */
    static final String DIRECT_KEY = "directBytes";
    /** Exemplars on the request-duration histogram's lines in the last scrape. */
    static final String EXEMPLARS_KEY = "exemplarsInLastScrape";
    /** Scrapes made. */
    static final String SCRAPES_KEY = "scrapes";

    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long SCRAPE_PERIOD_MILLIS = 1_000;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final String DURATION_METRIC = "http_server_request_duration_seconds_bucket";
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private final int port;
    private final int metricsPort;

    private LoadGenerator(final int port, final int metricsPort) {
        this.port = port;
        this.metricsPort = metricsPort;
    }

    /**
     * @param args see the class documentation
     * @throws Exception if the service cannot be reached or the files cannot be written
     */
    public static void main(final String[] args) throws Exception {
        ServiceSettings settings = ServiceSettings.QUICK;
        int port = -1;
        int metricsPort = -1;
        Path out = null;
        String stem = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--metrics-port" -> metricsPort = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--stem" -> stem = args[i + 1];
                default -> {
                    settings = settings.with(args[i], Integer.parseInt(args[i + 1]));
                    if (settings == null) {
                        throw new IllegalArgumentException("unknown argument " + args[i]);
                    }
                }
            }
        }
        if (port < 0 || metricsPort < 0 || out == null || stem == null) {
            throw new IllegalArgumentException("--port, --metrics-port, --out and --stem are required");
        }
        new LoadGenerator(port, metricsPort).run(settings, out, stem);
    }

    private void run(final ServiceSettings settings, final Path out, final String stem) throws Exception {
        final long start = System.nanoTime() + START_DELAY_NANOS;
        final long measureFrom = start + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
        final long end = measureFrom + TimeUnit.SECONDS.toNanos(settings.measureSeconds());
        final List<OpenLoopConnection> senders = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < settings.connections(); c++) {
            final OpenLoopConnection sender = new OpenLoopConnection(
                new KeepAliveConnection(port, ServiceUnderLoad.WORK_ROUTE), start, settings.periodNanos(), c,
                settings.connections(), measureFrom, end);
            senders.add(sender);
            threads.add(new Thread(sender, "connection-" + c));
        }
        final Scraper scraper = new Scraper(end);
        final Thread scraperThread = new Thread(scraper, "scraper");
        threads.forEach(Thread::start);
        scraperThread.start();

        sleepUntil(measureFrom);
        final long cpuAtStart = Long.parseLong(stats(false).getProperty(ServiceUnderLoad.CPU_KEY));
        for (final Thread thread : threads) {
            thread.join();
        }
        final long lastAnswer = System.nanoTime();
        final long cpuAtEnd = Long.parseLong(stats(false).getProperty(ServiceUnderLoad.CPU_KEY));
        scraperThread.join();
        final Properties memory = stats(true);

        final Histogram corrected = new Histogram(OpenLoopConnection.HIGHEST_TRACKABLE_NANOS, 3);
        final Histogram uncorrected = new Histogram(OpenLoopConnection.HIGHEST_TRACKABLE_NANOS, 3);
        long requests = 0;
        long errors = 0;
        for (final OpenLoopConnection sender : senders) {
            corrected.add(sender.corrected());
            uncorrected.add(sender.uncorrected());
            requests += sender.measured();
            errors += sender.errors();
        }
        corrected.setTag(CORRECTED);
        uncorrected.setTag(UNCORRECTED);
        Files.createDirectories(out);
        try (OutputStream log = Files.newOutputStream(out.resolve(stem + ".hlog"))) {
            final HistogramLogWriter writer = new HistogramLogWriter(log);
            writer.outputLogFormatVersion();
            writer.outputComment(stem + ": " + settings.describe() + "; values in nanoseconds");
            writer.outputLegend();
            writer.outputIntervalHistogram(corrected);
            writer.outputIntervalHistogram(uncorrected);
            writer.close();
        }
        final Properties counts = new Properties();
        counts.setProperty(REQUESTS_KEY, Long.toString(requests));
        counts.setProperty(ERRORS_KEY, Long.toString(errors));
        counts.setProperty(WINDOW_KEY, Long.toString(lastAnswer - measureFrom));
        counts.setProperty(CPU_KEY, Long.toString(cpuAtEnd - cpuAtStart));
        counts.setProperty(HEAP_KEY, memory.getProperty(ServiceUnderLoad.HEAP_KEY));
        counts.setProperty(DIRECT_KEY, memory.getProperty(ServiceUnderLoad.DIRECT_KEY));
        counts.setProperty(EXEMPLARS_KEY, Integer.toString(scraper.lastExemplars));
        counts.setProperty(SCRAPES_KEY, Integer.toString(scraper.scrapes));
        try (OutputStream file = Files.newOutputStream(out.resolve(stem + ".properties"))) {
            counts.store(file, "load generator counts, " + stem);
        }
    }

    private Properties stats(final boolean gc) throws IOException, InterruptedException {
        final String body = get(port, ServiceUnderLoad.STATS_ROUTE + (gc ? "?gc=true" : ""), "text/plain");
        final Properties properties = new Properties();
        properties.load(new StringReader(body));
        return properties;
    }

    private String get(final int toPort, final String path, final String accept)
        throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + toPort + path)).timeout(HTTP_TIMEOUT).header("Accept", accept).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " on port " + toPort + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static void sleepUntil(final long deadline) throws InterruptedException {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** Scrapes the agent's Prometheus endpoint once a second until the schedule ends. */
    private final class Scraper implements Runnable {
        private final long end;
        private volatile int lastExemplars;
        private volatile int scrapes;

        Scraper(final long end) {
            this.end = end;
        }

        @Override
        public void run() {
            try {
                while (System.nanoTime() < end) {
                    final String text = get(metricsPort, "/metrics", OPENMETRICS);
                    int exemplars = 0;
                    for (final String line : text.split("\n")) {
                        if (line.startsWith(DURATION_METRIC) && line.contains(" # {")) {
                            exemplars++;
                        }
                    }
                    lastExemplars = exemplars;
                    scrapes++;
                    Thread.sleep(SCRAPE_PERIOD_MILLIS);
                }
            } catch (final IOException failed) {
                throw new IllegalStateException("cannot scrape the agent's Prometheus endpoint", failed);
            } catch (final InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
