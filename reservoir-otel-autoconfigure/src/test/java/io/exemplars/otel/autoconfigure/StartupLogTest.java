package io.exemplars.otel.autoconfigure;

import io.exemplars.otel.ReservoirAggregation;
import io.exemplars.reservoir.SlotMemoryBackend;
import io.exemplars.testsupport.LogCapture;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider's log at each SDK start: one INFO line with what it installs, and a WARNING when
 * no exemplar can appear or when the Prometheus exporter will show only the latest per bucket. The
 * SDK is started by autoconfigure as an application starts it, and the provider's
 * {@code java.util.logging} records are captured.
 */
@Timeout(60)
class StartupLogTest {
    private final LogCapture log = new LogCapture(StartupLog.LOGGER);
    private final List<LogRecord> records = log.records();

    @BeforeEach
    void captureTheProvidersLog() {
        log.start();
    }

    @AfterEach
    void stopCapturing() {
        log.stop();
    }

    @Test
    void oneInfoLineSaysWhatIsInstalledOnWhichSdkAndTheStatus() {
        start(Map.of("otel.exemplars.reservoir", "slowest", "otel.exemplars.reservoir.size", "3",
            "otel.exemplars.instruments", "http.server.*,db.*"));
        final String sdk = ReservoirAggregation.detectedSdkVersion();
        assertEquals(List.of("INFO Exemplar reservoirs installed: reservoir=slowest, size=3, retention=none, "
            + "instruments=http.server.*,db.*, OpenTelemetry SDK " + sdk + ", slot memory "
            + SlotMemoryBackend.current().name().toLowerCase(Locale.ROOT) + "; status: active on OpenTelemetry SDK "
            + sdk), lines());
    }

    @Test
    void theDefaultsReadAsSuch() {
        start(Map.of());
        assertEquals(1, records.size(), lines().toString());
        assertTrue(lines().get(0).startsWith("INFO Exemplar reservoirs installed: reservoir=otel_default, size=-, "
            + "retention=none, instruments=*, OpenTelemetry SDK "), lines().toString());
    }

    @Test
    void anExemplarFilterAlwaysOffWarnsThatNoExemplarCanAppear() {
        start(Map.of("otel.metrics.exemplar.filter", "ALWAYS_OFF"));
        assertEquals(2, records.size(), lines().toString());
        assertEquals("WARNING No exemplar can appear: otel.metrics.exemplar.filter=always_off. The exemplar "
            + "reservoirs are installed but receive no measurement to keep.", lines().get(1));
    }

    @Test
    void traceBasedWithoutASpanProcessorWarnsThatNoSpanIsSampled() {
        // trace_based set, and trace_based by default (the key empty counts as unset)
        for (final String filter : List.of("trace_based", "")) {
            log.clear();
            start(Map.of("otel.metrics.exemplar.filter", filter, "otel.traces.exporter", "none"));
            assertEquals(2, records.size(), lines().toString());
            assertEquals("WARNING No exemplar can appear: otel.metrics.exemplar.filter=trace_based (the default) keeps "
                + "measurements made in sampled spans only, and the tracer provider has no span processor "
                + "(otel.traces.exporter=none), so it samples no span; export traces, or set "
                + "otel.metrics.exemplar.filter=always_on. The exemplar reservoirs are installed but receive no "
                + "measurement to keep.", lines().get(1));
        }
    }

    @Test
    void noTracesExporterButASpanProcessorAsTheJavaAgentAddsIsNoReasonToWarn() {
        final Map<String, String> properties = Map.of("otel.metrics.exporter", TestExporterProvider.NAME,
            "otel.traces.exporter", "none", "otel.logs.exporter", "none");
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties)
            .addTracerProviderCustomizer((tracers, config) -> tracers.addSpanProcessor(new SpanProcessor() {
                @Override
                public void onStart(final Context parentContext, final ReadWriteSpan span) {
                }

                @Override
                public boolean isStartRequired() {
                    return true;
                }

                @Override
                public void onEnd(final ReadableSpan span) {
                }

                @Override
                public boolean isEndRequired() {
                    return false;
                }
            }))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk()
            .close();
        assertEquals(1, records.size(), "the INFO line only: " + lines());
    }

    @Test
    void traceBasedWithASamplerThatSamplesNothingWarns() {
        final List<String> warnings = StartupLog.warnings(config(Map.of("otel.traces.sampler", "always_off",
            "otel.traces.exporter", "otlp")), settings(Map.of()));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("otel.traces.sampler=always_off samples no span"), warnings.get(0));
    }

    @Test
    void exemplarsThatCanAppearGetNoWarning() {
        assertEquals(List.of(), StartupLog.warnings(config(Map.of()), settings(Map.of())));
        assertEquals(List.of(), StartupLog.warnings(config(Map.of("otel.metrics.exemplar.filter", "always_on",
            "otel.traces.exporter", "none")), settings(Map.of())));
        assertEquals(List.of(), StartupLog.warnings(config(Map.of("otel.traces.sampler", "parentbased_always_on")),
            settings(Map.of())));
    }

    @Test
    void prometheusWithSeveralExemplarsPerSeriesWarnsThatOnlyTheLatestPerBucketShows() {
        start(Map.of("otel.exemplars.reservoir", "slowest", "otel.exemplars.reservoir.size", "3"));
        assertEquals(1, records.size(), "not prometheus: no warning; " + lines());
        final ConfigProperties prometheus = config(Map.of("otel.metrics.exporter", "otlp, Prometheus"));
        final List<String> slowest = StartupLog.warnings(prometheus,
            settings(Map.of("otel.exemplars.reservoir", "slowest", "otel.exemplars.reservoir.size", "2")));
        assertEquals(List.of("otel.metrics.exporter includes prometheus and otel.exemplars.reservoir=slowest keeps 2 "
            + "exemplars per histogram and counter series, but OpenMetrics text shows at most one exemplar per bucket "
            + "line and per counter: only the latest per bucket will be visible in Prometheus. Use "
            + "otel.exemplars.reservoir=aligned_slowest (one exemplar per bucket, all of them visible) instead."),
            slowest);
        for (final String name : List.of("fixed_size_uniform", "weighted_by_value")) {
            final List<String> warnings = StartupLog.warnings(prometheus,
                settings(Map.of("otel.exemplars.reservoir", name, "otel.exemplars.reservoir.size", "4")));
            assertEquals(1, warnings.size(), name);
            assertTrue(warnings.get(0).contains("Use otel.exemplars.reservoir=aligned_uniform"), warnings.get(0));
        }
    }

    @Test
    void prometheusWithOneExemplarPerBucketOrCounterGetsNoWarning() {
        final ConfigProperties prometheus = config(Map.of("otel.metrics.exporter", "prometheus"));
        for (final Map<String, String> oneEach : List.of(Map.<String, String>of(),
            Map.of("otel.exemplars.reservoir", "aligned_uniform"),
            Map.of("otel.exemplars.reservoir", "fixed_size_uniform", "otel.exemplars.reservoir.size", "1"))) {
            assertEquals(List.of(), StartupLog.warnings(prometheus, settings(oneEach)), oneEach.toString());
        }
        assertEquals(List.of(), StartupLog.warnings(config(Map.of("otel.metrics.exporter", "otlp")),
            settings(Map.of("otel.exemplars.reservoir", "slowest", "otel.exemplars.reservoir.size", "5"))));
    }

    private static void start(final Map<String, String> properties) {
        AutoConfiguredSdk.startAndClose(properties);
    }

    private static ConfigProperties config(final Map<String, String> properties) {
        return DefaultConfigProperties.createFromMap(new HashMap<>(properties));
    }

    private static ExemplarsSettings settings(final Map<String, String> properties) {
        return ExemplarsSettings.read(config(properties));
    }

    private List<String> lines() {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
    }
}
