package io.exemplars.otel.autoconfigure;

import io.exemplars.otel.ReservoirStatus;
import io.exemplars.reservoir.SlotMemoryBackend;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the provider tells at each SDK start that builds a metric reader, through {@code java.util.logging} (logger
 * {@code io.exemplars.otel.autoconfigure.ExemplarReservoirCustomizerProvider}), so that a service
 * owner sees from the log alone whether the extension runs and whether exemplars can appear:
 * <ul>
 *   <li>one INFO line: what is installed (reservoir, size, retention, instrument patterns), on
 *       which SDK, with which slot-memory backend, and the adapter's status (active, or why not:
 *       then it says "not installed");</li>
 *   <li>one WARNING when no exemplar can appear: the exemplar filter is {@code always_off}, or it
 *       is {@code trace_based} (the default) while the tracer provider samples nothing
 *       ({@code otel.traces.sampler=always_off}, or, once the SDK is built, a tracer provider
 *       without a span processor, which {@code otel.traces.exporter=none} leaves);</li>
 *   <li>one WARNING when the Prometheus exporter will hide exemplars: {@code otel.metrics.exporter}
 *       includes {@code prometheus} and the reservoir keeps k &gt; 1 exemplars per histogram or
 *       counter series (the specs for which {@link io.exemplars.otel.ReservoirSpec#openMetricsCaveat()}
 *       has a caveat); OpenMetrics text carries one per bucket line and per counter, the latest.</li>
 * </ul>
 * Only logs: no resource or scope attribute.
 */
final class StartupLog {
    static final Logger LOGGER = Logger.getLogger(ExemplarReservoirCustomizerProvider.class.getName());

    private static final String EXEMPLAR_FILTER = "otel.metrics.exemplar.filter";
    private static final String TRACES_EXPORTER = "otel.traces.exporter";
    private static final String TRACES_SAMPLER = "otel.traces.sampler";
    private static final String METRICS_EXPORTER = "otel.metrics.exporter";
    private static final String TRACE_BASED = "trace_based";
    private static final String NO_SPAN_PROCESSOR = "spanProcessor=NoopSpanProcessor";
    private static final String NO_EXEMPLAR = "No exemplar can appear: ";
    private static final String TRACE_BASED_KEEPS = EXEMPLAR_FILTER + "=trace_based (the default) keeps "
        + "measurements made in sampled spans only, and ";
    private static final String NOTHING_TO_KEEP = ". The exemplar reservoirs are installed but receive no "
        + "measurement to keep.";

    private StartupLog() {
    }

    /**
     * Logs the INFO line and the warnings that apply; never throws.
     *
     * @param config   the SDK's configuration
     * @param settings the checked {@code otel.exemplars.*} settings
     * @param status   the adapter's status on this SDK
     */
    static void log(final ConfigProperties config, final ExemplarsSettings settings, final ReservoirStatus status) {
        LOGGER.log(Level.INFO, installed(settings, status, status.isActive() ? SlotMemoryBackend.current() : null));
        if (status.isActive()) {
            for (final String warning : warnings(config, settings)) {
                LOGGER.log(Level.WARNING, warning);
            }
        }
    }

    /**
     * @param backend the slot-memory backend, null when nothing is installed
     * @return the INFO line
     */
    static String installed(final ExemplarsSettings settings, final ReservoirStatus status,
                            final SlotMemoryBackend backend) {
        final Duration retention = settings.spec().retention().orElse(null);
        return "Exemplar reservoirs " + (status.isActive() ? "installed" : "not installed") + ": reservoir="
            + settings.reservoirName().configName()
            + ", size=" + (settings.reservoirName().takesSize() ? Integer.toString(settings.size()) : "-")
            + ", retention=" + (retention == null ? "none" : retention.toString().substring(2).toLowerCase(Locale.ROOT))
            + ", instruments=" + String.join(",", settings.instrumentPatterns())
            + ", OpenTelemetry SDK " + status.sdkVersion()
            + (backend == null ? "" : ", slot memory " + backend.name().toLowerCase(Locale.ROOT))
            + "; status: " + status;
    }

    /**
     * @return the warnings that apply to this configuration, in order; empty when none
     */
    static List<String> warnings(final ConfigProperties config, final ExemplarsSettings settings) {
        final List<String> warnings = new ArrayList<>();
        final String noExemplars = whyNoExemplarCanAppear(config);
        if (noExemplars != null) {
            warnings.add(NO_EXEMPLAR + noExemplars + NOTHING_TO_KEEP);
        }
        // which specs OpenMetrics shows only in part is the adapter's rule (ReservoirSpec.openMetricsCaveat());
        // the message stays in configuration keys, which is what the reader of this log can change
        if (values(config, METRICS_EXPORTER).contains("prometheus")
            && settings.spec().openMetricsCaveat().isPresent()) {
            final String instead = settings.reservoirName() == ReservoirName.SLOWEST ? "aligned_slowest"
                : "aligned_uniform";
            warnings.add(METRICS_EXPORTER + " includes prometheus and " + ConfigKey.RESERVOIR + "="
                + settings.reservoirName().configName() + " keeps " + settings.size() + " exemplars per histogram "
                + "and counter series, but OpenMetrics text shows at most one exemplar per bucket line and per "
                + "counter: only the latest per bucket will be visible in Prometheus. Use " + ConfigKey.RESERVOIR
                + "=" + instead + " (one exemplar per bucket, all of them visible) instead.");
        }
        return warnings;
    }

    /** @return why the SDK's exemplar filter lets nothing through, or null when exemplars can appear */
    private static String whyNoExemplarCanAppear(final ConfigProperties config) {
        final String filter = value(config, EXEMPLAR_FILTER, TRACE_BASED);
        if ("always_off".equals(filter)) {
            return EXEMPLAR_FILTER + "=always_off";
        }
        if (TRACE_BASED.equals(filter) && "always_off".equals(value(config, TRACES_SAMPLER, ""))) {
            return TRACE_BASED_KEEPS + TRACES_SAMPLER + "=always_off samples no span; sample some traces, or set "
                + EXEMPLAR_FILTER + "=always_on";
        }
        return null;
    }

    /**
     * The check that needs the SDK as built: a tracer provider without any span processor (what
     * {@code otel.traces.exporter=none} leaves, unless something else adds one, as the Java agent
     * does) creates no span at all, so a trace-based filter lets nothing through. The SDK tells this
     * only through its tracer provider's {@code toString()} ({@code spanProcessor=NoopSpanProcessor});
     * should that text change, the warning is not given, nothing else.
     *
     * @param config        the configuration the readers got
     * @param tracerProvider the SDK's tracer provider, as built
     */
    static void logIfNoSpanIsSampled(final ConfigProperties config, final Object tracerProvider) {
        if (TRACE_BASED.equals(value(config, EXEMPLAR_FILTER, TRACE_BASED))
            && String.valueOf(tracerProvider).contains(NO_SPAN_PROCESSOR)) {
            LOGGER.log(Level.WARNING, NO_EXEMPLAR + TRACE_BASED_KEEPS + "the tracer provider has no span processor ("
                + TRACES_EXPORTER + "=" + value(config, TRACES_EXPORTER, "otlp") + "), so it samples no span; export "
                + "traces, or set " + EXEMPLAR_FILTER + "=always_on" + NOTHING_TO_KEEP);
        }
    }

    private static String value(final ConfigProperties config, final String key, final String otherwise) {
        final String value = config.getString(key);
        return value == null || value.isBlank() ? otherwise : value.trim().toLowerCase(Locale.ROOT);
    }

    private static List<String> values(final ConfigProperties config, final String key) {
        final List<String> values = new ArrayList<>();
        for (final String value : config.getList(key)) {
            values.add(value.trim().toLowerCase(Locale.ROOT));
        }
        return values;
    }
}
