package io.exemplars.otel.autoconfigure;

import io.exemplars.testsupport.ChildProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19's "done when", on a real SDK below the tested range (1.55.0 unless
 * {@code -Dfailopen.otel.version} says otherwise; the build copies its jars): a user's application
 * with our autoconfigure module starts SDK autoconfigure, and
 * <ul>
 *   <li>by default the SDK starts, a histogram records and exports with the SDK's built-in
 *       reservoir (one exemplar, the last measurement, where ours would keep five), and exactly one
 *       warning names the version found and the tested range;</li>
 *   <li>with {@code -Dio.exemplars.otel.strict=true} the start fails as before: autoconfigure's
 *       {@code ConfigurationException} caused by the adapter's {@code IllegalStateException}.</li>
 * </ul>
 * {@link OldSdkApplication} runs in a child JVM whose class path is this test's with every
 * OpenTelemetry jar replaced by the old SDK's.
 */
class FailOpenOnOldSdkIT {
    private static final long RUN_SECONDS = 60;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theSdkStartsAndExportsWithItsBuiltInReservoirAndOneWarning() throws Exception {
        final String version = System.getProperty("failopen.otel.version");
        final Run run = run(false);
        assertEquals(0, run.exitCode, run.output());
        assertTrue(run.has("STATUS inactive on OpenTelemetry SDK " + version), run.output());
        assertTrue(run.has("STARTED"), run.output());
        assertTrue(run.has("COUNT " + OldSdkApplication.MEASUREMENTS), run.output());
        assertTrue(run.has("EXEMPLARS 1"), "the built-in reservoir keeps one per bucket, ours five: " + run.output());
        assertTrue(run.has("EXEMPLAR " + OldSdkApplication.MEASUREMENTS / 1000.0 + " 0af7651916cd43dd8448eb211c80319c"),
            "the built-in reservoir keeps the last measurement: " + run.output());
        final List<String> warnings = run.warnings();
        assertEquals(1, warnings.size(), "one warning: " + run.output());
        final String warning = warnings.get(0);
        assertTrue(warning.contains("found " + version), warning);
        assertTrue(warning.contains("tested with OpenTelemetry SDK 1.56.0 to 1.68.0"), warning);
        assertTrue(warning.contains("the SDK's built-in exemplar reservoirs apply"), warning);
        assertTrue(run.has("INFO: Exemplar reservoirs not installed: reservoir=fixed_size_uniform, size=5"),
            run.output());
        assertTrue(run.has("DONE"), run.output());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void inStrictModeTheStartFailsAsBefore() throws Exception {
        final Run run = run(true);
        assertEquals(OldSdkApplication.REFUSED_EXIT, run.exitCode, run.output());
        assertTrue(run.has("REFUSED io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException"), run.output());
        assertTrue(run.has("caused by java.lang.IllegalStateException: reservoir-otel-adapter is tested with "
            + "OpenTelemetry SDK 1.56.0 to 1.68.0"), run.output());
        assertTrue(run.has("found " + System.getProperty("failopen.otel.version")), run.output());
    }

    private static Run run(final boolean strict) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (strict) {
            command.add("-Dio.exemplars.otel.strict=true");
        }
        command.add("-cp");
        command.add(classPathOnOldSdk());
        command.add(OldSdkApplication.class.getName());
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final Thread stopOnExit = ChildProcesses.stopOnExit(process, "stop-old-sdk-application");
        try {
            final byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the application did not end: " + new String(output, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8).lines().toList());
        } finally {
            ChildProcesses.stopAndForget(process, stopOnExit);
        }
    }

    /** This test's class path, with the build's OpenTelemetry jars replaced by the old SDK's. */
    private static String classPathOnOldSdk() throws IOException {
        final Path oldSdk = Path.of(System.getProperty("failopen.sdk.dir"));
        final List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("opentelemetry-"))
            .collect(Collectors.toCollection(ArrayList::new));
        try (Stream<Path> jars = Files.list(oldSdk)) {
            final List<String> old = jars.map(Path::toString).filter(jar -> jar.endsWith(".jar")).toList();
            assertTrue(old.size() >= 10, "the build copies the old SDK's jars to " + oldSdk + ": " + old);
            entries.addAll(old);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A finished run: its exit code and output lines. */
    private record Run(int exitCode, List<String> lines) {
        boolean has(final String text) {
            return lines.stream().anyMatch(line -> line.contains(text));
        }

        /** java.util.logging's console format: a header line, then {@code LEVEL: message}. */
        List<String> warnings() {
            return lines.stream().filter(line -> line.startsWith("WARNING: ")).toList();
        }

        String output() {
            return String.join("\n", lines);
        }
    }
}
