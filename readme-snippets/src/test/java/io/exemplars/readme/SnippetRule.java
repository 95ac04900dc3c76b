package io.exemplars.readme;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one README code block becomes Java source that compiles: read from an HTML comment on the
 * line right before the block's {@code ```java} fence, invisible on the rendered page.
 *
 * <pre>{@code
 * <!-- snippet: KIND [imports=a.b.C,a.b.*] [given=Type name, Type name] -->
 * }</pre>
 *
 * <ul>
 *   <li>no comment, or {@code compilation-unit}: the block is a complete Java file (imports and a
 *       public top-level type) and is compiled as it is;</li>
 *   <li>{@code main}: a complete file whose {@code main} is also run; its output must have the
 *       shape of the next {@code ```text} block of the README ({@link OutputShape});</li>
 *   <li>{@code in-method}: statements, compiled as the body of a method of a class; {@code given}
 *       declares that method's parameters, the variables the block uses without declaring them;</li>
 *   <li>{@code in-class}: members (fields, methods), compiled as the body of a class.</li>
 * </ul>
 * {@code imports} (comma-separated, no spaces) are added before the wrapper; {@code given} takes
 * the rest of the comment, so it comes last.
 */
record SnippetRule(Kind kind, List<String> imports, String given) {

    /** What the block is. */
    enum Kind {
        COMPILATION_UNIT("compilation-unit"),
        MAIN("main"),
        IN_METHOD("in-method"),
        IN_CLASS("in-class");

        final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        static Kind of(String keyword) {
            return Arrays.stream(values()).filter(k -> k.keyword.equals(keyword)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown snippet kind '" + keyword
                    + "', expected one of compilation-unit, main, in-method, in-class"));
        }
    }

    /** The rule of a block with no comment before it: a complete Java file. */
    static final SnippetRule COMPLETE_FILE = new SnippetRule(Kind.COMPILATION_UNIT, List.of(), "");

    private static final Pattern COMMENT =
        Pattern.compile("^\\s*<!--\\s*snippet:\\s*(\\S+)(.*?)-->\\s*$");
    private static final Pattern IMPORTS = Pattern.compile("\\bimports=(\\S+)");
    private static final Pattern GIVEN = Pattern.compile("\\bgiven=(.*)$");

    /**
     * The rule a line declares, empty when the line is no snippet comment.
     *
     * @throws IllegalArgumentException when the line is a snippet comment with an unknown kind
     */
    static Optional<SnippetRule> parse(String line) {
        Matcher comment = COMMENT.matcher(line);
        if (!comment.matches()) {
            if (line.contains("<!-- snippet")) {
                throw new IllegalArgumentException("malformed snippet comment: " + line);
            }
            return Optional.empty();
        }
        String attributes = comment.group(2).trim();
        Matcher given = GIVEN.matcher(attributes);
        String givenText = "";
        String beforeGiven = attributes;
        if (given.find()) {
            givenText = given.group(1).trim();
            beforeGiven = attributes.substring(0, given.start());
        }
        Matcher imports = IMPORTS.matcher(beforeGiven);
        List<String> importList = imports.find() ? List.of(imports.group(1).split(",")) : List.of();
        return Optional.of(new SnippetRule(Kind.of(comment.group(1)), importList, givenText));
    }
}
