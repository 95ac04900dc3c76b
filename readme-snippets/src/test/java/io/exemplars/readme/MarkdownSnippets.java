package io.exemplars.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The {@code ```java} blocks of Markdown files, each with its {@link SnippetRule}. */
final class MarkdownSnippets {

    private static final String JAVA_FENCE = "```java";
    private static final String TEXT_FENCE = "```text";
    private static final String FENCE = "```";

    private MarkdownSnippets() {
    }

    /** The README files of a repository: the root's and every module's, outside build output. */
    static List<Path> readmes(Path repositoryRoot) {
        try (Stream<Path> files = Files.walk(repositoryRoot, 3)) {
            return files.filter(f -> f.getFileName().toString().equals("README.md"))
                .filter(f -> outsideBuildOutput(repositoryRoot.relativize(f)))
                .sorted()
                .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean outsideBuildOutput(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    /** Every java block of one Markdown file, in order. */
    static List<JavaSnippet> in(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return in(markdown, lines);
    }

    /** Every java block of the given lines of {@code markdown}, in order. */
    static List<JavaSnippet> in(Path markdown, List<String> lines) {
        List<JavaSnippet> snippets = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals(JAVA_FENCE)) {
                continue;
            }
            SnippetRule rule = i > 0
                ? SnippetRule.parse(lines.get(i - 1)).orElse(SnippetRule.COMPLETE_FILE)
                : SnippetRule.COMPLETE_FILE;
            int end = closingFence(lines, i + 1, markdown);
            String code = String.join("\n", lines.subList(i + 1, end));
            Optional<String> shown = rule.kind() == SnippetRule.Kind.MAIN
                ? Optional.of(nextTextBlock(lines, end + 1, markdown))
                : Optional.empty();
            snippets.add(new JavaSnippet(markdown, i + 2, code, rule, shown));
            i = end;
        }
        return snippets;
    }

    private static int closingFence(List<String> lines, int from, Path markdown) {
        for (int j = from; j < lines.size(); j++) {
            if (lines.get(j).strip().equals(FENCE)) {
                return j;
            }
        }
        throw new IllegalStateException(markdown + ":" + from + ": java block never closed");
    }

    /** The next fenced block after a main block: it must be the {@code ```text} of its output. */
    private static String nextTextBlock(List<String> lines, int from, Path markdown) {
        for (int j = from; j < lines.size(); j++) {
            String line = lines.get(j).strip();
            if (line.equals(TEXT_FENCE)) {
                int end = closingFence(lines, j + 1, markdown);
                return String.join("\n", lines.subList(j + 1, end));
            }
            if (line.startsWith(FENCE)) {
                break;
            }
        }
        throw new IllegalStateException(markdown + ":" + from + ": a 'main' snippet must be followed"
            + " by a ```text block showing what it prints");
    }
}
