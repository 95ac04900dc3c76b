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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service that builds, records into, collects and closes meter providers one after another (tests,
 * redeployments, per-tenant providers), in a container-sized JVM: 300 providers of 1,500 series
 * each, {@code -XX:MaxDirectMemorySize=64m -Xmx512m}, run in a child JVM because those flags decide.
 * Every record must succeed, every round must carry exemplars on every series, and the JVM's
 * reserved direct memory must stay within 16 MiB of where it started.
 */
class ProviderChurnTest {
    static final int ROUNDS = 300;
    static final int SERIES = 1_500;
    static final long BOUND_BYTES = 16L << 20;
    private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant");
    private static final Pattern FIGURES = Pattern.compile(
        "churn: before=(\\d+) peak=(\\d+) after=(\\d+) fewestExemplars=(\\d+) refusals=(\\d+)");

    /** The churn itself, in the child JVM; prints one line of figures. */
    public static void main(final String[] args) {
        final BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
            .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        final Attributes[] tenants = new Attributes[SERIES];
        for (int s = 0; s < SERIES; s++) {
            tenants[s] = Attributes.of(TENANT, "t" + s);
        }
        final long before = direct.getTotalCapacity();
        long peak = before;
        int fewestExemplars = Integer.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            final InMemoryMetricReader reader = InMemoryMetricReader.create();
            try (SdkMeterProvider provider = LatencyExemplarPipeline.provider(reader, ReservoirSpec.alignedUniform())) {
                final DoubleHistogram latency = provider.get("churn")
                    .histogramBuilder(LatencyExemplarPipeline.INSTRUMENT).build();
                for (int s = 0; s < SERIES; s++) {
                    latency.record(s % 1000, tenants[s]);
                }
                peak = Math.max(peak, direct.getTotalCapacity());
                fewestExemplars = Math.min(fewestExemplars, LatencyExemplarPipeline.exemplars(reader));
            }
        }
        final SlotArena arena = ReservoirSpec.defaultArena();
        System.out.println("churn: before=" + before + " peak=" + peak + " after=" + direct.getTotalCapacity()
            + " fewestExemplars=" + fewestExemplars + " refusals=" + arena.refusals());
        System.out.println("arena: " + arena);
    }

    @Test
    void churningProvidersStayWithinSixteenMebibytesWithExemplarsInEveryRound() throws Exception {
        final String output = ChildJvm.run(300, ProviderChurnTest.class, "-XX:MaxDirectMemorySize=64m", "-Xmx512m");
        final Matcher figures = FIGURES.matcher(output);
        assertTrue(figures.find(), output);
        final long before = Long.parseLong(figures.group(1));
        final long peak = Long.parseLong(figures.group(2));
        assertTrue(peak - before <= BOUND_BYTES, "reserved direct memory grew by " + (peak - before) + ": " + output);
        assertEquals(SERIES, Integer.parseInt(figures.group(4)), "every series of every round has its exemplar: " + output);
        assertEquals(0, Long.parseLong(figures.group(5)), output);
        System.out.println(output); // the figures, for the record (surefire keeps them in the report)
    }
}
