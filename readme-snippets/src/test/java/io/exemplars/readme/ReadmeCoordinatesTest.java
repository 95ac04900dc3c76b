package io.exemplars.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The coordinates the README tells users to add are the ones this build makes: every
 * {@code io.exemplars} artifact at this build's version, every OpenTelemetry SDK artifact at the
 * version the build pins. A release build (0.1.0) fails here until the README says 0.1.0.
 */
class ReadmeCoordinatesTest {

    private static final Path README =
        Path.of(System.getProperty("repository.root", "..")).resolve("README.md");

    /** A Maven dependency block: group, artifact, version. */
    private static final Pattern MAVEN = Pattern.compile(
        "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");
    /** A Gradle coordinate in double quotes: group:artifact:version. */
    private static final Pattern GRADLE = Pattern.compile("\"([\\w.-]+):([\\w.-]+):([\\w.-]+)\"");

    @Test
    void everyCoordinateNamesTheVersionThisBuildMakes() throws IOException {
        String readme = Files.readString(README);
        String ours = System.getProperty("project.version");
        String sdk = System.getProperty("otel.version");
        int checked = 0;
        for (Pattern coordinate : List.of(MAVEN, GRADLE)) {
            Matcher m = coordinate.matcher(readme);
            while (m.find()) {
                String group = m.group(1);
                String expected = group.equals("io.exemplars") ? ours
                    : group.equals("io.opentelemetry") ? sdk : null;
                if (expected != null) {
                    assertEquals(expected, m.group(3), group + ":" + m.group(2) + " in README.md");
                    checked++;
                }
            }
        }
        assertFalse(checked < 4, "the Quick start's Maven and Gradle coordinates were not found (" + checked + ")");
    }
}
