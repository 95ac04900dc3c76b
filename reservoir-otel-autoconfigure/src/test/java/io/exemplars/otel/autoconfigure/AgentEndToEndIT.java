package io.exemplars.otel.autoconfigure;

import com.fasterxml.jackson.databind.JsonNode;
import io.exemplars.testsupport.Json;
import io.exemplars.testsupport.LoopbackPorts;
import io.exemplars.testsupport.PrometheusProcess;
import io.exemplars.testsupport.StoredExemplar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Our reservoirs in the real OpenTelemetry Java agent, end to end: {@link AgentTestService} (the
 * JDK's {@code HttpServer}, which the agent instruments by default) runs in a child JVM started
 * with only {@code -javaagent} and {@code -D} settings; the agent loads the extension jar, serves
 * its metrics with its own Prometheus exporter, and logs every span it exports (logging span
 * exporter); a real Prometheus (Debian's) scrapes it every second with exemplar storage on.
 *
 * <h2>Traffic</h2>
 * One client, one request at a time, for {@value #TRAFFIC_SECONDS} s: request {@code q} (1, 2, ...)
 * sends a sampled {@code traceparent} whose trace id is this run's random prefix followed by
 * {@code q}, so every exemplar tells which request it is; the service waits 11 ms + q µs, so the
 * waits grow strictly and nearly every duration lands in the advice's bucket (0.01, 0.025]. The
 * service's single dispatcher thread records the durations in request order, so the histogram's
 * count at a scrape, C, says that requests 1..C were recorded before that collection.
 *
 * <h2>What is asserted</h2>
 * Exemplars arrive in Prometheus; each names a trace id of this run and a span the agent
 * exported; each value lies in its bucket; the buckets are the HTTP semantic conventions' advice
 * (0.005 ... 10 s); the series carry only the advice's attributes (no client port or user agent:
 * the attribute advice is kept). And the exemplars are uniform picks, not the built-in last-seen
 * ones: an exemplar from the scrape at count C is "newest" when its request is q = C. The built-in
 * histogram reservoir keeps the last measurement of each bucket, so in the busy bucket its exemplar
 * is nearly always the newest. A uniform pick among the n measurements the bucket got since the
 * previous scrape is the newest with probability at most 1/n (exactly 1/n when request C fell in
 * the bucket, else 0), independently per interval. Over the exemplars whose interval is known
 * (previous scrape stored, at most 1.5 s earlier) and had n &gt;= {@value #MIN_BUCKET_COUNT}, the
 * test computes the exact Poisson-binomial probability, with p = 1/n each, of seeing at least as
 * many newest exemplars as it saw, and fails when it is below {@value #ALPHA}: for our reservoir
 * (whose true probabilities are at most these) a false failure has probability at most
 * {@value #ALPHA}. The companion test runs the agent without the extension and requires that the
 * same check fails.
 *
 * <p>Everything binds 127.0.0.1 and is bounded in time; both child processes are stopped in all
 * cases.
 */
class AgentEndToEndIT {
    /** The HTTP semantic conventions' bucket advice for http.server.request.duration, in seconds. */
    static final List<Double> HTTP_DURATION_ADVICE = List.of(
        0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    private static final double ALPHA = 1e-6;
    private static final int MIN_BUCKET_COUNT = 10;
    private static final int MIN_JUDGED_EXEMPLARS = 8;
    private static final long TRAFFIC_SECONDS = 15;
    private static final int MAX_REQUESTS = 5_000;
    private static final long BASE_WAIT_MICROS = 11_000;
    private static final double SCRAPE_SECONDS = 1.0;
    private static final double MAX_SCRAPE_GAP_SECONDS = 1.5 * SCRAPE_SECONDS;
    private static final Duration SERVICE_READY = Duration.ofSeconds(45);
    private static final Duration PROMETHEUS_READY = Duration.ofSeconds(20);
    private static final Duration LAST_SCRAPE = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SERVICE_LIFETIME = Duration.ofSeconds(150);
    private static final String METRIC = "http_server_request_duration_seconds";
    private static final String ROUTE_SELECTOR = "{http_route=\"" + AgentTestService.ROUTE + "\"}";
    /** Span attributes that the instrumentation's attribute advice keeps out of the histogram. */
    private static final List<String> ADVISED_AWAY = List.of(
        "network_peer_port", "network_peer_address", "client_address", "user_agent_original", "url_path",
        "thread_id", "thread_name");
    private static final Pattern EXPORTED_SPAN = Pattern.compile(
        "LoggingSpanExporter - '[^']*' : ([0-9a-f]{32}) ([0-9a-f]{16}) SERVER");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    @Test
    @Timeout(value = 80, unit = TimeUnit.SECONDS)
    void withTheExtensionEveryExemplarIsAnExportedSpanAndAUniformPick(@TempDir Path workDir) throws Exception {
        final Observation seen = run(workDir, true);
        final List<String> problems = new ArrayList<>();
        seen.checkExemplarsAreExportedSpansInTheirBuckets(problems);
        seen.checkSeriesFollowTheAdvice(problems);
        assertEquals(List.of(), problems, "problems with the exemplars in Prometheus");
        final Verdict verdict = seen.newestPickVerdict();
        seen.report("with extension", verdict);
        assertTrue(verdict.tailProbability() >= ALPHA, "the exemplars look like the built-in last-seen reservoir: "
            + verdict);
    }

    @Test
    @Timeout(value = 80, unit = TimeUnit.SECONDS)
    void withoutTheExtensionTheBuiltInReservoirFailsTheSameCheck(@TempDir Path workDir) throws Exception {
        final Observation seen = run(workDir, false);
        final List<String> problems = new ArrayList<>();
        seen.checkExemplarsAreExportedSpansInTheirBuckets(problems);
        assertEquals(List.of(), problems, "problems with the built-in exemplars in Prometheus");
        final Verdict verdict = seen.newestPickVerdict();
        seen.report("without extension", verdict);
        assertTrue(verdict.tailProbability() < ALPHA, "the check does not tell the built-in reservoir from ours: "
            + verdict);
    }

    /** Starts the agent's JVM and Prometheus, sends the traffic, and collects what they saw. */
    private Observation run(final Path workDir, final boolean withExtension) throws Exception {
        final Path prometheusBinary = PrometheusProcess.findBinary();
        final int servicePort = LoopbackPorts.free();
        final int metricsPort = LoopbackPorts.free();
        final Map<String, String> settings = new LinkedHashMap<>();
        if (withExtension) {
            settings.put("otel.javaagent.extensions", System.getProperty("extension.jar"));
            settings.put("otel.exemplars.reservoir", "aligned_uniform");
        }
        settings.put("otel.service.name", "agent-e2e");
        settings.put("otel.metrics.exporter", "prometheus");
        settings.put("otel.exporter.prometheus.host", LoopbackPorts.LOOPBACK);
        settings.put("otel.exporter.prometheus.port", Integer.toString(metricsPort));
        settings.put("otel.traces.exporter", "logging");
        settings.put("otel.logs.exporter", "none");
        // The service's own setting, not the agent's: without TCP_NODELAY the JDK HttpServer's
        // separate header and body writes meet the client's delayed ACK, ~40 ms per request.
        settings.put("sun.net.httpserver.nodelay", "true");
        final String tracePrefix = randomHex(16);
        final double startSeconds = nowSeconds() - 1;
        try (AgentProcess agent = AgentProcess.start(Path.of(System.getProperty("javaagent.jar")), settings,
                 servicePort, SERVICE_LIFETIME, workDir.resolve("agent.log"));
             PrometheusProcess prometheus = PrometheusProcess.start(prometheusBinary,
                 LoopbackPorts.LOOPBACK + ":" + metricsPort, workDir)) {
            agent.awaitReady(SERVICE_READY);
            prometheus.awaitReady(PROMETHEUS_READY);
            final int requests = sendTraffic(servicePort, tracePrefix);
            awaitScrapeOfAll(prometheus, requests, agent);
            final double end = nowSeconds() + 1;
            final Observation seen = new Observation(tracePrefix, requests,
                StoredExemplar.from(prometheus.queryExemplars(METRIC + "_bucket" + ROUTE_SELECTOR, startSeconds, end)),
                prometheus.query(METRIC + "_bucket" + ROUTE_SELECTOR + "[10m]", end),
                prometheus.query(METRIC + "_count" + ROUTE_SELECTOR + "[10m]", end),
                exportedSpans(agent.logLines()));
            if (seen.exemplars.isEmpty()) {
                fail("no exemplar reached Prometheus; targets: " + prometheus.targets() + "\nagent log:\n"
                    + agent.logTail());
            }
            return seen;
        } finally {
            assertNoChildLeft();
        }
    }

    /** @return how many requests were sent, all answered 200 */
    private int sendTraffic(final int port, final String tracePrefix) throws IOException, InterruptedException {
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TRAFFIC_SECONDS);
        int q = 0;
        while (System.nanoTime() < end && q < MAX_REQUESTS) {
            q++;
            final URI uri = URI.create("http://" + LoopbackPorts.LOOPBACK + ":" + port + AgentTestService.ROUTE
                + "?" + AgentTestService.SLEEP_PARAMETER + "=" + (BASE_WAIT_MICROS + q));
            final HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("traceparent", "00-" + traceId(tracePrefix, q) + "-" + randomHex(16) + "-01")
                .GET()
                .build();
            final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                fail("request " + q + " answered " + response.statusCode() + ": " + response.body());
            }
        }
        return q;
    }

    /** Waits for a scrape that saw every request, so no request's interval is left unscraped. */
    private static void awaitScrapeOfAll(final PrometheusProcess prometheus, final int requests,
                                         final AgentProcess agent) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + LAST_SCRAPE.toNanos();
        while (true) {
            final JsonNode result = prometheus.query(METRIC + "_count" + ROUTE_SELECTOR, nowSeconds());
            if (!result.isEmpty()) {
                final JsonNode sample = result.get(0).path("value");
                if (Double.parseDouble(sample.path(1).asText()) >= requests) {
                    return;
                }
            }
            if (System.nanoTime() > deadline || !agent.isAlive()) {
                fail("no scrape counted all " + requests + " requests within " + LAST_SCRAPE + ": " + result
                    + "\ntargets: " + prometheus.targets() + "\nagent log:\n" + agent.logTail());
            }
            Thread.sleep(200);
        }
    }

    private static Set<String> exportedSpans(final List<String> agentLog) {
        final Set<String> spans = new HashSet<>();
        for (String line : agentLog) {
            final Matcher m = EXPORTED_SPAN.matcher(line);
            if (m.find()) {
                spans.add(m.group(1) + "/" + m.group(2));
            }
        }
        return spans;
    }

    static String traceId(final String prefix, final long q) {
        return prefix + String.format(Locale.ROOT, "%016x", q);
    }

    private static String randomHex(final int digits) {
        final SecureRandom random = new SecureRandom();
        final StringBuilder hex = new StringBuilder();
        while (hex.length() < digits) {
            hex.append(Long.toHexString(random.nextLong() | Long.MIN_VALUE));
        }
        return hex.substring(0, digits);
    }

    private static double nowSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static void assertNoChildLeft() {
        final boolean anyChild = ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive);
        assertFalse(anyChild, "a child process (agent JVM or prometheus) outlived the test");
    }

    /**
     * The outcome of the newest-pick check.
     *
     * @param judged           exemplars whose interval and bucket count n are known, n &gt;= the minimum
     * @param newest           how many of them are their interval's newest request
     * @param expectedNewest   the sum of 1/n: what a uniform reservoir would show on average (at most)
     * @param tailProbability  P(at least {@code newest}) for independent picks with p = 1/n each
     * @param skipped          exemplars not judged, and why (counts by reason)
     */
    record Verdict(int judged, int newest, double expectedNewest, double tailProbability, Map<String, Integer> skipped) {
    }

    /** What Prometheus and the agent's log hold after one run. */
    private static final class Observation {
        private final String tracePrefix;
        private final int requests;
        private final List<StoredExemplar> exemplars;
        /** le -> (scrape time -> cumulative bucket count) */
        private final Map<Double, TreeMap<Double, Double>> buckets = new TreeMap<>();
        private final List<Map<String, String>> bucketSeriesLabels = new ArrayList<>();
        /** scrape time -> count */
        private final TreeMap<Double, Double> counts = new TreeMap<>();
        private final Set<String> exported;

        Observation(final String tracePrefix, final int requests, final List<StoredExemplar> exemplars,
                    final JsonNode bucketSeries, final JsonNode countSeries, final Set<String> exported) {
            this.tracePrefix = tracePrefix;
            this.requests = requests;
            this.exemplars = exemplars;
            this.exported = exported;
            for (JsonNode series : bucketSeries) {
                final Map<String, String> labels = Json.strings(series.get("metric"));
                bucketSeriesLabels.add(labels);
                buckets.put(parseLe(labels.get("le")), samples(series));
            }
            assertEquals(1, countSeries.size(), "one series for the route expected: " + countSeries);
            counts.putAll(samples(countSeries.get(0)));
        }

        void checkExemplarsAreExportedSpansInTheirBuckets(final List<String> problems) {
            for (StoredExemplar e : exemplars) {
                if (!e.traceId().startsWith(tracePrefix)) {
                    problems.add(e + ": trace id not from this run (prefix " + tracePrefix + ")");
                    continue;
                }
                if (!exported.contains(e.traceId() + "/" + e.spanId())) {
                    problems.add(e + ": the agent exported no server span " + e.spanId() + " in trace " + e.traceId());
                }
                final double le = e.bucketUpperBound();
                final double lower = lowerBound(le);
                if (!(e.value() > lower && e.value() <= le)) {
                    problems.add(e + ": value outside its bucket (" + lower + ", " + le + "]");
                }
            }
        }

        void checkSeriesFollowTheAdvice(final List<String> problems) {
            final Set<Double> expected = new TreeSet<>(HTTP_DURATION_ADVICE);
            expected.add(Double.POSITIVE_INFINITY);
            if (!expected.equals(buckets.keySet())) {
                problems.add("bucket boundaries " + buckets.keySet() + " are not the advice's " + expected);
            }
            for (Map<String, String> labels : bucketSeriesLabels) {
                for (String key : ADVISED_AWAY) {
                    if (labels.containsKey(key)) {
                        problems.add("series " + labels + " has label " + key + ": the attribute advice was lost");
                    }
                }
            }
        }

        Verdict newestPickVerdict() {
            final List<Double> probabilities = new ArrayList<>();
            int newest = 0;
            final Map<String, Integer> skipped = new TreeMap<>();
            final List<Double> times = new ArrayList<>(counts.keySet());
            for (StoredExemplar e : exemplars) {
                if (!e.traceId().startsWith(tracePrefix)) {
                    skipped.merge("not this run", 1, Integer::sum);
                    continue;
                }
                final long q = Long.parseUnsignedLong(e.traceId().substring(tracePrefix.length()), 16);
                int j = 0;
                while (j < times.size() && counts.get(times.get(j)) < q) {
                    j++;
                }
                if (j == times.size()) {
                    skipped.merge("no scrape counted it", 1, Integer::sum);
                    continue;
                }
                if (j == 0 || times.get(j) - times.get(j - 1) > MAX_SCRAPE_GAP_SECONDS) {
                    skipped.merge("previous scrape unknown", 1, Integer::sum);
                    continue;
                }
                final double n = inBucket(e.bucketUpperBound(), times.get(j)) - inBucket(e.bucketUpperBound(), times.get(j - 1));
                if (n < MIN_BUCKET_COUNT) {
                    skipped.merge("bucket count < " + MIN_BUCKET_COUNT, 1, Integer::sum);
                    continue;
                }
                probabilities.add(1.0 / n);
                if (q == counts.get(times.get(j)).longValue()) {
                    newest++;
                }
            }
            if (probabilities.size() < MIN_JUDGED_EXEMPLARS) {
                fail("only " + probabilities.size() + " exemplars could be judged (need " + MIN_JUDGED_EXEMPLARS
                    + "); skipped: " + skipped + "; exemplars: " + exemplars + "; counts: " + counts);
            }
            final double[] p = probabilities.stream().mapToDouble(Double::doubleValue).toArray();
            return new Verdict(p.length, newest, probabilities.stream().mapToDouble(Double::doubleValue).sum(),
                PoissonBinomialTail.atLeast(p, newest), skipped);
        }

        /** @return the cumulative count of the bucket (lower, le] at a scrape */
        private double inBucket(final double le, final double time) {
            final double lower = previousBoundary(le);
            final double below = Double.isNaN(lower) ? 0 : buckets.get(lower).getOrDefault(time, Double.NaN);
            return buckets.get(le).getOrDefault(time, Double.NaN) - below;
        }

        /** @return the bucket's lower bound: the previous boundary, or 0 (durations are positive) */
        private double lowerBound(final double le) {
            final double lower = previousBoundary(le);
            return Double.isNaN(lower) ? 0.0 : lower;
        }

        /** @return the boundary below {@code le}, NaN for the first bucket */
        private double previousBoundary(final double le) {
            double lower = Double.NaN;
            for (double boundary : buckets.keySet()) {
                if (boundary < le) {
                    lower = boundary;
                }
            }
            return lower;
        }

        void report(final String run, final Verdict verdict) {
            final Map<Double, Integer> perBucket = new TreeMap<>();
            exemplars.forEach(e -> perBucket.merge(e.bucketUpperBound(), 1, Integer::sum));
            System.out.printf(Locale.ROOT, "AgentEndToEndIT %s: %d requests, %d scrapes, %d exemplars (per le %s),"
                    + " %d exported spans; %d judged, %d newest (a uniform reservoir expects %.2f),"
                    + " P(>= %d newest | uniform) = %.3g; skipped %s%n",
                run, requests, counts.size(), exemplars.size(), perBucket, exported.size(), verdict.judged(),
                verdict.newest(), verdict.expectedNewest(), verdict.newest(), verdict.tailProbability(),
                verdict.skipped());
        }

        private static TreeMap<Double, Double> samples(final JsonNode series) {
            final TreeMap<Double, Double> byTime = new TreeMap<>();
            for (JsonNode timeAndValue : series.path("values")) {
                byTime.put(timeAndValue.path(0).doubleValue(), Double.parseDouble(timeAndValue.path(1).asText()));
            }
            return byTime;
        }
    }

    private static double parseLe(final String le) {
        return "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }
}
