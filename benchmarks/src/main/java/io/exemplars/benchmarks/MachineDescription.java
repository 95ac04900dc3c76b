package io.exemplars.benchmarks;

import io.exemplars.otel.ReservoirAggregation;
import io.prometheus.metrics.core.exemplars.ExemplarSampler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;

/**
 * The machine a run's figures came from, for RESULTS.md: cores, CPU model, JVM and OS; and the
 * peers' versions.
 */
final class MachineDescription {
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final String CPU_MODEL_KEY = "model name";
    private static final String PROMETHEUS_POM_PROPERTIES =
        "/META-INF/maven/io.prometheus/prometheus-metrics-core/pom.properties";

    private MachineDescription() {
    }

    /**
     * @return e.g. "2 cores (Intel(R) Xeon(R) ...), OpenJDK 64-Bit Server VM 17.0.15+6, Linux 6.1.0 amd64"
     */
    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores" + cpuModel() + ", "
            + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
            + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch");
    }

    /**
     * @return the peers' versions on the benchmark class path: the OpenTelemetry Java SDK the build
     *     is pinned to (as the adapter detects it) and Prometheus client_java
     */
    static String peers() {
        return "OpenTelemetry Java SDK " + ReservoirAggregation.detectedSdkVersion()
            + " (opentelemetry-sdk-metrics, the version the build is pinned to), Prometheus client_java "
            + prometheusVersion() + " (prometheus-metrics-core)";
    }

    /** Prometheus client_java's version, from the Maven metadata its jar carries (kept by the shade). */
    private static String prometheusVersion() {
        try (InputStream in = ExemplarSampler.class.getResourceAsStream(PROMETHEUS_POM_PROPERTIES)) {
            if (in != null) {
                final Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "(unknown version)");
            }
        } catch (final IOException unreadable) {
            // reported as unknown below
        }
        return "(unknown version)";
    }

    /**
     * @return the current time, UTC, to the minute
     */
    static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }

    /** The CPU model from /proc/cpuinfo where there is one (Linux), else nothing. */
    private static String cpuModel() {
        try {
            final List<String> lines = Files.readAllLines(CPU_INFO);
            for (final String line : lines) {
                if (line.startsWith(CPU_MODEL_KEY)) {
                    return " (" + line.substring(line.indexOf(':') + 1).trim() + ")";
                }
            }
        } catch (final IOException | SecurityException ex) {
            // not Linux, or not readable: the core count alone is still true
        }
        return "";
    }
}
