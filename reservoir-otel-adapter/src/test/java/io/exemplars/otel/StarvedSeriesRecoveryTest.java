package io.exemplars.otel;

import io.exemplars.reservoir.ChildJvm;
import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.exemplars.otel.LatencyExemplarPipeline.seriesWithExemplars;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, case 1: a series whose reservoir could not be created because the JVM's direct memory
 * was short (the application held it) recovers once the memory is back, instead of living on the
 * SDK's no-op reservoir for good; the refusals are counted and warned. In a child JVM with
 * {@code -XX:MaxDirectMemorySize=2m}, because that flag decides.
 */
class StarvedSeriesRecoveryTest {
    static final int SERIES = 500;
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
    private static final Pattern FIGURES = Pattern.compile(
        "recovery: starved=(\\d+) recovered=(\\d+) of (\\d+) refusals=(\\d+)");

    /** In the child JVM: starve, record, collect; free, record, collect; print the figures. */
    public static void main(final String[] args) throws Exception {
        final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        List<ByteBuffer> application = new ArrayList<>();
        while (direct.getTotalCapacity() < (2L << 20) - (256L << 10)) { // leave less than the arena's reserve
            application.add(ByteBuffer.allocateDirect(16 << 10));
        }
        final InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = LatencyExemplarPipeline.provider(reader, ReservoirSpec.alignedUniform())) {
            final DoubleHistogram latency = provider.get("recovery")
                .histogramBuilder(LatencyExemplarPipeline.INSTRUMENT).build();
            final Attributes[] routes = new Attributes[SERIES];
            for (int s = 0; s < SERIES; s++) {
                routes[s] = Attributes.of(ROUTE, "/r" + s);
                latency.record(s % 100, routes[s]);
            }
            final int starved = seriesWithExemplars(reader);

            application = null; // the application lets its buffers go
            System.gc();
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (direct.getTotalCapacity() > (512L << 10) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                System.gc();
            }
            Thread.sleep(1_100); // a refused series asks again at most once a second on the record path
            for (int s = 0; s < SERIES; s++) {
                latency.record(s % 100, routes[s]);
            }
            final int recovered = seriesWithExemplars(reader);
            final SlotArena arena = ReservoirSpec.defaultArena();
            System.out.println("recovery: starved=" + starved + " recovered=" + recovered + " of " + SERIES
                + " refusals=" + arena.refusals() + " application=" + application);
            System.out.println("arena: " + arena);
        }
    }

    @Test
    void fiveHundredSeriesBornWithoutDirectMemoryAllHaveExemplarsAtTheFirstCollectionAfterItReturns() throws Exception {
        final String output = ChildJvm.run(120, StarvedSeriesRecoveryTest.class, "-XX:MaxDirectMemorySize=2m",
            "-Xmx256m");
        final Matcher figures = FIGURES.matcher(output);
        assertTrue(figures.find(), output);
        assertEquals(0, Integer.parseInt(figures.group(1)), "no exemplar while the memory is the application's: " + output);
        assertEquals(SERIES, Integer.parseInt(figures.group(2)), "every series recovers: " + output);
        assertTrue(Long.parseLong(figures.group(4)) > 0, "the starved series are counted as refusals: " + output);
        assertTrue(output.contains("WARNING: exemplar slot arena refused") && output.contains("placeholders"),
            "and warned, naming the cause: " + output);
        System.out.println(output);
    }
}
