package io.exemplars.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.exemplars.testsupport.Json;
import io.opentelemetry.api.common.AttributeKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo in this JVM with its default rates (only the ports are free ones): routes answer, every
 * request's trace is served at {@code /traces/{traceId}}, and {@code /metrics} serves OpenMetrics
 * whose exemplars point at those traces. No Prometheus here; EndToEndIT adds it.
 */
class DemoServiceTest {

    private static final int REQUESTS_PER_ROUTE = 20;
    /** {@code name{labels} value # {exemplar labels} exemplar-value timestamp} */
    private static final Pattern EXEMPLAR_LINE =
            Pattern.compile("^([a-z_]+)\\{([^}]*)\\} (\\S+) # \\{([^}]*)\\} (\\S+) (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    private static final Pattern COUNT_LINE =
            Pattern.compile("^http_server_request_duration_seconds_count\\{[^}]*\\} (\\d+)$", Pattern.MULTILINE);
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void defaultsServeRoutesTheirTracesAndOpenMetricsExemplars() throws Exception {
        final DemoOptions options = DemoOptions.parse(new String[] {"--port", "0", "--metrics-port", "0", "--seed", "5"}, 0L);
        try (DemoService demo = DemoService.start(options)) {
            final List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (String route : DemoService.ROUTES) {
                for (int i = 0; i < REQUESTS_PER_ROUTE; i++) {
                    calls.add(http.sendAsync(get(demo.uri(route)), HttpResponse.BodyHandlers.ofString()));
                }
            }
            final Map<String, HttpResponse<String>> responseByTrace = new HashMap<>();
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                final HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
                final String path = response.uri().getPath();
                assertTrue(response.statusCode() == 200
                        || (response.statusCode() == 500 && path.equals(DemoService.CHECKOUT_ROUTE)), path + " " + response);
                Json.parse(response.body());
                final String traceResponse = response.headers().firstValue(TracedRoute.TRACE_RESPONSE_HEADER).orElseThrow();
                responseByTrace.put(traceResponse.split("-")[1], response);
            }
            assertEquals(DemoService.ROUTES.size() * REQUESTS_PER_ROUTE, responseByTrace.size(), "one trace per request");

            for (Map.Entry<String, HttpResponse<String>> entry : responseByTrace.entrySet()) {
                assertTraceMatchesResponse(demo, entry.getKey(), entry.getValue());
            }
            assertOpenMetricsExemplarsPointAtRecordedTraces(demo, responseByTrace.size());
            assertTraceEndpointErrors(demo);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void generatedTrafficReachesEveryRoute() throws Exception {
        final DemoOptions options = DemoOptions.parse(new String[] {
            "--port", "0", "--metrics-port", "0", "--seed", "6", "--generate-traffic", "--traffic-rate", "100"}, 0L);
        try (DemoService demo = DemoService.start(options)) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            final TreeSet<String> routesSeen = new TreeSet<>();
            while (routesSeen.size() < DemoService.ROUTES.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                for (String traceId : demo.traces().recentTraceIds(100)) {
                    demo.traces().spansOf(traceId).forEach(span -> {
                        final String route = span.getAttributes().get(AttributeKey.stringKey("http.route"));
                        if (route != null) {
                            routesSeen.add(route);
                        }
                    });
                }
            }
            assertEquals(new TreeSet<>(DemoService.ROUTES), routesSeen);
            assertTrue(demo.generatedRequests() >= routesSeen.size());
        }
    }

    private void assertTraceMatchesResponse(DemoService demo, String traceId, HttpResponse<String> response)
            throws IOException, InterruptedException {
        final HttpResponse<String> trace = http.send(get(demo.uri(TraceEndpoint.PATH + "/" + traceId)),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, trace.statusCode(), trace.body());
        final JsonNode document = Json.parse(trace.body());
        assertEquals(traceId, document.path("traceId").textValue());
        final JsonNode spans = document.path("spans");
        JsonNode server = null;
        for (JsonNode span : spans) {
            if ("SERVER".equals(span.path("kind").textValue())) {
                server = span;
            }
        }
        assertTrue(server != null, "no server span in " + trace.body());
        final JsonNode attributes = server.path("attributes");
        assertEquals(response.uri().getPath(), attributes.path("http.route").textValue());
        assertTrue(attributes.path("http.response.status_code").isNumber(), trace.body());
        assertEquals(response.statusCode(), attributes.path("http.response.status_code").doubleValue());
        assertEquals(response.statusCode() == 500 ? "ERROR" : "UNSET", server.path("status").textValue());
        assertTrue(spans.size() >= 2, "the route's work is in child spans: " + trace.body());
    }

    private void assertOpenMetricsExemplarsPointAtRecordedTraces(DemoService demo, int requests)
            throws IOException, InterruptedException {
        final HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(demo.metricsUri())
                .header("Accept", OPENMETRICS).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                metrics.headers().toString());
        assertTrue(metrics.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");

        long counted = 0;
        final Matcher counts = COUNT_LINE.matcher(metrics.body());
        while (counts.find()) {
            counted += Long.parseLong(counts.group(1));
        }
        assertEquals(requests, counted, "every request is in the histogram");

        final TreeSet<Double> bucketBounds = new TreeSet<>();
        int exemplars = 0;
        for (String line : metrics.body().split("\n")) {
            final Matcher m = EXEMPLAR_LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            exemplars++;
            final Map<String, String> series = labels(m.group(2));
            final Map<String, String> exemplar = labels(m.group(4));
            final String traceId = exemplar.get("trace_id");
            assertFalse(demo.traces().spansOf(traceId).isEmpty(), "exemplar trace " + traceId + " unknown: " + line);
            if (m.group(1).equals("http_server_request_duration_seconds_bucket")) {
                final double le = "+Inf".equals(series.get("le")) ? Double.POSITIVE_INFINITY : Double.parseDouble(series.get("le"));
                bucketBounds.add(le);
                final double value = Double.parseDouble(m.group(5));
                final double lower = DemoTelemetry.LATENCY_BOUNDARIES_SECONDS.stream()
                        .filter(b -> b < le).mapToDouble(Double::doubleValue).max().orElse(Double.NEGATIVE_INFINITY);
                assertTrue(value > lower && value <= le, "exemplar outside its bucket: " + line);
            }
        }
        assertTrue(exemplars > 0, "no exemplars in\n" + metrics.body());
        final TreeSet<Double> configured = new TreeSet<>(DemoTelemetry.LATENCY_BOUNDARIES_SECONDS);
        configured.add(Double.POSITIVE_INFINITY);
        assertTrue(configured.containsAll(bucketBounds), "buckets " + bucketBounds + " vs " + configured);

        final HttpResponse<String> classic = http.send(get(demo.metricsUri()), HttpResponse.BodyHandlers.ofString());
        assertTrue(classic.body().contains("http_server_request_duration_seconds_bucket{"), classic.body());
        assertFalse(classic.body().contains(" # {"), "the classic text format has no exemplars");
    }

    private void assertTraceEndpointErrors(DemoService demo) throws IOException, InterruptedException {
        final HttpResponse<String> recent = http.send(get(demo.uri(TraceEndpoint.PATH)), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, recent.statusCode());
        final JsonNode traceIds = Json.parse(recent.body()).path("traceIds");
        assertTrue(traceIds.isArray() && !traceIds.isEmpty(), recent.body());
        assertEquals(400, http.send(get(demo.uri(TraceEndpoint.PATH + "/not-a-trace-id")),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        final HttpResponse<String> missing = http.send(get(demo.uri(TraceEndpoint.PATH + "/" + "0".repeat(31) + "1")),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        Json.parse(missing.body());
    }

    private static Map<String, String> labels(String text) {
        final Map<String, String> labels = new HashMap<>();
        final Matcher m = LABEL.matcher(text);
        while (m.find()) {
            labels.put(m.group(1), m.group(2));
        }
        return labels;
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    }
}
