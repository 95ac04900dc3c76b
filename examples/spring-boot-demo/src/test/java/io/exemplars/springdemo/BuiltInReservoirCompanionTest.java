package io.exemplars.springdemo;

import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The companion of {@link SpringBootStarterEndToEndTest}: the same application and traffic with
 * our reservoirs pointed at no instrument ({@code otel.exemplars.instruments}), so the request
 * durations get the SDK's built-in reservoir, and the same check must fail. Without this, the
 * check might pass whatever reservoir is in place.
 */
@SpringBootTest(classes = SpringDemoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "otel.metrics.exporter=" + InMemoryExporterProvider.NAME,
        "otel.traces.exporter=none",
        "otel.metrics.exemplar.filter=always_on",
        "otel.metric.export.interval=3600000",
        "otel.exemplars.instruments=no.such.instrument",
    })
class BuiltInReservoirCompanionTest extends RequestDurationTraffic {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theBuiltInReservoirFailsTheSameCheck() throws Exception {
        final HistogramPointData point = slowThenFastRequests();
        assertNotEquals(SLOW_REQUESTS_KEPT, keptRequests(point),
            "the built-in reservoir kept exactly the two slow requests: the check cannot tell it from ours");
    }
}
