package io.exemplars.otel.autoconfigure;

import io.exemplars.otel.ReservoirAggregation;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The application {@link FailOpenOnOldSdkIT} runs in a JVM of its own, on an OpenTelemetry SDK the
 * adapter cannot serve, with our autoconfigure module on its class path as a user would have it:
 * it starts SDK autoconfigure (exporting to {@link TestExporterProvider}), records
 * {@value #MEASUREMENTS} measurements 1, 2, ... into one bucket of a histogram inside a sampled
 * span, exports, and prints what it saw, one {@code KEY value} per line. A start that fails prints
 * {@code REFUSED} and the exception and exits with {@value #REFUSED_EXIT}.
 *
 * <p>Our {@code fixed_size_uniform} reservoir of size 5 would keep five exemplars in that bucket;
 * the SDK's built-in histogram reservoir keeps one, the last measurement.
 */
public final class OldSdkApplication {
    static final int MEASUREMENTS = 100;
    static final int REFUSED_EXIT = 3;
    static final String INSTRUMENT = "old.sdk.duration";
    private static final SpanContext SAMPLED = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

    private OldSdkApplication() {
    }

    /**
     * @param args none
     */
    public static void main(final String[] args) {
        System.out.println("STATUS " + ReservoirAggregation.status());
        final OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                    "otel.metrics.exporter", TestExporterProvider.NAME,
                    "otel.traces.exporter", "none",
                    "otel.logs.exporter", "none",
                    "otel.metrics.exemplar.filter", "always_on",
                    "otel.exemplars.reservoir", "fixed_size_uniform",
                    "otel.exemplars.reservoir.size", "5"))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        } catch (final RuntimeException refused) {
            System.out.println("REFUSED " + refused + " caused by " + refused.getCause());
            System.exit(REFUSED_EXIT);
            return;
        }
        System.out.println("STARTED");
        final DoubleHistogram histogram = sdk.getMeter("old-sdk-test").histogramBuilder(INSTRUMENT).build();
        final Context inSpan = Context.root().with(Span.wrap(SAMPLED));
        for (int i = 1; i <= MEASUREMENTS; i++) {
            histogram.record(i / 1000.0, Attributes.empty(), inSpan); // all in the bucket (0, 5]
        }
        sdk.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
        for (final MetricData metric : TestExporterProvider.last().getFinishedMetricItems()) {
            if (metric.getName().equals(INSTRUMENT)) {
                final HistogramPointData point = metric.getHistogramData().getPoints().iterator().next();
                System.out.println("COUNT " + point.getCount());
                System.out.println("EXEMPLARS " + point.getExemplars().size());
                point.getExemplars().forEach(e -> System.out.println("EXEMPLAR " + e.getValue() + " "
                    + e.getSpanContext().getTraceId()));
            }
        }
        sdk.close();
        System.out.println("DONE");
    }
}
