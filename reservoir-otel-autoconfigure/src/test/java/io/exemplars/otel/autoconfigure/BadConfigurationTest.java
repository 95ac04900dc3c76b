package io.exemplars.otel.autoconfigure;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every bad value stops the SDK's start with a {@link ConfigurationException} that names the key,
 * its environment variable and the value: nothing is dropped or replaced by a default.
 */
@Timeout(60)
class BadConfigurationTest {

    @ParameterizedTest(name = "{0}={1} with {2}")
    @CsvSource(delimiter = '|', value = {
        // key                          | bad value  | other keys (k=v;k=v)
        "otel.exemplars.reservoir       | bogus      | ",
        "otel.exemplars.reservoir       | aligned    | ",
        "otel.exemplars.reservoir.size  | 4          | otel.exemplars.reservoir=aligned_uniform",
        "otel.exemplars.reservoir.size  | 4          | ",
        "otel.exemplars.reservoir.size  | 1          | otel.exemplars.reservoir=aligned_slowest",
        "otel.exemplars.reservoir.retain | 60s       | otel.exemplars.reservoir=aligned_last_seen",
        "otel.exemplars.reservoir.retain | sixty     | otel.exemplars.reservoir=aligned_slowest",
        "otel.exemplars.reservoir.retain | 60q       | ",
        "otel.exemplars.reservoir.retain | 1ms       | otel.exemplars.reservoir=aligned_uniform",
        "otel.exemplars.reservoir.retain | 2d        | otel.exemplars.reservoir=slowest;otel.exemplars.reservoir.size=2",
        "otel.exemplars.reservoir.retain | -5s       | ",
        "otel.exemplars.reservoir.size  | 0          | otel.exemplars.reservoir=fixed_size_uniform",
        "otel.exemplars.reservoir.size  | -3         | otel.exemplars.reservoir=fixed_size_uniform",
        "otel.exemplars.reservoir.size  | three      | otel.exemplars.reservoir=fixed_size_uniform",
        "otel.exemplars.reservoir.size  | 2.5        | otel.exemplars.reservoir=fixed_size_uniform",
        "otel.exemplars.reservoir.size  | 99999999   | otel.exemplars.reservoir=fixed_size_uniform",
        "otel.exemplars.instruments     | 'a,,b'     | ",
        "otel.exemplars.instruments     | 'a,b,'     | ",
        "otel.exemplars.instruments     | ','        | ",
        "otel.exemplars.strict          | yes        | ",
    })
    void failsAtStartNamingKeyAndValue(final String key, final String value, final String others) {
        final Map<String, String> properties = new HashMap<>(parse(others));
        properties.put(key, value);
        assertNamesKeyAndValue(properties, key, value);
        // With no metric reader at all, the start fails just the same.
        properties.put("otel.metrics.exporter", "none");
        assertNamesKeyAndValue(properties, key, value);
    }

    @Test
    void fixedSizeUniformWithoutSizeNamesTheMissingKey() {
        final ConfigurationException e = assertThrows(ConfigurationException.class,
            () -> AutoConfiguredSdk.startAndClose(Map.of("otel.exemplars.reservoir", "fixed_size_uniform")));
        assertTrue(e.getMessage().contains("otel.exemplars.reservoir.size")
            && e.getMessage().contains("OTEL_EXEMPLARS_RESERVOIR_SIZE")
            && e.getMessage().contains("fixed_size_uniform"), e.getMessage());
    }

    private static void assertNamesKeyAndValue(final Map<String, String> properties, final String key,
                                               final String value) {
        final ConfigurationException e = assertThrows(ConfigurationException.class,
            () -> AutoConfiguredSdk.startAndClose(properties), () -> "no failure for " + properties);
        final String environmentVariable = key.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
        assertTrue(e.getMessage().contains(key + " (environment variable " + environmentVariable + ")")
            && e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    private static Map<String, String> parse(final String keyValues) {
        final Map<String, String> map = new HashMap<>();
        if (keyValues != null) {
            for (String pair : keyValues.split(";")) {
                final String[] kv = pair.split("=", 2);
                map.put(kv[0].trim(), kv[1].trim());
            }
        }
        return map;
    }
}
