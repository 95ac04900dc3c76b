package io.exemplars.otel.autoconfigure;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opens the Java agent extension jar the build made and checks what the agent will load from it:
 * our provider in the merged services file, our classes, Agrona relocated under our package, and
 * no OpenTelemetry class (the agent brings its own SDK; a second copy would shadow it).
 */
class ExtensionJarIT {
    private static final String SERVICES =
        "META-INF/services/io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider";

    @Test
    void holdsOurCodeAndRelocatedAgronaButNoOpenTelemetry() throws IOException {
        final Path jar = Path.of(System.getProperty("extension.jar"));
        final String shaded = System.getProperty("shaded.package").replace('.', '/') + "/";
        assertTrue(Files.isRegularFile(jar), "the build made no " + jar);
        final List<String> openTelemetry = new ArrayList<>();
        final List<String> unrelocated = new ArrayList<>();
        final List<String> foreign = new ArrayList<>();
        int relocatedAgrona = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                final String name = entry.getName();
                if (!name.endsWith(".class")) {
                    continue;
                }
                if (name.startsWith("io/opentelemetry/")) {
                    openTelemetry.add(name);
                } else if (name.startsWith("org/agrona/")) {
                    unrelocated.add(name);
                } else if (name.startsWith(shaded + "org/agrona/")) {
                    relocatedAgrona++;
                } else if (!name.startsWith("io/exemplars/")) {
                    foreign.add(name);
                }
            }
            assertEquals(List.of(), openTelemetry, "OpenTelemetry classes in the extension jar");
            assertEquals(List.of(), unrelocated, "Agrona classes not relocated");
            assertEquals(List.of(), foreign, "third-party classes outside our package");
            assertTrue(relocatedAgrona > 0, "no Agrona under " + shaded + ": the core could not run");
            for (String ours : List.of(
                ExemplarReservoirCustomizerProvider.class.getName(),
                "io.exemplars.otel.ReservoirAggregation",
                "io.exemplars.reservoir.SlotArena")) {
                assertTrue(file.getEntry(ours.replace('.', '/') + ".class") != null, ours + " missing");
            }
            final JarEntry services = file.getJarEntry(SERVICES);
            assertTrue(services != null, SERVICES + " missing");
            try (InputStream in = file.getInputStream(services)) {
                final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(text.lines().map(String::trim).anyMatch(
                    ExemplarReservoirCustomizerProvider.class.getName()::equals), SERVICES + " holds: " + text);
            }
        }
    }
}
