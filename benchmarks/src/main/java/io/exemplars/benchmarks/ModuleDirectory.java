package io.exemplars.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmarks module's files go, whether the command runs from the repository root (the
 * README's way) or from inside {@code benchmarks/}.
 */
final class ModuleDirectory {
    private static final Path FROM_ROOT = Path.of("benchmarks");

    private ModuleDirectory() {
    }

    /**
     * @param relative a path inside the benchmarks module, e.g. {@code RESULTS.md}
     * @return {@code benchmarks/relative} when run from the repository root, else {@code relative}
     */
    static Path resolve(final String relative) {
        return Files.isDirectory(FROM_ROOT.resolve("src")) ? FROM_ROOT.resolve(relative) : Path.of(relative);
    }
}
