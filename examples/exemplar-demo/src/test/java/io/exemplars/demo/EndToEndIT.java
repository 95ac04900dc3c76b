package io.exemplars.demo;

import io.exemplars.testsupport.JsonReader;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The seed scenario against a real Prometheus: the demo runs in this JVM on free loopback ports,
 * generating its own traffic; Prometheus (Debian's package, a child process of this test) scrapes
 * it every second with exemplar storage on; the test then follows every exemplar Prometheus
 * stored, through {@code /api/v1/query_exemplars}, to the trace the demo recorded, and checks
 * that the trace explains the exemplar:
 * <ul>
 *   <li>the duration histogram has exemplars, each in a bucket of the configured boundaries;</li>
 *   <li>each exemplar names a trace the demo recorded, and its span id is that trace's server
 *       span for the same route;</li>
 *   <li>each exemplar's value lies inside its bucket: previous boundary &lt; value &lt;= le;</li>
 *   <li>the exemplars of the slow buckets (lower boundary &gt;= 0.5 s) lead to traces whose
 *       server span has a child slowed down on purpose ("database query" or "external
 *       payment", at least 0.5 s long);</li>
 *   <li>the error counter's exemplars (errors only) lead to traces whose server span has status
 *       ERROR, answered 500, and whose "charge card" child failed;</li>
 *   <li>every exemplar's server span carries the mark {@code exemplar = true} (markSpans), which
 *       also shows that the demo records its metrics before the server span ends.</li>
 *   <li>the second View on the latency instrument ({@code alignedSlowest()} with retention,
 *       {@code http_server_request_duration_slowest_seconds}): a second scraper (this test, GET
 *       {@code /metrics} between Prometheus' scrapes, twice in a row) does not take its exemplars
 *       away: every bucket line of every series that carried an exemplar in the first scrape
 *       carries one in the second; Prometheus' exemplar API holds an exemplar for every one of
 *       those bucket lines too (both scrapers see every bucket's exemplar); and each exemplar is its
 *       bucket's slowest request of its window, by every request the demo's trace store holds
 *       ({@link SlowestRequestsCheck}).</li>
 * </ul>
 * The whole test is bounded (JUnit timeout below, Prometheus readiness 20 s, exemplars 60 s),
 * binds only 127.0.0.1, and stops only the Prometheus process it started.
 */
class EndToEndIT {

    private static final String HISTOGRAM_BUCKETS = "http_server_request_duration_seconds_bucket";
    private static final String ERROR_COUNTER = "http_server_errors_total";
    private static final String SLOWEST_BUCKETS = "http_server_request_duration_slowest_seconds_bucket";
    /** Two Prometheus scrapes (one a second) after this test's own. */
    private static final long TWO_SCRAPES_MILLIS = 2_500;
    private static final double SLOW_SECONDS = 0.5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration EXEMPLAR_TIMEOUT = Duration.ofSeconds(60);
    /** The trace's server span ends just after its measurement is recorded; allow it to land. */
    private static final Duration TRACE_COMPLETION_TIMEOUT = Duration.ofSeconds(3);
    private static final long POLL_MILLIS = 1000;
    /** Waits for this many slow-bucket, fast-bucket and error exemplars, so each check runs on several. */
    private static final int MIN_EXEMPLARS_OF_EACH_KIND = 3;
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

    /**
     * Raised rates so every kind of exemplar shows up within seconds; the code path is the one the
     * defaults use (DemoServiceTest runs the defaults).
     */
    private static final String[] DEMO_ARGS = {
        "--port", "0", "--metrics-port", "0", "--generate-traffic", "--traffic-rate", "40",
        "--seed", "20261122", "--users-slow-rate", "0.3", "--orders-slow-rate", "0.3",
        "--checkout-error-rate", "0.25",
    };

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(value = 110, unit = TimeUnit.SECONDS)
    void everyExemplarInPrometheusLeadsToTheTraceThatExplainsIt(@TempDir Path workDir) throws Exception {
        final long began = System.nanoTime();
        final Path binary = PrometheusProcess.findBinary();
        final double startSeconds = System.currentTimeMillis() / 1000.0 - 1.0;
        final DemoOptions options = DemoOptions.parse(DEMO_ARGS, 0L);
        try (DemoService demo = DemoService.start(options);
             PrometheusProcess prometheus = PrometheusProcess.start(
                     binary, "127.0.0.1:" + demo.metricsPort(), workDir)) {
            prometheus.awaitReady(READY_TIMEOUT);
            System.out.printf("EndToEndIT: demo on 127.0.0.1:%d (metrics %d), prometheus pid %d%n",
                    demo.port(), demo.metricsPort(), prometheus.pid());

            final List<StoredExemplar> latency = new ArrayList<>();
            final List<StoredExemplar> errors = new ArrayList<>();
            awaitEveryKindOfExemplar(prometheus, startSeconds, latency, errors);

            final List<String> problems = new ArrayList<>();
            for (StoredExemplar exemplar : latency) {
                checkLatencyExemplar(demo, exemplar, problems);
            }
            for (StoredExemplar exemplar : errors) {
                checkErrorExemplar(demo, exemplar, problems);
            }
            checkSlowestWithRetention(demo, prometheus, startSeconds, problems);
            report(latency, errors, began, demo);
            if (!problems.isEmpty()) {
                fail(problems.size() + " exemplar(s) do not lead to the trace that explains them:\n  "
                        + String.join("\n  ", problems));
            }
        }
        assertNoPrometheusLeft();
    }

    /**
     * Polls Prometheus until it holds latency exemplars in both fast and slow buckets and error
     * exemplars, then leaves the latest full answer in {@code latency} and {@code errors}.
     */
    private static void awaitEveryKindOfExemplar(PrometheusProcess prometheus, double startSeconds,
                                                 List<StoredExemplar> latency, List<StoredExemplar> errors)
            throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + EXEMPLAR_TIMEOUT.toNanos();
        while (true) {
            final double now = System.currentTimeMillis() / 1000.0 + 1.0;
            latency.clear();
            errors.clear();
            latency.addAll(StoredExemplar.from(prometheus.queryExemplars(HISTOGRAM_BUCKETS, startSeconds, now)));
            errors.addAll(StoredExemplar.from(prometheus.queryExemplars(ERROR_COUNTER, startSeconds, now)));
            final long slow = latency.stream().filter(e -> lowerBound(e.bucketUpperBound()) >= SLOW_SECONDS).count();
            final long fast = latency.stream().filter(e -> e.bucketUpperBound() <= SLOW_SECONDS).count();
            if (slow >= MIN_EXEMPLARS_OF_EACH_KIND && fast >= MIN_EXEMPLARS_OF_EACH_KIND
                    && errors.size() >= MIN_EXEMPLARS_OF_EACH_KIND) {
                return;
            }
            if (!prometheus.isAlive() || System.nanoTime() > deadline) {
                fail("within " + EXEMPLAR_TIMEOUT.toSeconds() + " s Prometheus stored " + latency.size()
                        + " latency exemplars (slow buckets: " + slow + ", fast buckets: " + fast + ") and "
                        + errors.size() + " error exemplars; targets: " + prometheus.targets()
                        + "\nprometheus log:\n" + prometheus.logTail());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * A second scraper does not empty the slowest View's bucket lines (aligned retention), Prometheus
     * holds an exemplar for every bucket line this test's scrape saw, and each is its bucket's
     * slowest request of its window.
     */
    private void checkSlowestWithRetention(DemoService demo, PrometheusProcess prometheus, double startSeconds,
                                           List<String> problems) throws IOException, InterruptedException {
        final List<ScrapedExemplar> first = ScrapedExemplar.scrape(http, demo.metricsUri(), SLOWEST_BUCKETS);
        final double secondSentAt = System.currentTimeMillis() / 1000.0;
        final List<ScrapedExemplar> second = ScrapedExemplar.scrape(http, demo.metricsUri(), SLOWEST_BUCKETS);
        final Set<String> firstLines = first.stream().map(EndToEndIT::bucketLine).collect(Collectors.toSet());
        final Set<String> secondLines = second.stream().map(EndToEndIT::bucketLine).collect(Collectors.toSet());
        final Set<String> lost = new java.util.TreeSet<>(firstLines);
        lost.removeAll(secondLines);
        if (first.isEmpty() || !lost.isEmpty()) {
            problems.add("slowest View: a scrape saw exemplars on " + firstLines.size() + " bucket lines, the next one"
                    + " right after it lost " + lost + " (retention must keep every bucket's for every scraper): "
                    + first + " / " + second);
            return;
        }
        Thread.sleep(TWO_SCRAPES_MILLIS);
        final double now = System.currentTimeMillis() / 1000.0 + 1.0;
        final List<StoredExemplar> stored =
                StoredExemplar.from(prometheus.queryExemplars(SLOWEST_BUCKETS, startSeconds, now));
        final Set<String> storedLines = stored.stream().map(EndToEndIT::bucketLine).collect(Collectors.toSet());
        final Set<String> missingInPrometheus = new java.util.TreeSet<>(firstLines);
        missingInPrometheus.removeAll(storedLines);
        if (!missingInPrometheus.isEmpty()) {
            problems.add("slowest View: Prometheus holds no exemplar for bucket lines this test's scrape saw one on: "
                    + missingInPrometheus + "; Prometheus has " + stored);
        }
        final SlowestRequestsCheck slowest = new SlowestRequestsCheck(demo.traces());
        slowest.check(second, secondSentAt, problems);
        System.out.printf("EndToEndIT: slowest View: exemplars on %d bucket lines, all %d still there on the next"
                        + " scrape and in Prometheus' exemplar API (%d stored), compared with %d other requests of"
                        + " their buckets and windows%n",
                firstLines.size(), secondLines.size(), stored.size(), slowest.comparedRequests());
    }

    /** A bucket line: the series' labels (without {@code le}) and the bucket's upper bound. */
    private static String bucketLine(ScrapedExemplar exemplar) {
        final String le = exemplar.series().get("le");
        return exemplar.seriesWithoutBucket() + " le=" + ("+Inf".equals(le) ? Double.POSITIVE_INFINITY
                : Double.parseDouble(le));
    }

    /** The same for an exemplar Prometheus stored. */
    private static String bucketLine(StoredExemplar exemplar) {
        final Map<String, String> labels = new TreeMap<>(exemplar.series());
        labels.remove("le");
        labels.remove("__name__");
        labels.remove("job");
        labels.remove("instance");
        return labels + " le=" + exemplar.bucketUpperBound();
    }

    private void checkLatencyExemplar(DemoService demo, StoredExemplar exemplar, List<String> problems)
            throws IOException, InterruptedException {
        final double le = exemplar.bucketUpperBound();
        if (!(Double.isInfinite(le) || DemoTelemetry.LATENCY_BOUNDARIES_SECONDS.contains(le))) {
            problems.add(exemplar + ": le=" + le + " is not one of the View's boundaries "
                    + DemoTelemetry.LATENCY_BOUNDARIES_SECONDS);
            return;
        }
        final double lower = lowerBound(le);
        if (!(exemplar.value() > lower && exemplar.value() <= le)) {
            problems.add(exemplar + ": value " + exemplar.value() + " outside its bucket (" + lower + ", " + le + "]");
        }
        final Map<String, Map<String, Object>> trace = serverSpanTrace(demo, exemplar, problems);
        if (trace == null) {
            return;
        }
        final Map<String, Object> server = trace.get(exemplar.spanId());
        final double serverSeconds = number(server.get("durationSeconds"));
        if (serverSeconds + 1e-3 < exemplar.value()) {
            problems.add(exemplar + ": the server span lasted " + serverSeconds
                    + " s, less than the measured duration");
        }
        if (lower >= SLOW_SECONDS) {
            final boolean explained = children(trace, exemplar.spanId()).stream().anyMatch(child ->
                    (ApiRoutes.DATABASE_QUERY_SPAN.equals(child.get("name"))
                            || ApiRoutes.EXTERNAL_PAYMENT_SPAN.equals(child.get("name")))
                    && Boolean.TRUE.equals(attributes(child).get(ApiRoutes.INJECTED_FAULT.getKey()))
                    && number(child.get("durationSeconds")) >= SLOW_SECONDS);
            if (!explained) {
                problems.add(exemplar + ": slow bucket, but the trace has no slow database query or external"
                        + " payment child: " + trace.values());
            }
        }
    }

    private void checkErrorExemplar(DemoService demo, StoredExemplar exemplar, List<String> problems)
            throws IOException, InterruptedException {
        final Map<String, Map<String, Object>> trace = serverSpanTrace(demo, exemplar, problems);
        if (trace == null) {
            return;
        }
        final Map<String, Object> server = trace.get(exemplar.spanId());
        if (!"ERROR".equals(server.get("status"))) {
            problems.add(exemplar + ": error exemplar, but the server span's status is " + server.get("status"));
        }
        final Object statusCode = attributes(server).get("http.response.status_code");
        if (!(statusCode instanceof Double && (Double) statusCode == 500.0)) {
            problems.add(exemplar + ": error exemplar, but the request answered " + statusCode);
        }
        final boolean failedCharge = children(trace, exemplar.spanId()).stream().anyMatch(child ->
                ApiRoutes.CHARGE_CARD_SPAN.equals(child.get("name")) && "ERROR".equals(child.get("status")));
        if (!failedCharge) {
            problems.add(exemplar + ": error exemplar, but no failed charge card span: " + trace.values());
        }
    }

    /**
     * Fetches the exemplar's trace from the demo and checks that the exemplar's span is that
     * trace's SERVER span for the exemplar's route.
     *
     * @return the trace's spans by span id, or null (with a problem recorded) if that fails
     */
    private Map<String, Map<String, Object>> serverSpanTrace(DemoService demo, StoredExemplar exemplar,
                                                            List<String> problems)
            throws IOException, InterruptedException {
        if (!TRACE_ID.matcher(exemplar.traceId()).matches() || !SPAN_ID.matcher(exemplar.spanId()).matches()) {
            problems.add(exemplar + ": trace_id/span_id labels missing or malformed");
            return null;
        }
        final URI uri = demo.uri(TraceEndpoint.PATH + "/" + exemplar.traceId());
        final long deadline = System.nanoTime() + TRACE_COMPLETION_TIMEOUT.toNanos();
        while (true) {
            final HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                final Map<String, Map<String, Object>> spans = spansById(response.body());
                final Map<String, Object> server = spans.get(exemplar.spanId());
                if (server != null) {
                    if (!"SERVER".equals(server.get("kind"))
                            || !exemplar.route().equals(attributes(server).get("http.route"))) {
                        problems.add(exemplar + ": its span is not the server span of route " + exemplar.route()
                                + ": " + server);
                        return null;
                    }
                    if (!Boolean.TRUE.equals(attributes(server).get("exemplar"))) {
                        problems.add(exemplar + ": its server span is not marked exemplar=true: " + server);
                    }
                    return spans;
                }
            }
            if (System.nanoTime() > deadline) {
                problems.add(exemplar + ": the demo has no finished span " + exemplar.spanId() + " in trace "
                        + exemplar.traceId() + " (GET " + uri + " answered " + response.statusCode() + ": "
                        + response.body() + ")");
                return null;
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, Map<String, Object>> spansById(String traceJson) {
        final Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Object span : JsonReader.array(JsonReader.object(JsonReader.parse(traceJson)).get("spans"))) {
            final Map<String, Object> fields = JsonReader.object(span);
            byId.put((String) fields.get("spanId"), fields);
        }
        return byId;
    }

    private static List<Map<String, Object>> children(Map<String, Map<String, Object>> trace, String parentId) {
        final List<Map<String, Object>> children = new ArrayList<>();
        for (Map<String, Object> span : trace.values()) {
            if (parentId.equals(span.get("parentSpanId"))) {
                children.add(span);
            }
        }
        return children;
    }

    private static Map<String, Object> attributes(Map<String, Object> span) {
        return JsonReader.object(span.get("attributes"));
    }

    private static double number(Object value) {
        return value instanceof Double ? (Double) value : Double.NaN;
    }

    /** @return the boundary below the bucket whose upper boundary is {@code le} */
    private static double lowerBound(double le) {
        double lower = Double.NEGATIVE_INFINITY;
        for (double boundary : DemoTelemetry.LATENCY_BOUNDARIES_SECONDS) {
            if (boundary < le) {
                lower = boundary;
            }
        }
        return lower;
    }

    private static void report(List<StoredExemplar> latency, List<StoredExemplar> errors, long began,
                               DemoService demo) {
        final Map<Double, Integer> perBucket = new TreeMap<>();
        for (StoredExemplar e : latency) {
            perBucket.merge(e.bucketUpperBound(), 1, Integer::sum);
        }
        System.out.printf("EndToEndIT: %d latency exemplars per le %s, %d error exemplars, %d requests sent,"
                        + " checked after %.1f s%n", latency.size(), perBucket, errors.size(),
                demo.generatedRequests(), (System.nanoTime() - began) / 1e9);
        latency.stream().filter(e -> lowerBound(e.bucketUpperBound()) >= SLOW_SECONDS).findFirst()
                .ifPresent(e -> System.out.println("EndToEndIT: sample slow exemplar " + e));
        errors.stream().findFirst().ifPresent(e -> System.out.println("EndToEndIT: sample error exemplar " + e));
    }

    private static void assertNoPrometheusLeft() {
        final boolean anyChildPrometheus = ProcessHandle.current().descendants()
                .anyMatch(p -> p.isAlive() && p.info().command().map(c -> c.endsWith("prometheus")).orElse(false));
        assertFalse(anyChildPrometheus, "a prometheus child process outlived the test");
    }
}
