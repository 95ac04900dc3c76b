package io.exemplars.demo;

import io.exemplars.otel.MeasurementFilter;
import io.exemplars.otel.ReservoirAggregation;
import io.exemplars.otel.ReservoirSpec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's OpenTelemetry SDK: a tracer provider that samples every request and keeps finished
 * spans in a {@link RecentTraceStore}, and a meter provider whose two instruments carry exemplars
 * chosen by our reservoirs, exposed by {@code opentelemetry-exporter-prometheus} (OpenMetrics with
 * exemplars when the scraper asks for {@code application/openmetrics-text}).
 */
public final class DemoTelemetry implements AutoCloseable {

    public static final String SERVICE_NAME = "exemplar-demo";
    public static final String INSTRUMENTATION_SCOPE = "io.exemplars.demo";
    /** The request latency histogram; Prometheus names it {@code http_server_request_duration_seconds}. */
    public static final String REQUEST_DURATION = "http.server.request.duration";
    /** The 5xx counter; Prometheus names it {@code http_server_errors_total}. */
    public static final String SERVER_ERRORS = "http.server.errors";
    /** Bucket boundaries of {@link #REQUEST_DURATION}, in seconds. */
    public static final List<Double> LATENCY_BOUNDARIES_SECONDS = List.of(
            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0);
    /** How many exemplars the error counter's fixed-size reservoir keeps per series and interval. */
    public static final int ERROR_EXEMPLARS = 4;
    /**
     * Which latencies may become exemplars: the adaptive tail rule (always above the series' p99,
     * 10 % of those between its p95 and p99, 1 % of the rest; quantiles from the last scrape
     * interval, every request passing until a series has about 4,000 requests per interval).
     */
    public static final MeasurementFilter ADAPTIVE_LATENCY = MeasurementFilter.aboveQuantile(0.99)
            .or(MeasurementFilter.aboveQuantile(0.95).and(MeasurementFilter.withProbability(0.1)))
            .or(MeasurementFilter.withProbability(0.01));
    /**
     * The second View on {@link #REQUEST_DURATION}, under its own name (Prometheus:
     * {@code http_server_request_duration_slowest_seconds}): the same histogram, whose exemplar on
     * each bucket line is that bucket's slowest request ({@code alignedSlowest()}: one per bucket,
     * so every one survives OpenMetrics, and the highest bucket shows the series' slowest request),
     * retained across scrapes.
     */
    public static final String SLOWEST_REQUEST_DURATION = "http.server.request.duration.slowest";
    /**
     * How long {@link #SLOWEST_REQUEST_DURATION} keeps its exemplars: intervals of 10 s, so a
     * scrape every 15 to 30 s still sees every interval's slowest requests, and a second scraper
     * (an HA pair, or {@code curl} on {@code /metrics}) takes nothing from the first.
     */
    public static final Duration SLOWEST_RETENTION = Duration.ofSeconds(20);

    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final SdkTracerProvider tracerProvider;
    private final SdkMeterProvider meterProvider;
    private final Tracer tracer;
    private final DoubleHistogram requestDuration;
    private final LongCounter serverErrors;
    private final int metricsPort;

    private DemoTelemetry(SdkTracerProvider tracerProvider, SdkMeterProvider meterProvider, int metricsPort) {
        this.tracerProvider = tracerProvider;
        this.meterProvider = meterProvider;
        this.metricsPort = metricsPort;
        this.tracer = tracerProvider.get(INSTRUMENTATION_SCOPE);
        final Meter meter = meterProvider.get(INSTRUMENTATION_SCOPE);
        this.requestDuration = meter.histogramBuilder(REQUEST_DURATION)
                .setDescription("Duration of HTTP server requests.")
                .setUnit("s")
                // The View installed in start() sets these boundaries too; the advice keeps them
                // on the instrument for any reader without that View.
                .setExplicitBucketBoundariesAdvice(LATENCY_BOUNDARIES_SECONDS)
                .build();
        this.serverErrors = meter.counterBuilder(SERVER_ERRORS)
                .setDescription("HTTP server requests that failed with a 5xx status.")
                .setUnit("{error}")
                .build();
    }

    /**
     * Starts the SDK and the Prometheus endpoint.
     *
     * @param bind        the address the metrics endpoint listens on
     * @param metricsPort its port, 0 for any free port
     * @param traces      receives every finished span
     * @return the running telemetry
     * @throws UncheckedIOException if the metrics port cannot be bound
     */
    public static DemoTelemetry start(String bind, int metricsPort, RecentTraceStore traces) {
        final Resource resource = Resource.getDefault().merge(Resource.create(
                Attributes.of(AttributeKey.stringKey("service.name"), SERVICE_NAME)));
        // Always on: every request has a sampled trace, so every measurement may become an
        // exemplar (the SDK's default exemplar filter keeps only sampled measurements).
        final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.alwaysOn())
                .addSpanProcessor(traces)
                .build();
        final int port;
        final PrometheusHttpServer prometheus;
        try {
            port = metricsPort != 0 ? metricsPort : freePort(bind);
            prometheus = PrometheusHttpServer.builder()
                    .setHost(bind)
                    .setPort(port)
                    .build();
        } catch (RuntimeException e) {
            tracerProvider.shutdown().join(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw e;
        }
        // Our reservoirs, per View: each latency bucket keeps a uniform sample of the interval's
        // requests that fell in it and pass the adaptive tail rule (not the last one seen), and each
        // error series keeps a uniform sample of ERROR_EXEMPLARS of its failed requests. A second View
        // on the latency instrument, under its own name, keeps each bucket's slowest request instead,
        // with retention, so that several scrapers all see every bucket's. All three mark the server spans of
        // their exemplars (exemplar = true) for a tail sampler.
        final SdkMeterProvider meterProvider = SdkMeterProvider.builder()
                .setResource(resource)
                .registerMetricReader(prometheus)
                .registerView(
                        InstrumentSelector.builder().setName(REQUEST_DURATION).build(),
                        View.builder().setAggregation(ReservoirAggregation.explicitBucketHistogram(
                                LATENCY_BOUNDARIES_SECONDS, ReservoirSpec.alignedUniform()
                                        .withMeasurementFilter(ADAPTIVE_LATENCY).markSpans())).build())
                .registerView(
                        InstrumentSelector.builder().setName(REQUEST_DURATION).build(),
                        View.builder().setName(SLOWEST_REQUEST_DURATION)
                                .setDescription("Duration of HTTP server requests; exemplars: each bucket's slowest request.")
                                .setAggregation(ReservoirAggregation.explicitBucketHistogram(LATENCY_BOUNDARIES_SECONDS,
                                        ReservoirSpec.alignedSlowest().retainFor(SLOWEST_RETENTION).markSpans()))
                                .build())
                .registerView(
                        InstrumentSelector.builder().setName(SERVER_ERRORS).build(),
                        View.builder().setAggregation(ReservoirAggregation.sum(
                                ReservoirSpec.fixedSizeUniform(ERROR_EXEMPLARS)
                                        .withMeasurementFilter(MeasurementFilter.errorsOnly()).markSpans())).build())
                .build();
        return new DemoTelemetry(tracerProvider, meterProvider, port);
    }

    /** @return the tracer of the demo's spans */
    public Tracer tracer() {
        return tracer;
    }

    /** @return the request latency histogram, in seconds */
    public DoubleHistogram requestDuration() {
        return requestDuration;
    }

    /** @return the server error counter */
    public LongCounter serverErrors() {
        return serverErrors;
    }

    /** @return the port Prometheus scrapes */
    public int metricsPort() {
        return metricsPort;
    }

    /** Stops the metrics endpoint and the SDK, waiting a few seconds at most. */
    @Override
    public void close() {
        meterProvider.shutdown().join(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        tracerProvider.shutdown().join(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * The Prometheus exporter does not report the port it bound, so port 0 is resolved here: the
     * OS picks a free port, which is released and handed to the exporter. Another process could
     * take it in between; the exporter then fails to start with a bind error.
     */
    private static int freePort(String bind) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bind))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + bind, e);
        }
    }
}
