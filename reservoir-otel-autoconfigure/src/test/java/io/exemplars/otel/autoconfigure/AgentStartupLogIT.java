package io.exemplars.otel.autoconfigure;

import io.exemplars.testsupport.LoopbackPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a service owner sees in the log of the real OpenTelemetry Java agent with the extension:
 * with {@code otel.*} properties, the INFO line that says what is installed (the sign of life the
 * agent gave none of before); with declarative configuration ({@code otel.config.file}), which
 * runs no autoconfigure customizer, one WARNING that the extension is inactive and why, and no
 * INFO line. {@link AgentTestService} runs under the agent in a child JVM, as in
 * {@link AgentEndToEndIT}.
 */
class AgentStartupLogIT {
    private static final Duration READY = Duration.ofSeconds(45);
    private static final Duration LIFETIME = Duration.ofSeconds(60);
    private static final String INSTALLED = "Exemplar reservoirs installed: reservoir=aligned_uniform, size=-, "
        + "retention=none, instruments=http.server.*, OpenTelemetry SDK ";
    private static final String INACTIVE = "Exemplar reservoirs inactive: the SDK is configured declaratively";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withPropertiesTheAgentLogsWhatIsInstalled(@TempDir final Path workDir) throws Exception {
        final List<String> log = agentLog(workDir, Map.of());
        assertEquals(1, count(log, INSTALLED), String.join("\n", log));
        assertTrue(log.stream().anyMatch(line -> line.contains(INSTALLED) && line.contains("status: active")),
            String.join("\n", log));
        assertEquals(0, count(log, INACTIVE), String.join("\n", log));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void underDeclarativeConfigurationTheAgentWarnsOnceThatTheExtensionIsInactive(@TempDir final Path workDir)
        throws Exception {
        final Path file = workDir.resolve("otel-config.yaml");
        Files.writeString(file, "file_format: \"1.0\"\n", StandardCharsets.UTF_8);
        final List<String> log = agentLog(workDir, Map.of(DeclarativeConfigurationNotice.CONFIG_FILE_PROPERTY,
            file.toString()));
        assertEquals(1, count(log, INACTIVE), String.join("\n", log));
        assertTrue(log.stream().anyMatch(line -> line.contains(" WARN ") && line.contains(
            DeclarativeConfigurationNotice.warning(file.toString()))), String.join("\n", log));
        assertEquals(0, count(log, "Exemplar reservoirs installed"), String.join("\n", log));
    }

    /** Starts the service under the agent with the extension, waits until it is ready, returns the log. */
    private static List<String> agentLog(final Path workDir, final Map<String, String> extra) throws Exception {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("otel.javaagent.extensions", System.getProperty("extension.jar"));
        settings.put("otel.exemplars.reservoir", "aligned_uniform");
        settings.put("otel.exemplars.instruments", "http.server.*");
        settings.put("otel.service.name", "agent-startup-log");
        settings.put("otel.metrics.exporter", "logging");
        settings.put("otel.traces.exporter", "logging");
        settings.put("otel.logs.exporter", "none");
        settings.putAll(extra);
        try (AgentProcess agent = AgentProcess.start(Path.of(System.getProperty("javaagent.jar")), settings,
            LoopbackPorts.free(), LIFETIME, workDir.resolve("agent.log"))) {
            agent.awaitReady(READY);
            return agent.logLines();
        }
    }

    private static long count(final List<String> log, final String text) {
        return log.stream().filter(line -> line.contains(text)).count();
    }
}
