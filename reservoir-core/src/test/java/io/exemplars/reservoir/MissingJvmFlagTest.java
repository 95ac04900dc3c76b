package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without the Agrona flag, creating an arena must fail with a message that names the fix. */
class MissingJvmFlagTest {

    /** Run in a child JVM started without the flag. */
    public static void main(final String[] args) {
        try {
            SlotArena.create();
            System.out.println("created");
        } catch (final IllegalStateException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }

    @Test
    void arenaCreationNamesTheMissingFlag() throws Exception {
        final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        final Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            MissingJvmFlagTest.class.getName()).redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.startsWith("refused:") && output.contains(SlotArena.REQUIRED_JVM_FLAG), output);
    }
}
