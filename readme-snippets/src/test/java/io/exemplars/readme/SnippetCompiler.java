package io.exemplars.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one {@link JavaSnippet} in process (javax.tools) against a class path, into a
 * directory of its own, and reports errors at their line in the README.
 */
final class SnippetCompiler {

    private final String classPath;

    SnippetCompiler(String classPath) {
        this.classPath = classPath;
    }

    /**
     * The class path the tests run with: Surefire's full test class path (what the build resolved
     * for this module: the built modules and the OpenTelemetry SDK), else the JVM's.
     */
    static SnippetCompiler onTestClassPath() {
        return new SnippetCompiler(System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")));
    }

    /**
     * Compiles the snippet into {@code outputDirectory}.
     *
     * @return the compiler's errors, each as {@code path/README.md:LINE: message}; empty when it compiled
     */
    List<String> compile(JavaSnippet snippet, Path outputDirectory) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject source = new SimpleJavaFileObject(
            URI.create("string:///" + snippet.className() + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return snippet.source();
            }
        };
        List<String> options = List.of("-proc:none", "-classpath", classPath,
            "-d", outputDirectory.toString());
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
            boolean compiled = compiler.getTask(null, files, diagnostics, options, null, List.of(source)).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    long readmeLine = snippet.line() + d.getLineNumber() - 1 - snippet.linesBeforeCode();
                    errors.add(snippet.file() + ":" + readmeLine + ": "
                        + d.getMessage(Locale.ROOT));
                }
            }
            if (!compiled && errors.isEmpty()) {
                errors.add(snippet.location() + ": did not compile, and javac reported no error");
            }
            return errors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
