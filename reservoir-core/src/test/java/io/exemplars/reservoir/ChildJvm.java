package io.exemplars.reservoir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test support: runs a main class of the test classpath in a fresh JVM with exactly the given JVM options. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * @return the child's standard output and error, after asserting it exited with 0 within 60 s
     */
    public static String run(final Class<?> main, final String... jvmOptions) throws Exception {
        return run(60, main, jvmOptions);
    }

    /**
     * @return the child's standard output and error, after asserting it exited with 0 in time
     */
    public static String run(final int timeoutSeconds, final Class<?> main, final String... jvmOptions)
        throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(Arrays.asList(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        // To a file, not a pipe: a child that writes more than the pipe's buffer before it exits
        // would block on the write while this thread waits for it to exit.
        final Path log = Files.createTempFile("child-jvm", ".log");
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final boolean finished = child.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            child.destroyForcibly().waitFor();
        }
        final String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        Files.delete(log);
        assertTrue(finished, "child JVM did not finish: " + output);
        assertEquals(0, child.exitValue(), output);
        return output;
    }
}
