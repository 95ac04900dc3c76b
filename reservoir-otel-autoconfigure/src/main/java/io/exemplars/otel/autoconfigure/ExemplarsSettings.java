package io.exemplars.otel.autoconfigure;

import io.exemplars.otel.ReservoirSpec;
import io.exemplars.reservoir.Retention;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the {@code otel.exemplars.*} keys ask for, read and checked in one place: the reservoir
 * ({@link ConfigKey#RESERVOIR}, {@link ConfigKey#RESERVOIR_SIZE}, {@link ConfigKey#RESERVOIR_RETAIN})
 * and the instruments it applies to ({@link ConfigKey#INSTRUMENTS}).
 *
 * <p>Each key is read by its own step below and every bad value ends the SDK's start with a
 * {@link ConfigurationException} naming the key and the value; a value is never dropped or
 * replaced by a default. A later key (a selection filter, a spec per instrument) is one more step
 * and one more field here.
 */
final class ExemplarsSettings {
    /** The instruments selected when {@link ConfigKey#INSTRUMENTS} is unset: all of them. */
    static final String ALL_INSTRUMENTS = "*";

    private final ReservoirName reservoirName;
    private final ReservoirSpec spec;
    private final List<String> instrumentPatterns;
    /** k for the names that take a size, else 0. */
    private final int size;

    private ExemplarsSettings(final ReservoirName reservoirName, final ReservoirSpec spec,
                              final List<String> instrumentPatterns, final int size) {
        this.reservoirName = reservoirName;
        this.spec = spec;
        this.instrumentPatterns = instrumentPatterns;
        this.size = size;
    }

    /**
     * @param config the SDK's configuration
     * @return the settings the keys ask for (each key's default when it is unset)
     * @throws ConfigurationException naming the key and the value when a value is not valid
     */
    static ExemplarsSettings read(final ConfigProperties config) {
        final ReservoirName reservoirName = readReservoirName(config);
        final ReservoirSpec spec = readRetention(config, reservoirName, readSpec(config, reservoirName));
        // readSpec has checked the size: it parses
        final int size = reservoirName.takesSize() ? Integer.parseInt(ConfigKey.RESERVOIR_SIZE.read(config)) : 0;
        return new ExemplarsSettings(reservoirName, spec, readInstrumentPatterns(config), size);
    }

    /** @return the {@link ConfigKey#RESERVOIR} value the spec comes from */
    ReservoirName reservoirName() {
        return reservoirName;
    }

    /** @return k, for a {@link #reservoirName()} that takes a size; else 0 */
    int size() {
        return size;
    }

    /** @return the reservoir every selected instrument gets */
    ReservoirSpec spec() {
        return spec;
    }

    /**
     * @return the instrument-name globs ({@code *}, {@code ?}), as configured (trimmed), in order:
     *     the instruments that get our reservoirs
     */
    List<String> instrumentPatterns() {
        return instrumentPatterns;
    }

    private static ReservoirName readReservoirName(final ConfigProperties config) {
        final String value = ConfigKey.RESERVOIR.read(config);
        if (value == null) {
            return ReservoirName.OTEL_DEFAULT;
        }
        return ReservoirName.find(value).orElseThrow(() -> ConfigKey.RESERVOIR.invalid(value,
            "Expected one of " + ReservoirName.allNames() + "."));
    }

    private static ReservoirSpec readSpec(final ConfigProperties config, final ReservoirName name) {
        final String value = ConfigKey.RESERVOIR_SIZE.read(config);
        if (!name.takesSize()) {
            if (value != null) {
                throw ConfigKey.RESERVOIR_SIZE.invalid(value, "Only " + ConfigKey.RESERVOIR + "="
                    + ReservoirName.sizedNames() + " take a size; " + ConfigKey.RESERVOIR + " is "
                    + name.configName() + ". Remove the size or choose one of those reservoirs.");
            }
            return name.spec(0);
        }
        if (value == null) {
            throw new ConfigurationException(ConfigKey.RESERVOIR + "=" + name.configName() + " needs "
                + ConfigKey.RESERVOIR_SIZE + " (environment variable "
                + ConfigKey.RESERVOIR_SIZE.environmentVariable()
                + "): how many exemplars each time series keeps, at least 1.");
        }
        final int size;
        try {
            size = Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            throw ConfigKey.RESERVOIR_SIZE.invalid(value, "Expected a whole number, at least 1.");
        }
        if (size < 1) {
            throw ConfigKey.RESERVOIR_SIZE.invalid(value, "Expected at least 1.");
        }
        try {
            return name.spec(size);
        } catch (IllegalArgumentException outOfRange) {
            throw ConfigKey.RESERVOIR_SIZE.invalid(value, outOfRange.getMessage() + ".");
        }
    }

    /**
     * {@link ConfigKey#RESERVOIR_RETAIN}: a duration in the SDK's syntax (parsed by the SDK's own
     * {@link ConfigProperties#getDuration}, so {@code 60s}, {@code 500ms}, {@code 2m} and a bare
     * number of milliseconds), in {@link Retention}'s range, for a reservoir that can retain.
     */
    private static ReservoirSpec readRetention(final ConfigProperties config, final ReservoirName name,
                                               final ReservoirSpec spec) {
        final String value = ConfigKey.RESERVOIR_RETAIN.read(config);
        if (value == null) {
            return spec;
        }
        if (!name.canRetain()) {
            throw ConfigKey.RESERVOIR_RETAIN.invalid(value, ConfigKey.RESERVOIR + "=" + name.configName()
                + " keeps each bucket's latest measurement and cannot retain exemplars. Remove the retention or "
                + "choose one of " + ReservoirName.retainingNames() + ".");
        }
        final Duration maxAge;
        try {
            maxAge = config.getDuration(ConfigKey.RESERVOIR_RETAIN.name());
        } catch (ConfigurationException notADuration) {
            throw ConfigKey.RESERVOIR_RETAIN.invalid(value, "Expected a duration such as 60s or 500ms ("
                + notADuration.getMessage() + ").");
        }
        if (maxAge == null || maxAge.compareTo(Retention.MIN_MAX_AGE) < 0
            || maxAge.compareTo(Retention.MAX_MAX_AGE) > 0) {
            throw ConfigKey.RESERVOIR_RETAIN.invalid(value, "Expected a duration from "
                + Retention.MIN_MAX_AGE.toMillis() + "ms to " + Retention.MAX_MAX_AGE.toHours() + "h (was "
                + maxAge + ").");
        }
        return spec.retainFor(maxAge);
    }

    private static List<String> readInstrumentPatterns(final ConfigProperties config) {
        final String value = ConfigKey.INSTRUMENTS.read(config);
        if (value == null) {
            return List.of(ALL_INSTRUMENTS);
        }
        final List<String> patterns = new ArrayList<>();
        // -1: keep trailing empty items, so that "a," is refused like "a,,b".
        for (String item : value.split(",", -1)) {
            final String pattern = item.trim();
            if (pattern.isEmpty()) {
                throw ConfigKey.INSTRUMENTS.invalid(value, "Item " + (patterns.size() + 1)
                    + " is empty. Expected comma-separated instrument names, with * and ? wildcards.");
            }
            patterns.add(pattern);
        }
        return Collections.unmodifiableList(patterns);
    }

    @Override
    public String toString() {
        return reservoirName.configName() + " (" + spec + ") for instruments "
            + String.join(",", instrumentPatterns);
    }
}
