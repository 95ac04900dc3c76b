package io.exemplars.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README files (the root's and each module's) compiles against
 * the modules this build made, and the Quick start runs and prints what the README says it prints.
 * A renamed public method, a moved class or a wrong import in a README breaks the build here.
 *
 * <p>The rule for a block (see {@link SnippetRule}): a complete Java file (imports and a public
 * class) needs nothing; a fragment gets, on the line right before its fence,
 * {@code <!-- snippet: in-method imports=a.b.C,a.b.* given=Type name, Type name -->} (statements)
 * or {@code <!-- snippet: in-class imports=... -->} (members); a runnable program
 * {@code <!-- snippet: main -->}, followed by a {@code ```text} block of its output.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).normalize();

    @TempDir
    Path classes;

    @TestFactory
    Stream<DynamicTest> everyJavaBlockOfEveryReadmeCompiles() {
        List<Path> readmes = MarkdownSnippets.readmes(ROOT);
        assertTrue(readmes.contains(ROOT.resolve("README.md")), "no README.md under " + ROOT.toAbsolutePath());
        SnippetCompiler compiler = SnippetCompiler.onTestClassPath();
        return readmes.stream().flatMap(readme -> MarkdownSnippets.in(readme).stream())
            .map(snippet -> DynamicTest.dynamicTest(snippet.location() + " (" + snippet.rule().kind() + ")",
                () -> {
                    List<String> errors = compiler.compile(snippet, Files.createTempDirectory(classes, "s"));
                    if (!errors.isEmpty()) {
                        fail("a README java block does not compile:\n" + String.join("\n", errors)
                            + "\n--- the source compiled ---\n" + snippet.source());
                    }
                }));
    }

    @Test
    void theQuickStartRunsAndPrintsWhatTheReadmeShows() throws Exception {
        List<JavaSnippet> mains = MarkdownSnippets.in(ROOT.resolve("README.md")).stream()
            .filter(s -> s.rule().kind() == SnippetRule.Kind.MAIN).toList();
        assertEquals(1, mains.size(), "README.md has one runnable Quick start ('<!-- snippet: main -->')");
        JavaSnippet quickStart = mains.get(0);
        List<String> errors = SnippetCompiler.onTestClassPath().compile(quickStart, classes);
        assertEquals(List.of(), errors);

        String printed = runMain(quickStart.className());

        assertFalse(printed.isBlank(), "the Quick start printed nothing");
        assertEquals(OutputShape.of(quickStart.shownOutput().orElseThrow()), OutputShape.of(printed),
            "the Quick start's output (right) no longer has the shape the README shows (left):\n" + printed);
    }

    private String runMain(String className) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
