package io.exemplars.otel.autoconfigure;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;

import java.util.Locale;

/**
 * One {@code otel.exemplars.*} configuration key: its name, the environment variable that sets it
 * too, and the one way a bad value of it is reported.
 *
 * <p>Values are read through the SDK's {@link ConfigProperties}, so each key is set by the system
 * property of its name or by its environment variable ({@code otel.exemplars.reservoir.size} is
 * {@code OTEL_EXEMPLARS_RESERVOIR_SIZE}), with the SDK's precedence (system property first). As
 * the OpenTelemetry specification asks of environment variables, a value that is empty or only
 * blanks counts as unset.
 */
final class ConfigKey {
    /** Which reservoir: {@link ReservoirName}; default {@code otel_default}. */
    static final ConfigKey RESERVOIR = new ConfigKey("otel.exemplars.reservoir");
    /** How many exemplars a {@code fixed_size_uniform} reservoir keeps; required for it only. */
    static final ConfigKey RESERVOIR_SIZE = new ConfigKey("otel.exemplars.reservoir.size");
    /**
     * How long exemplars are kept across collections (a duration, as the SDK's duration keys:
     * {@code 60s}, {@code 500ms}, a bare number of milliseconds); unset: no retention.
     */
    static final ConfigKey RESERVOIR_RETAIN = new ConfigKey("otel.exemplars.reservoir.retain");
    /** Comma-separated instrument names, {@code *} and {@code ?} wildcards; default {@code *}. */
    static final ConfigKey INSTRUMENTS = new ConfigKey("otel.exemplars.instruments");
    /**
     * {@code true}: refuse to start (as {@code -Dio.exemplars.otel.strict=true} does) instead of
     * failing open when the SDK cannot be served; default {@code false}.
     */
    static final ConfigKey STRICT = new ConfigKey("otel.exemplars.strict");

    private final String name;
    private final String environmentVariable;

    private ConfigKey(final String name) {
        this.name = name;
        this.environmentVariable = name.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** @return the system-property name, e.g. {@code otel.exemplars.reservoir} */
    String name() {
        return name;
    }

    /** @return the environment variable, e.g. {@code OTEL_EXEMPLARS_RESERVOIR} */
    String environmentVariable() {
        return environmentVariable;
    }

    /**
     * @param config the SDK's configuration
     * @return the trimmed value, or null when the key is unset, empty or blank
     */
    String read(final ConfigProperties config) {
        final String value = config.getString(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim();
    }

    /**
     * @param value the value as configured
     * @param why   what is wrong with it and what would be accepted
     * @return the exception that stops the SDK's start, naming this key, its environment variable
     *     and the value
     */
    ConfigurationException invalid(final String value, final String why) {
        return new ConfigurationException("Invalid value for " + name + " (environment variable "
            + environmentVariable + "): '" + value + "'. " + why);
    }

    @Override
    public String toString() {
        return name;
    }
}
