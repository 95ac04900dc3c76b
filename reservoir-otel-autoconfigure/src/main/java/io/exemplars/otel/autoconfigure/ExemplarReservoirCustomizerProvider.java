package io.exemplars.otel.autoconfigure;

import io.exemplars.otel.ReservoirAggregation;
import io.exemplars.otel.ReservoirStatus;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.AutoConfigureListener;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.export.MetricReader;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts our exemplar reservoirs into SDK autoconfigure and the OpenTelemetry Java agent, from
 * configuration alone: loaded through {@code META-INF/services} (on the application's classpath,
 * or in the agent extension jar given by {@code -Dotel.javaagent.extensions}).
 *
 * <h2>Keys</h2>
 * Each is a system property or the environment variable in brackets; empty counts as unset.
 * <ul>
 *   <li>{@code otel.exemplars.reservoir} ({@code OTEL_EXEMPLARS_RESERVOIR}): {@code otel_default}
 *       (default: the specification's reservoir for each aggregation, sampled uniformly),
 *       {@code aligned_uniform}, {@code aligned_last_seen} or {@code fixed_size_uniform}.</li>
 *   <li>{@code otel.exemplars.reservoir.size} ({@code OTEL_EXEMPLARS_RESERVOIR_SIZE}): k, at least
 *       1, for {@code fixed_size_uniform}, which requires it; refused with any other reservoir.</li>
 *   <li>{@code otel.exemplars.instruments} ({@code OTEL_EXEMPLARS_INSTRUMENTS}): comma-separated
 *       instrument names with {@code *} and {@code ?} wildcards, default {@code *} (all).</li>
 * </ul>
 * <ul>
 *   <li>{@code otel.exemplars.strict} ({@code OTEL_EXEMPLARS_STRICT}): {@code true} stops the SDK's
 *       start with an {@link IllegalStateException} (which autoconfigure reports as a
 *       {@link ConfigurationException}) when the adapter cannot serve the SDK, as
 *       {@code -Dio.exemplars.otel.strict=true} does; default {@code false}: fail open.</li>
 * </ul>
 * A bad value ends the SDK's start with a {@link ConfigurationException} naming the key and the
 * value, before any exporter or reader is built, even when no metric reader is configured.
 *
 * <h2>An SDK the adapter cannot serve</h2>
 * Outside the adapter's tested range, or when the SDK's internals do not fit, the provider fails
 * open: the readers keep the SDK's default aggregation (built-in exemplar reservoirs), the SDK
 * starts as it would without this extension, and the adapter logs one warning naming the version
 * found, the tested range and what did not fit ({@link ReservoirAggregation#status()}). Strict mode
 * refuses instead.
 *
 * <h2>What it logs</h2>
 * At each SDK start that builds a metric reader, one INFO line with what it installs and the
 * adapter's status, and a warning
 * when no exemplar can appear or when the Prometheus exporter will show only some: see
 * {@link StartupLog}.
 *
 * <h2>What it changes</h2>
 * Every metric reader's default aggregation ({@link ReservoirDefaultsMetricReader}): the selected
 * instruments get {@link ReservoirAggregation#defaultAggregation(io.exemplars.otel.ReservoirSpec,
 * java.util.List)}, the SDK's default aggregation for each instrument (explicit-bucket histogram
 * with the instrument's bucket advice, sum, last value) with our reservoir. Being a default, not a
 * {@code View}, it keeps each instrument's attribute advice too (a View would drop it: see the
 * adapter). The provider's exemplar filter ({@code otel.metrics.exemplar.filter}) applies as
 * before; {@code always_off} installs no reservoir.
 *
 * <h2>With Views</h2>
 * An instrument that one of the application's Views selects is aggregated by that View, as with
 * any default aggregation: the View replaces ours, and only one stream is produced. To keep our
 * reservoirs on such an instrument, give that View a {@code ReservoirAggregation}.
 */
public final class ExemplarReservoirCustomizerProvider
    implements AutoConfigurationCustomizerProvider, AutoConfigureListener {
    /** The readers' configuration once reservoirs were installed at this start; else null. */
    private volatile ConfigProperties installedWith;

    /** For {@code ServiceLoader} (one instance per SDK start). */
    public ExemplarReservoirCustomizerProvider() {
    }

    @Override
    public void customize(final AutoConfigurationCustomizer autoConfiguration) {
        // Checked first, before autoconfigure builds any exporter or reader: a bad key stops the
        // start at once, in every configuration (otel.metrics.exporter=none included).
        autoConfiguration.addPropertiesCustomizer(config -> {
            ExemplarsSettings.read(config);
            strict(config);
            return Map.of();
        });
        // Logged where the reservoirs are installed, from the configuration the readers get: the
        // final one (the Spring Boot starter, for one, puts its own over what properties
        // customizers see). Once per start, however many readers.
        final AtomicBoolean logged = new AtomicBoolean();
        autoConfiguration.addMetricReaderCustomizer((reader, config) -> withReservoirs(reader, config, logged));
    }

    /**
     * Called by autoconfigure once the SDK is built: the one check that needs it (a tracer
     * provider that samples nothing).
     *
     * @param sdk the SDK as built
     */
    @Override
    public void afterAutoConfigure(final OpenTelemetrySdk sdk) {
        final ConfigProperties config = installedWith;
        if (config != null) {
            StartupLog.logIfNoSpanIsSampled(config, sdk.getSdkTracerProvider());
        }
    }

    private MetricReader withReservoirs(final MetricReader reader, final ConfigProperties config,
                                        final AtomicBoolean logged) {
        final ExemplarsSettings settings = ExemplarsSettings.read(config);
        final ReservoirStatus status = ReservoirAggregation.status();
        if (!status.isActive() && strict(config)) {
            // Where the adapter's factory throws it in strict mode: autoconfigure reports it as a
            // ConfigurationException caused by this, as it did before fail-open existed.
            throw new IllegalStateException(status.problem().orElseThrow());
        }
        final Aggregation withReservoirs = ReservoirAggregation.defaultAggregation(settings.spec(),
            settings.instrumentPatterns());
        if (logged.compareAndSet(false, true)) {
            StartupLog.log(config, settings, ReservoirAggregation.status());
            if (ReservoirAggregation.status().isActive()) {
                installedWith = config;
            }
        }
        // Failing open, the factory returned the SDK's default (and warned): the reader keeps its own.
        return ReservoirAggregation.status().isActive() ? new ReservoirDefaultsMetricReader(reader, withReservoirs)
            : reader;
    }

    /**
     * @return whether {@link ConfigKey#STRICT} or {@code -Dio.exemplars.otel.strict} is {@code true}
     * @throws ConfigurationException naming the key and the value when it is neither true nor false
     */
    static boolean strict(final ConfigProperties config) {
        final String value = ConfigKey.STRICT.read(config);
        if (value != null && !"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
            throw ConfigKey.STRICT.invalid(value, "Expected true or false.");
        }
        return "true".equalsIgnoreCase(value) || Boolean.getBoolean(ReservoirAggregation.STRICT_PROPERTY);
    }
}
