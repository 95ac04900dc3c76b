package io.exemplars.readme;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One {@code ```java} block of a README, with the rule that makes it compile and, for a
 * {@code main} block, the output the README shows for it.
 *
 * @param file the README
 * @param line the line of the block's first code line in the README (1-based)
 * @param code the block's text
 * @param rule how it becomes a compilation unit
 * @param shownOutput the text of the README's next {@code ```text} block, for a {@code main} block
 */
record JavaSnippet(Path file, int line, String code, SnippetRule rule, Optional<String> shownOutput) {

    /** The class that wraps a fragment. */
    static final String WRAPPER_CLASS = "Snippet";

    private static final Pattern PUBLIC_TYPE = Pattern.compile(
        "(?m)^public\\s+(?:(?:final|abstract|sealed)\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    /** Where the block is, as an editor's link: {@code path/README.md:83}. */
    String location() {
        return file + ":" + line;
    }

    /**
     * The name of the top-level class the source declares.
     *
     * @throws IllegalStateException for a block with no rule that is not a complete file
     */
    String className() {
        if (rule.kind() == SnippetRule.Kind.IN_METHOD || rule.kind() == SnippetRule.Kind.IN_CLASS) {
            return WRAPPER_CLASS;
        }
        Matcher type = PUBLIC_TYPE.matcher(code);
        if (!type.find()) {
            throw new IllegalStateException(file + ":" + line + ": this java block is not a complete"
                + " file (imports and a public class); put the line"
                + " '<!-- snippet: in-method imports=... given=... -->' (or in-class) right before its"
                + " fence: see ReadmeSnippetsTest");
        }
        return type.group(1);
    }

    /** The Java source to compile: the block itself, or the block inside its wrapper. */
    String source() {
        String imports = rule.imports().stream().map(i -> "import " + i + ";\n")
            .collect(Collectors.joining());
        switch (rule.kind()) {
            case IN_METHOD:
                return imports + wrapperOpening() + code + "\n}\n}\n";
            case IN_CLASS:
                return imports + wrapperOpening() + code + "\n}\n";
            default:
                return code;
        }
    }

    /** How many lines {@link #source()} puts before the block's first line. */
    int linesBeforeCode() {
        if (rule.kind() == SnippetRule.Kind.COMPILATION_UNIT || rule.kind() == SnippetRule.Kind.MAIN) {
            return 0;
        }
        return (int) (rule.imports().size() + wrapperOpening().lines().count());
    }

    private String wrapperOpening() {
        String opening = "class " + WRAPPER_CLASS + " {\n";
        return rule.kind() == SnippetRule.Kind.IN_METHOD
            ? opening + "void snippet(" + rule.given() + ") throws Exception {\n"
            : opening;
    }
}
