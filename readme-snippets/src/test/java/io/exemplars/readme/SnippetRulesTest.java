package io.exemplars.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippet rules do what {@link ReadmeSnippetsTest} promises, including failing when they must. */
class SnippetRulesTest {

    private static final Path README = Path.of("README.md");

    @TempDir
    Path classes;

    @Test
    void aFragmentWithoutARuleIsRefusedWithTheRuleInTheMessage() {
        JavaSnippet fragment = MarkdownSnippets.in(README, List.of("```java",
            "ReservoirSpec.alignedUniform();", "```")).get(0);

        IllegalStateException refused = assertThrows(IllegalStateException.class, fragment::className);

        assertTrue(refused.getMessage().contains("<!-- snippet: in-method"), refused.getMessage());
    }

    @Test
    void aRenamedMethodFailsAtItsReadmeLine() {
        JavaSnippet snippet = MarkdownSnippets.in(README, List.of("text",
            "<!-- snippet: in-method imports=io.exemplars.otel.ReservoirSpec -->", "```java",
            "ReservoirSpec.alignedUniform();", "ReservoirSpec.alignedUniformRenamed();", "```")).get(0);

        List<String> errors = SnippetCompiler.onTestClassPath().compile(snippet, classes);

        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("README.md:5: cannot find symbol"), errors.get(0));
    }

    @Test
    void givenDeclaresTheVariablesAFragmentUses() {
        JavaSnippet snippet = MarkdownSnippets.in(README, List.of(
            "<!-- snippet: in-method imports=io.opentelemetry.api.metrics.* given=Meter meter, double seconds -->",
            "```java", "meter.histogramBuilder(\"latency\").build().record(seconds);", "```")).get(0);

        assertEquals(List.of(), SnippetCompiler.onTestClassPath().compile(snippet, classes));
    }

    @Test
    void aMalformedOrUnknownRuleIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> SnippetRule.parse("<!-- snippet: in-methd -->"));
        assertThrows(IllegalArgumentException.class, () -> SnippetRule.parse("<!-- snippet in-method -->"));
    }

    @Test
    void outputsWithOtherIdsAndNumbersHaveOneShape() {
        assertEquals(OutputShape.of("(0.1, 0.25] 0.17 s, trace 0af7651916cd43dd8448eb211c80319c"),
            OutputShape.of("(0.1, 0.25] 0.2 s, trace 4bf92f3577b34da6a3ce929d0e0e4736"));
        assertTrue(!OutputShape.of("a 1 b").equals(OutputShape.of("a 1 c")));
    }
}
