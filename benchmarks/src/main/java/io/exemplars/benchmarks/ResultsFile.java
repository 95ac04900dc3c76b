package io.exemplars.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code benchmarks/RESULTS.md}, shared by the comparison report and the latency harness: each
 * owns one section between HTML comment markers and refreshes only that, so running one tool
 * never erases the other's figures.
 */
final class ResultsFile {
    /** The JMH comparison's section. */
    static final String JMH_SECTION = "jmh-comparison";
    /** The latency harness's section. */
    static final String LATENCY_SECTION = "latency-harness";

    private static final String TITLE = "# Benchmark results\n\n"
        + "Written by the tools in this module; each section is refreshed by the command it names. "
        + "Do not edit between the markers.\n";

    private ResultsFile() {
    }

    /**
     * Replaces (or adds) one section of the file, creating the file if needed.
     *
     * @param file    the results file
     * @param section the section's name
     * @param content the section's new markdown
     * @throws IOException if the file cannot be read or written
     */
    static void replaceSection(final Path file, final String section, final String content) throws IOException {
        final String begin = "<!-- " + section + ":begin -->";
        final String end = "<!-- " + section + ":end -->";
        final String block = begin + "\n" + content.strip() + "\n" + end;
        final String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : TITLE;
        final int from = existing.indexOf(begin);
        final int to = existing.indexOf(end);
        final String updated;
        if (from >= 0 && to > from) {
            updated = existing.substring(0, from) + block + existing.substring(to + end.length());
        } else {
            updated = existing.stripTrailing() + "\n\n" + block + "\n";
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
