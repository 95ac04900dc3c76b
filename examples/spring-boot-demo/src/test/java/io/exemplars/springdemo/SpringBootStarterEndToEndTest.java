package io.exemplars.springdemo;

import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Spring Boot starter runs our autoconfigure module from {@code application.properties}: a
 * real Spring Boot application on a random port, the starter's Spring MVC instrumentation, and
 * {@code otel.exemplars.reservoir=slowest}, {@code otel.exemplars.reservoir.size=2} from
 * {@code src/main/resources/application.properties}. The test only points the metric exporter at
 * an in-memory one and lets every measurement be an exemplar candidate.
 *
 * <h2>Ours, not the built-in</h2>
 * Two slow requests go first (400 ms and 350 ms of work), then the fast ones (1 ms). {@code slowest(2)} keeps the interval's two largest durations: exactly the two slow
 * requests, whatever the machine's overhead (each exemplar names its request in its
 * {@code url.query} attribute). The SDK's built-in histogram reservoir keeps the latest measurement
 * of each bucket: a fast request, which came later, in the fast requests' bucket.
 */
@SpringBootTest(classes = SpringDemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "otel.metrics.exporter=" + InMemoryExporterProvider.NAME,
        "otel.traces.exporter=none",
        "otel.metrics.exemplar.filter=always_on",
        "otel.metric.export.interval=3600000",
    })
class SpringBootStarterEndToEndTest extends RequestDurationTraffic {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void requestDurationExemplarsComeFromOurSlowestReservoir() throws Exception {
        final HistogramPointData point = slowThenFastRequests();
        assertEquals(SLOW_REQUESTS_KEPT, keptRequests(point),
            "slowest(2) keeps the two slow requests; the built-in reservoir would keep a later fast one: " + point);
        final double slowestKept = point.getExemplars().stream().mapToDouble(DoubleExemplarData::getValue)
            .max().orElseThrow();
        assertEquals(point.getMax(), slowestKept, "the slowest request of the interval is an exemplar: " + point);
    }
}
