package io.exemplars.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One real Prometheus server, started by the test as its child process: loopback only, its own
 * config and storage in a temporary directory, exemplar storage on. {@link #close()} (and, should
 * the JVM exit first, a shutdown hook) ends exactly this process: {@code destroy} (SIGTERM), then
 * {@code destroyForcibly} (SIGKILL) if it has not exited in time.
 */
public final class PrometheusProcess implements AutoCloseable {

    /** The command the README's test command runs first; quoted in the failure message. */
    public static final String INSTALL_COMMAND =
            "apt-get update && apt-get install -y --no-install-recommends prometheus";
    /** Lets a run point at another binary: {@code -Dprometheus.binary=/path/to/prometheus}. */
    public static final String BINARY_PROPERTY = "prometheus.binary";

    /** The {@code job} label of every series Prometheus scrapes from the target. */
    public static final String JOB = "test-target";

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 200;
    private static final int LOG_TAIL_LINES = 40;

    private final Process process;
    private final Thread killOnExit;
    private final URI base;
    private final Path log;
    private final HttpClient http;

    private PrometheusProcess(Process process, Thread killOnExit, URI base, Path log) {
        this.process = process;
        this.killOnExit = killOnExit;
        this.base = base;
        this.log = log;
        this.http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    }

    /**
     * @return the {@code prometheus} executable: {@code -Dprometheus.binary}, else the first on PATH
     * @throws AssertionError with the install command if there is none
     */
    public static Path findBinary() {
        final String configured = System.getProperty(BINARY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            final Path path = Path.of(configured);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new AssertionError("-D" + BINARY_PROPERTY + "=" + configured + " is not an executable file");
        }
        final String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            final Path candidate = Path.of(dir, "prometheus");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("The end-to-end test needs a real Prometheus, and no 'prometheus' binary is on "
                + "PATH (" + pathVariable + "). The README's test command installs Debian's package first: "
                + INSTALL_COMMAND + " (as root), or pass -D" + BINARY_PROPERTY + "=/path/to/prometheus.");
    }

    /**
     * Writes a config that scrapes {@code target} every second and starts Prometheus on a free
     * loopback port with exemplar storage enabled.
     *
     * @param binary the prometheus executable
     * @param target host:port of the metrics endpoint to scrape (path {@code /metrics})
     * @param workDir an empty directory for the config, the TSDB and the log
     * @return the started process; call {@link #awaitReady} before querying
     * @throws IOException if the config cannot be written or the process cannot be started
     */
    public static PrometheusProcess start(Path binary, String target, Path workDir) throws IOException {
        final Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1m",
                "storage:",
                "  exemplars:",
                "    max_exemplars: 100000",
                "scrape_configs:",
                "  - job_name: " + JOB + ",",
                "    metrics_path: /metrics",
                "    static_configs:",
                "      - targets: ['" + target + "']",
                ""));
        final Path data = Files.createDirectories(workDir.resolve("data"));
        final Path log = workDir.resolve("prometheus.log");
        final int port = LoopbackPorts.free();
        final ProcessBuilder builder = new ProcessBuilder(List.of(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--web.listen-address=" + LoopbackPorts.LOOPBACK + ":" + port,
                "--enable-feature=exemplar-storage",
                "--log.level=info"))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        final Process process = builder.start();
        final Thread killOnExit = ChildProcesses.stopOnExit(process, "stop-test-prometheus");
        return new PrometheusProcess(process, killOnExit, URI.create("http://" + LoopbackPorts.LOOPBACK + ":" + port), log);
    }

    /** @return the Prometheus process id, for the test's report */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits until Prometheus answers {@code /-/ready}.
     *
     * @throws AssertionError with the log tail if it exits or is not ready within {@code timeout}
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited with code " + process.exitValue()
                        + " before becoming ready; its log:\n" + logTail());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Keep polling until the deadline.
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError("prometheus not ready after " + timeout + "; its log:\n" + logTail());
    }

    /**
     * Runs {@code GET /api/v1/query_exemplars} over [start, end].
     *
     * @return the {@code data} array of a successful answer
     * @throws AssertionError if Prometheus answers anything but success
     */
    public JsonNode queryExemplars(String promQl, double startSeconds, double endSeconds)
            throws IOException, InterruptedException {
        final String path = "/api/v1/query_exemplars?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)
                + "&start=" + startSeconds + "&end=" + endSeconds;
        return array(successfulData(path), path);
    }

    /** @return the {@code data} member of a successful API answer to {@code GET pathAndQuery} */
    private JsonNode successfulData(String pathAndQuery) throws IOException, InterruptedException {
        final HttpResponse<String> response = get(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new AssertionError(pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        final JsonNode answer = Json.parse(response.body());
        if (!"success".equals(answer.path("status").textValue())) {
            throw new AssertionError(pathAndQuery + " failed: " + response.body());
        }
        return answer.path("data");
    }

    private static JsonNode array(JsonNode value, String pathAndQuery) {
        if (!value.isArray()) {
            throw new AssertionError(pathAndQuery + ": expected an array, got " + value);
        }
        return value;
    }

    /**
     * Runs {@code GET /api/v1/query} (an instant query) at {@code timeSeconds}. A range selector
     * such as {@code metric[5m]} answers the raw samples with their scrape timestamps.
     *
     * @return the {@code data.result} array of a successful answer
     * @throws AssertionError if Prometheus answers anything but success
     */
    public JsonNode query(String promQl, double timeSeconds) throws IOException, InterruptedException {
        final String path = "/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)
                + "&time=" + timeSeconds;
        return array(successfulData(path).path("result"), path);
    }

    /** @return the scrape targets' state as Prometheus reports it, for failure messages */
    public String targets() {
        try {
            return get("/api/v1/targets?state=active").body();
        } catch (IOException e) {
            return "(targets unavailable: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** @return the last lines of Prometheus's log */
    public String logTail() {
        try {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** @return whether the process is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops this Prometheus and only it: SIGTERM, then SIGKILL if it lingers. */
    @Override
    public void close() {
        ChildProcesses.stopAndForget(process, killOnExit);
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        final HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(HTTP_TIMEOUT)
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }


}
