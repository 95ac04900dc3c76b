package io.exemplars.otel;

import io.exemplars.reservoir.ChildJvm;
import io.exemplars.reservoir.LeaseExpiry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.exemplars.otel.LatencyExemplarPipeline.seriesWithExemplars;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, case 2: meter providers closed without a final collection (or retaining ones scraped
 * and closed) no longer starve the live ones: their leases expire and are taken back. In a child
 * JVM with {@code -XX:MaxDirectMemorySize=64m} (an 8 MiB default arena) and a short lease expiry
 * (the default, 3 minutes, would make the test minutes long). The providers closed since the last
 * live one (24 of 2,500 series: 60 MiB of slots asked for, against 8 MiB) are kept reachable, so the
 * garbage collector's Cleaner cannot be what frees their slots.
 */
class ClosedProviderExpiryTest {
    static final String EXPIRY = "500ms";
    static final long PAUSE_MILLIS = 600; // longer than the expiry
    static final String SCENARIO = "io.exemplars.test.scenario";
    /** Above the SDK's default of 2,000 series per instrument, which would fold 500 of 2,500 into one. */
    static final int CARDINALITY_LIMIT = 3_000;
    private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant");
    private static final Pattern ROUNDS = Pattern.compile("round (\\d+): (\\d+) of (\\d+) series with exemplars");
    private static final Pattern ARENA = Pattern.compile("takenBack=(\\d+)");

    /** In the child JVM: the scenario named by {@value #SCENARIO}; one line per checked round. */
    public static void main(final String[] args) throws Exception {
        if ("retaining".equals(System.getProperty(SCENARIO))) {
            retaining();
        } else {
            closedWithoutCollection();
        }
        System.out.println("arena: " + ReservoirSpec.defaultArena());
    }

    /** 100 providers of 2,500 series; every 25th is collected, the others closed without a final collection. */
    private static void closedWithoutCollection() throws InterruptedException {
        final List<SdkMeterProvider> closed = new ArrayList<>();
        final Attributes[] tenants = tenants(2_500);
        for (int round = 0; round < 100; round++) {
            final InMemoryMetricReader reader = InMemoryMetricReader.create();
            final SdkMeterProvider provider = provider(reader, ReservoirSpec.alignedUniform());
            final boolean live = round % 25 == 24;
            if (live) {
                Thread.sleep(PAUSE_MILLIS); // the closed providers' leases expire meanwhile
            }
            final DoubleHistogram latency = provider.get("churn")
                .histogramBuilder(LatencyExemplarPipeline.INSTRUMENT).build();
            for (final Attributes tenant : tenants) {
                latency.record(42, tenant);
            }
            if (live) {
                System.out.println("round " + round + ": " + seriesWithExemplars(reader) + " of " + tenants.length
                    + " series with exemplars, refusals so far " + ReservoirSpec.defaultArena().refusals());
                closed.clear(); // the heap would not hold 100 providers of 2,500 series
            }
            provider.close(); // no final collection: InMemoryMetricReader does not collect on shutdown
            closed.add(provider);
        }
        System.out.println("closed providers still reachable: " + closed.size());
    }

    /**
     * 30 providers of 1,000 series with slowest(4).retainFor(60 s), recorded into and scraped twice
     * (the second scrape, cumulative, retains: the series keep their 9 slots), then closed.
     */
    private static void retaining() throws InterruptedException {
        final List<SdkMeterProvider> closed = new ArrayList<>();
        final Attributes[] tenants = tenants(1_000);
        for (int round = 0; round < 30; round++) {
            final InMemoryMetricReader reader = InMemoryMetricReader.create();
            final SdkMeterProvider provider = provider(reader, ReservoirSpec.slowest(4).retainFor(Duration.ofSeconds(60)));
            final DoubleHistogram latency = provider.get("churn")
                .histogramBuilder(LatencyExemplarPipeline.INSTRUMENT).build();
            int fewest = tenants.length;
            for (int scrape = 0; scrape < 2; scrape++) {
                for (final Attributes tenant : tenants) {
                    latency.record(42, tenant);
                }
                fewest = Math.min(fewest, seriesWithExemplars(reader));
            }
            System.out.println("round " + round + ": " + fewest + " of " + tenants.length
                + " series with exemplars, refusals so far " + ReservoirSpec.defaultArena().refusals());
            provider.close();
            closed.add(provider);
            Thread.sleep(PAUSE_MILLIS);
        }
        System.out.println("closed providers still reachable: " + closed.size());
    }

    private static Attributes[] tenants(final int series) {
        final Attributes[] tenants = new Attributes[series];
        for (int s = 0; s < series; s++) {
            tenants[s] = Attributes.of(TENANT, "t" + s);
        }
        return tenants;
    }

    private static SdkMeterProvider provider(final InMemoryMetricReader reader, final ReservoirSpec spec) {
        return LatencyExemplarPipeline.provider(reader, spec, CARDINALITY_LIMIT);
    }

    /** Runs a scenario and checks that every reported round had every series' exemplar. */
    private static String runAndCheck(final String scenario, final int rounds, final int series) throws Exception {
        final String output = ChildJvm.run(240, ClosedProviderExpiryTest.class, "-XX:MaxDirectMemorySize=64m",
            "-Xmx512m", "-D" + LeaseExpiry.PROPERTY + "=" + EXPIRY, "-D" + SCENARIO + "=" + scenario);
        final Matcher round = ROUNDS.matcher(output);
        int checked = 0;
        while (round.find()) {
            assertEquals(series, Integer.parseInt(round.group(2)), "round " + round.group(1) + ": " + output);
            checked++;
        }
        assertEquals(rounds, checked, output);
        final Matcher arena = ARENA.matcher(output);
        assertTrue(arena.find() && Long.parseLong(arena.group(1)) > 0, "expired leases were taken back: " + output);
        System.out.println(output);
        return output;
    }

    @Test
    void aLiveProviderCollectedEvery25RoundsAmong96ClosedWithoutCollectionHas2500Of2500Exemplars() throws Exception {
        runAndCheck("closed", 4, 2_500);
    }

    @Test
    void retainingProvidersScrapedTwiceAndClosedLeaveRoomFor1000Of1000InEveryOf30Rounds() throws Exception {
        runAndCheck("retaining", 30, 1_000);
    }
}
