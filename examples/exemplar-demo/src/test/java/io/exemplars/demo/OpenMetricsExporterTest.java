package io.exemplars.demo;

import io.exemplars.otel.ReservoirAggregation;
import io.exemplars.otel.ReservoirSpec;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What reaches the screen: the SDK's own Prometheus exporter ({@link PrometheusHttpServer}, a real
 * HTTP endpoint) scraped in OpenMetrics text, which carries one exemplar per bucket line.
 */
class OpenMetricsExporterTest {
    private static final List<Double> BOUNDARIES = List.of(0.01, 0.1, 1.0);
    /** The histogram's bucket lines in OpenMetrics (the instrument is named {@code latency}, unit s). */
    private static final String BUCKETS = "latency_seconds_bucket";
    private static final Logger ADAPTER_WARNINGS = Logger.getLogger("io.exemplars.otel.OpenMetricsVisibility");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SplittableRandom random = new SplittableRandom(15);
    private final List<String> warnings = new ArrayList<>();
    private final Handler warningCapture = new Handler() {
        @Override
        public void publish(final LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (warnings) {
                    warnings.add(record.getMessage());
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private SdkMeterProvider provider;
    private PrometheusHttpServer server;
    private URI metrics;
    private DoubleHistogram latency;

    /** A provider with one View of {@code spec} on the histogram, read by the Prometheus exporter only. */
    private void start(final ReservoirSpec spec) {
        ADAPTER_WARNINGS.addHandler(warningCapture);
        final int port = freePort();
        server = PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(port).build();
        metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        provider = SdkMeterProvider.builder().registerMetricReader(server)
            .registerView(InstrumentSelector.builder().setName("latency").build(),
                View.builder().setAggregation(ReservoirAggregation.explicitBucketHistogram(BOUNDARIES, spec)).build())
            .build();
        latency = provider.get("test").histogramBuilder("latency").setUnit("s").build();
    }

    @AfterEach
    void stop() {
        ADAPTER_WARNINGS.removeHandler(warningCapture);
        if (provider != null) {
            provider.close();
        }
    }

    /** Records in a sampled span of its own, as an instrumented request does. */
    private void record(final double seconds) {
        final SpanContext span = SpanContext.create(String.format("%016x%016x", random.nextLong(), random.nextLong()),
            String.format("%016x", random.nextLong() | 1), TraceFlags.getSampled(), TraceState.getDefault());
        latency.record(seconds, Attributes.empty(), Context.root().with(Span.wrap(span)));
    }

    /** One scrape: each bucket line's exemplar value, by its {@code le}. */
    private TreeMap<String, Double> scrapeByBucket() throws IOException, InterruptedException {
        final TreeMap<String, Double> byBucket = new TreeMap<>();
        for (final ScrapedExemplar exemplar : ScrapedExemplar.scrape(http, metrics, BUCKETS)) {
            byBucket.put(exemplar.series().get("le"), exemplar.value());
        }
        return byBucket;
    }

    /** The {@code le} label of the bucket a value falls in, as the exporter writes it. */
    private static String le(final double value) {
        for (final double bound : BOUNDARIES) {
            if (value <= bound) {
                return Double.toString(bound);
            }
        }
        return "+Inf";
    }

    @Test
    void alignedSlowestShowsEachBucketsLargestValueOnItsLine() throws Exception {
        start(ReservoirSpec.alignedSlowest());
        final Map<String, Double> largest = new TreeMap<>();
        for (int i = 0; i < 2_000; i++) {
            final double value = Math.exp(random.nextDouble(-6.5, 1.0)); // 1.5 ms .. 2.7 s: every bucket
            largest.merge(le(value), value, Math::max);
            record(value);
        }
        assertEquals(4, largest.size());
        assertEquals(largest, scrapeByBucket(), "each bucket line's exemplar is that bucket's largest value");
        assertEquals(List.of(), warnings, "one exemplar per bucket: nothing to warn about");
    }

    @Test
    void beforeSlowestOfTwoLosesTheSlowestWhenBothFallInOneBucket() throws Exception {
        // The companion: slowest(2) keeps 0.6 and 0.5, both in (0.1, 1]; the exporter shows the
        // later one only, so the bucket line shows 0.5, not the slowest request.
        start(ReservoirSpec.slowest(2));
        record(0.6);
        Thread.sleep(5); // a later exemplar timestamp (millisecond resolution)
        record(0.5);
        record(0.05);
        assertEquals(Map.of("1.0", 0.5), scrapeByBucket(), "only the latest of the bucket's two is visible");
        assertEquals(1, warnings.size(), "one warning for the instrument: " + warnings);
        assertTrue(warnings.get(0).contains("instrument latency") && warnings.get(0).contains("alignedSlowest()"),
            warnings.get(0));
        scrapeByBucket();
        assertEquals(1, warnings.size(), "one warning per instrument, not per scrape: " + warnings);
    }

    @Test
    void alignedUniformWithRetentionShowsEveryBucketsExemplarToTwoScrapesInARow() throws Exception {
        start(ReservoirSpec.alignedUniform().retainFor(Duration.ofSeconds(60)));
        for (int i = 0; i < 400; i++) {
            record(Math.exp(random.nextDouble(-6.5, 1.0)));
        }
        final TreeMap<String, Double> first = scrapeByBucket();
        final TreeMap<String, Double> second = scrapeByBucket();
        assertEquals(List.of("+Inf", "0.01", "0.1", "1.0"), new ArrayList<>(first.keySet()),
            "every bucket line carries an exemplar: " + first);
        assertEquals(first, second, "the second scrape sees what the first saw");
        for (final Map.Entry<String, Double> line : first.entrySet()) {
            assertEquals(line.getKey(), le(line.getValue()), "an exemplar inside its bucket");
        }
    }

    @Test
    void theReadmesSlowestExampleShowsTwoScrapersTheSameExemplarsFromTheFirstScrapeOn() throws Exception {
        // The README's example as written: slowest(3) kept for 60 s, "so two Prometheus servers (or
        // a curl) see the same ones", from the reader's very first collection.
        start(ReservoirSpec.slowest(3).retainFor(Duration.ofSeconds(60)));
        for (final double value : new double[] {0.004, 0.3, 0.05, 2.0, 0.2}) {
            record(value);
            Thread.sleep(2);
        }
        final TreeMap<String, Double> first = scrapeByBucket();
        assertEquals(Map.of("+Inf", 2.0, "1.0", 0.2), first, "the 3 slowest, the latest per bucket line");
        assertEquals(first, scrapeByBucket(), "a second scraper right after the first sees the same ones");
        assertEquals(1, warnings.size(), "and the adapter says that OpenMetrics hides the third: " + warnings);
    }

    @Test
    void withoutRetentionTheSecondScrapeFindsNoExemplar() throws Exception {
        // The companion: every collection resets, so a second scraper steals nothing but gets nothing.
        start(ReservoirSpec.alignedUniform());
        for (int i = 0; i < 400; i++) {
            record(Math.exp(random.nextDouble(-6.5, 1.0)));
        }
        assertEquals(4, scrapeByBucket().size());
        assertEquals(Map.of(), scrapeByBucket());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
