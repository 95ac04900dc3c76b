package io.exemplars.otel.autoconfigure;

import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Says, once, that the extension is inactive when the SDK is configured declaratively
 * ({@code otel.config.file}, the SDK's declarative configuration, also read by the Java agent):
 * that path does not run {@code AutoConfigurationCustomizerProvider}s, so
 * {@link ExemplarReservoirCustomizerProvider} never runs, the {@code otel.exemplars.*} keys are
 * not read, and the SDK's built-in exemplar reservoirs apply. Never silent.
 *
 * <h2>Why a component provider</h2>
 * Declarative configuration offers no customizer hook that is stable across SDK versions, and its
 * model has no place for a custom aggregation. What it does, in every version that has it, is load
 * every {@link ComponentProvider} on the class path (the agent's extension jars included) to index
 * them by type and name. Being loaded is the signal: the constructor logs the warning when
 * {@code otel.config.file} is set (system property or {@code OTEL_CONFIG_FILE}). The component it
 * provides is of its own type, which no configuration asks for, so it adds nothing to the SDK.
 */
public final class DeclarativeConfigurationNotice implements ComponentProvider {
    /** The name it is indexed under; no configuration names it. */
    static final String NAME = "exemplar_reservoirs_inactive_under_declarative_configuration";
    static final String CONFIG_FILE_PROPERTY = "otel.config.file";
    static final String CONFIG_FILE_VARIABLE = "OTEL_CONFIG_FILE";

    private static final Logger LOGGER = Logger.getLogger(ExemplarReservoirCustomizerProvider.class.getName());
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** For {@code ServiceLoader}: logs the warning once per JVM under declarative configuration. */
    public DeclarativeConfigurationNotice() {
        final String file = configFile();
        if (file != null && WARNED.compareAndSet(false, true)) {
            LOGGER.log(Level.WARNING, warning(file));
        }
    }

    /**
     * @param file the configuration file
     * @return the warning
     */
    static String warning(final String file) {
        return "Exemplar reservoirs inactive: the SDK is configured declaratively (" + CONFIG_FILE_PROPERTY + "="
            + file + "), and declarative configuration does not run AutoConfigurationCustomizerProviders, so "
            + "reservoir-otel-autoconfigure does not install its reservoirs and ignores the otel.exemplars.* keys; "
            + "the SDK's built-in exemplar reservoirs apply. To use ours, configure the SDK with otel.* properties "
            + "(no " + CONFIG_FILE_PROPERTY + "), or build the meter provider in code with ReservoirAggregation.";
    }

    /** @return {@code otel.config.file} from the system properties, else the environment; null if unset */
    private static String configFile() {
        final String property = System.getProperty(CONFIG_FILE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        final String variable = System.getenv(CONFIG_FILE_VARIABLE);
        return variable == null || variable.isBlank() ? null : variable.trim();
    }

    @Override
    public Class<?> getType() {
        return DeclarativeConfigurationNotice.class;
    }

    @Override
    public String getName() {
        return NAME;
    }

    /** Never asked for (no configuration names this type); returns itself. */
    @Override
    public Object create(final DeclarativeConfigProperties config) {
        return this;
    }
}
