package io.exemplars.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link ServiceUnderLoad} in a child JVM under the real OpenTelemetry Java agent, started as a
 * service owner would: {@code -javaagent}, {@code -D} settings, a fixed heap, no
 * {@code --add-exports} (so our extension's slots run on {@code VarHandle}s), and a class path
 * holding nothing but the service's one class. The agent serves its metrics with its own Prometheus
 * exporter on a second loopback port; traces are sampled (the agent's default parent-based
 * always-on sampler) but not exported, so every request is a sampled span whose duration the
 * trace-based exemplar filter lets through. Output (the agent's log included) goes to a file.
 * {@link #close()}, and a shutdown hook should the benchmark's JVM exit first, end exactly this
 * process.
 */
final class ServiceProcess implements AutoCloseable {
    private static final long POLL_MILLIS = 100;
    private static final long STOP_GRACE_SECONDS = 10;
    private static final int LOG_TAIL_LINES = 40;

    private final Process process;
    private final Thread stopOnExit;
    private final Path log;
    private final int port;
    private final int metricsPort;

    private ServiceProcess(final Process process, final Path log, final int port, final int metricsPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.metricsPort = metricsPort;
        this.stopOnExit = new Thread(this::stop, "stop-service-under-load");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * @param mode         how the agent handles exemplars
     * @param workers      the service's worker threads
     * @param lifetime     after which the service exits by itself
     * @param agentJar     the OpenTelemetry Java agent
     * @param extensionJar our agent extension (used by the modes that need it)
     * @param workDir      where the service's class and log go
     * @return the started service, ready for requests
     * @throws IOException if the JVM cannot be started, or exits or is not ready within {@code readyTimeout}
     */
    static ServiceProcess start(final ServiceMode mode, final int workers, final Duration lifetime,
                                final Path agentJar, final Path extensionJar, final Path workDir,
                                final Duration readyTimeout) throws IOException, InterruptedException {
        final int port = freePort();
        final int metricsPort = freePort();
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-javaagent:" + agentJar.toAbsolutePath());
        command.add(ForkedJvm.HEAP_MIN);
        command.add(ForkedJvm.HEAP_MAX);
        for (final Map.Entry<String, String> setting
            : mode.agentSettings(extensionJar.toAbsolutePath().toString()).entrySet()) {
            command.add("-D" + setting.getKey() + "=" + setting.getValue());
        }
        command.add("-Dotel.service.name=service-benchmark");
        command.add("-Dotel.metrics.exporter=prometheus");
        command.add("-Dotel.exporter.prometheus.host=127.0.0.1");
        command.add("-Dotel.exporter.prometheus.port=" + metricsPort);
        command.add("-Dotel.traces.exporter=none");
        command.add("-Dotel.logs.exporter=none");
        // The JDK HttpServer writes headers and body separately: without TCP_NODELAY each answer
        // would wait for the client's delayed ACK.
        command.add("-Dsun.net.httpserver.nodelay=true");
        command.add("-cp");
        command.add(serviceClassPath(workDir).toString());
        command.add(ServiceUnderLoad.class.getName());
        command.add(Integer.toString(port));
        command.add(Integer.toString(workers));
        command.add(Long.toString(lifetime.toSeconds()));
        final Path log = workDir.resolve(mode.fileStem() + "-service.log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        final ServiceProcess service = new ServiceProcess(process, log, port, metricsPort);
        try {
            service.awaitReady(readyTimeout);
        } catch (final IOException | InterruptedException | RuntimeException notReady) {
            service.close();
            throw notReady;
        }
        return service;
    }

    /** @return the service's port on 127.0.0.1 */
    int port() {
        return port;
    }

    /** @return the agent's Prometheus endpoint's port on 127.0.0.1 */
    int metricsPort() {
        return metricsPort;
    }

    /** @return the last lines of the service's output */
    String logTail() {
        try {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (final IOException unreadable) {
            return "(cannot read " + log + ": " + unreadable.getMessage() + ")";
        }
    }

    private void awaitReady(final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the service's JVM exited with code " + process.exitValue()
                    + " before it was ready; its output:\n" + logTail());
            }
            if (Files.readString(log, StandardCharsets.UTF_8).contains(ServiceUnderLoad.READY)) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IOException("the service under the agent was not ready after " + timeout + "; its output:\n"
            + logTail());
    }

    /**
     * The one class file of the service, copied out of the benchmark jar into {@code workDir}, so
     * the service's class path holds no OpenTelemetry and no copy of our code: the agent and the
     * extension bring everything else, as in a real service.
     */
    private static Path serviceClassPath(final Path workDir) throws IOException {
        final Path classes = workDir.resolve("service-classes");
        final String resource = ServiceUnderLoad.class.getName().replace('.', '/') + ".class";
        final Path target = classes.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ServiceUnderLoad.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("class file " + resource + " not found on the class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return classes;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the service's JVM and only it. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (final IllegalStateException exiting) {
            // the hook runs anyway and stops the same process, harmlessly
        }
    }
}
