package io.exemplars.otel.autoconfigure;

import io.exemplars.testsupport.ChildProcesses;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link AgentTestService} in a child JVM under the real OpenTelemetry Java agent, started with
 * nothing but {@code -javaagent} and {@code -D} settings (no {@code --add-exports}, no other JVM
 * flag): what a service owner would add to their start command. Its output (the agent's log
 * included) goes to a file. {@link #close()} (and, should the test JVM exit first, a shutdown
 * hook) ends exactly this process: {@code destroy}, then {@code destroyForcibly} if it lingers.
 */
final class AgentProcess implements AutoCloseable {
    private static final long POLL_MILLIS = 100;
    private static final int LOG_TAIL_LINES = 60;

    private final Process process;
    private final Thread killOnExit;
    private final Path log;

    private AgentProcess(final Process process, final Thread killOnExit, final Path log) {
        this.process = process;
        this.killOnExit = killOnExit;
        this.log = log;
    }

    /**
     * @param agentJar        the OpenTelemetry Java agent
     * @param systemProperties the {@code -D} settings, in order
     * @param servicePort     the port {@link AgentTestService} binds on 127.0.0.1
     * @param maxLifetime     after which the service exits by itself
     * @param log             the file for the child's output
     * @return the started process; call {@link #awaitReady}
     * @throws IOException if the JVM cannot be started
     */
    static AgentProcess start(final Path agentJar, final Map<String, String> systemProperties, final int servicePort,
                              final Duration maxLifetime, final Path log) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-javaagent:" + agentJar);
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        // Only the service's own class: no OpenTelemetry, no copy of our code on the application's
        // class path; the agent and the extension jar bring everything else.
        command.add("-cp");
        command.add(serviceClassPath());
        command.add(AgentTestService.class.getName());
        command.add(Integer.toString(servicePort));
        command.add(Long.toString(maxLifetime.toSeconds()));
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        final Thread killOnExit = ChildProcesses.stopOnExit(process, "stop-agent-test-service");
        return new AgentProcess(process, killOnExit, log);
    }

    private static String serviceClassPath() {
        try {
            return Path.of(AgentTestService.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test classes", e);
        }
    }

    /**
     * Waits until the service prints {@link AgentTestService#READY}.
     *
     * @throws AssertionError with the log tail if it exits or is not ready within {@code timeout}
     */
    void awaitReady(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the agent's JVM exited with code " + process.exitValue()
                    + " before the service was ready; its output:\n" + logTail());
            }
            if (logLines().contains(AgentTestService.READY)) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError("the service under the agent was not ready after " + timeout
            + "; its output:\n" + logTail());
    }

    /** @return the child's output so far, line by line */
    List<String> logLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read the agent's log " + log, e);
        }
    }

    /** @return the last lines of the child's output */
    String logTail() {
        final List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    /** @return whether the child JVM still runs */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the child JVM and only it. */
    @Override
    public void close() {
        ChildProcesses.stopAndForget(process, killOnExit);
    }
}
