package io.exemplars.otel;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Instrument-name globs, matched like {@code InstrumentSelector.setName}: {@code *} is any run of
 * characters (also none), {@code ?} exactly one character, every other character itself, case
 * included. (The SDK's own glob class is internal and moved package between 1.56 and 1.65, so the
 * adapter has its own, with the same rules.)
 */
final class InstrumentNamePatterns implements Predicate<String> {
    private final List<String> globs;
    private final Pattern regex;

    private InstrumentNamePatterns(final List<String> globs, final Pattern regex) {
        this.globs = globs;
        this.regex = regex;
    }

    /**
     * @param globs at least one glob, none null or empty
     * @return a predicate that accepts a name any of the globs matches
     * @throws IllegalArgumentException naming the list, and the index of the bad glob, when the list
     *                                  or a glob is null or empty
     */
    /** The list as Java source would write it, so an empty or null pattern is visible: ["a", ""]. */
    private static String quoted(final List<String> globs) {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < globs.size(); i++) {
            final String glob = globs.get(i);
            text.append(i == 0 ? "" : ", ").append(glob == null ? "null" : '"' + glob + '"');
        }
        return text.append(']').toString();
    }

    static InstrumentNamePatterns of(final List<String> globs) {
        if (globs == null || globs.isEmpty()) {
            throw new IllegalArgumentException("instrument name patterns must hold at least one pattern, was "
                + globs);
        }
        final StringBuilder alternatives = new StringBuilder();
        for (int i = 0; i < globs.size(); i++) {
            final String glob = globs.get(i);
            if (glob == null || glob.isEmpty()) {
                throw new IllegalArgumentException("instrument name patterns must not be " + (glob == null ? "null"
                    : "empty (\"\")") + ", but pattern " + i + " of " + quoted(globs) + " is; use \"*\" to select "
                    + "every instrument");
            }
            if (i > 0) {
                alternatives.append('|');
            }
            alternatives.append(toRegex(glob));
        }
        return new InstrumentNamePatterns(List.copyOf(globs), Pattern.compile(alternatives.toString()));
    }

    private static String toRegex(final String glob) {
        final StringBuilder regex = new StringBuilder("(?:");
        int literalStart = 0;
        for (int i = 0; i < glob.length(); i++) {
            final char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (i > literalStart) {
                    regex.append(Pattern.quote(glob.substring(literalStart, i)));
                }
                regex.append(c == '*' ? ".*" : ".");
                literalStart = i + 1;
            }
        }
        if (literalStart < glob.length()) {
            regex.append(Pattern.quote(glob.substring(literalStart)));
        }
        return regex.append(')').toString();
    }

    /** @return whether a glob matches the whole {@code instrumentName} */
    @Override
    public boolean test(final String instrumentName) {
        return regex.matcher(instrumentName).matches();
    }

    /** @return the globs, as given */
    List<String> globs() {
        return globs;
    }

    @Override
    public boolean equals(final Object o) {
        return this == o || o instanceof InstrumentNamePatterns && globs.equals(((InstrumentNamePatterns) o).globs);
    }

    @Override
    public int hashCode() {
        return globs.hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", globs);
    }
}
