package io.exemplars.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the service of the {@link ServiceBenchmark} runs the OpenTelemetry Java agent's exemplars:
 * only through the agent's own configuration keys and, for ours, the extension jar, as a service
 * owner would set them.
 */
enum ServiceMode {
    /** {@code otel.metrics.exemplar.filter=always_off}: no exemplar is offered; the baseline. */
    OFF("exemplars off", false, Map.of("otel.metrics.exemplar.filter", "always_off")),
    /** The agent's default: trace-based filter, the SDK's built-in (last-seen) aligned reservoir. */
    BUILT_IN("agent built-in", false, Map.of()),
    /** The extension with {@code otel.exemplars.reservoir=aligned_uniform}. */
    OURS_ALIGNED_UNIFORM("ours aligned_uniform", true, Map.of("otel.exemplars.reservoir", "aligned_uniform")),
    /** The extension with {@code otel.exemplars.reservoir=slowest}, {@code otel.exemplars.reservoir.size=2}. */
    OURS_SLOWEST("ours slowest 2", true, Map.of("otel.exemplars.reservoir", "slowest",
        "otel.exemplars.reservoir.size", "2"));

    private final String description;
    private final boolean extension;
    private final Map<String, String> settings;

    ServiceMode(final String description, final boolean extension, final Map<String, String> settings) {
        this.description = description;
        this.extension = extension;
        this.settings = settings;
    }

    /** @return a short description for tables and charts */
    String description() {
        return description;
    }

    /**
     * @param extensionJar our Java agent extension
     * @return the agent's settings ({@code -D} keys) of this mode, the extension first when it uses it
     */
    Map<String, String> agentSettings(final String extensionJar) {
        final Map<String, String> all = new LinkedHashMap<>();
        if (extension) {
            all.put("otel.javaagent.extensions", extensionJar);
        }
        all.putAll(settings);
        return all;
    }

    /** @return the file-name stem of this mode's outputs, e.g. {@code service-ours-slowest} */
    String fileStem() {
        return "service-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
