package io.exemplars.springdemo;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The traffic of the Spring Boot tests and what they read back: two slow requests (400 ms and
 * 350 ms of work), then {@value #FAST_REQUESTS} fast ones (1 ms), then one collection of the
 * application's {@code http.server.request.duration} through the in-memory exporter. The slow ones
 * are that slow so that a fast request outlasts one only after a pause of over 350 ms inside it
 * (a GC or the scheduler of a loaded 2-core runner); at 60 and 55 ms a 54 ms pause was enough,
 * which a busy machine shows about once a minute.
 */
abstract class RequestDurationTraffic {
    static final String METRIC = "http.server.request.duration";
    private static final long[] SLOW_FIRST_MICROS = {400_000, 350_000};
    /** The exemplars {@code slowest(2)} keeps: the two slow requests. */
    static final List<String> SLOW_REQUESTS_KEPT = List.of("sleepMicros=350000", "sleepMicros=400000");
    static final int FAST_REQUESTS = 20;
    private static final long FAST_MICROS = 1_000;

    @LocalServerPort
    private int port;

    @Autowired
    private OpenTelemetry openTelemetry;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Sends the two slow requests, then the fast ones, and collects.
     *
     * @return the route's request-duration point
     */
    HistogramPointData slowThenFastRequests() throws Exception {
        for (final long micros : SLOW_FIRST_MICROS) {
            get(micros);
        }
        for (int i = 0; i < FAST_REQUESTS; i++) {
            get(FAST_MICROS);
        }
        final HistogramPointData point = collectRequestDurations();
        assertTrue(point.getCount() > SLOW_FIRST_MICROS.length, point.toString());
        return point;
    }

    /** @return the requests the point's exemplars name (their {@code url.query}), sorted */
    static List<String> keptRequests(final HistogramPointData point) {
        return point.getExemplars().stream()
            .map(e -> e.getFilteredAttributes().get(AttributeKey.stringKey("url.query"))).sorted().toList();
    }

    private void get(final long sleepMicros) throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/work?sleepMicros=" + sleepMicros))
            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private HistogramPointData collectRequestDurations() {
        ((OpenTelemetrySdk) openTelemetry).getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
        final List<MetricData> metrics = InMemoryExporterProvider.last().getFinishedMetricItems().stream()
            .filter(m -> m.getName().equals(METRIC)).toList();
        assertEquals(1, metrics.size(), "one " + METRIC + " metric expected: "
            + InMemoryExporterProvider.last().getFinishedMetricItems());
        final List<HistogramPointData> points = List.copyOf(metrics.get(0).getHistogramData().getPoints());
        assertEquals(1, points.size(), "one series (one route) expected: " + points);
        return points.get(0);
    }
}
