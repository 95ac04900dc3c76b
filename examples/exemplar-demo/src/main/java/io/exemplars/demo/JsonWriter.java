package io.exemplars.demo;

/**
 * A small streaming JSON writer: the demo's only JSON output (trace documents, route bodies), so
 * the demo needs no JSON library.
 *
 * <p>It tracks nesting just enough to place commas; it does not validate the call sequence (a
 * {@code name} outside an object is the caller's bug). Strings are escaped per RFC 8259: quote,
 * backslash and every control character below U+0020 are escaped, and so are U+2028/U+2029 (legal
 * in JSON, but line terminators in JavaScript) and unpaired surrogates (which have no UTF-8
 * encoding, so they are kept as {@code \\uXXXX} rather than silently turned into '?').
 *
 * <p>Not thread-safe: one writer builds one document.
 */
public final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int MAX_DEPTH = 64;

    private final StringBuilder out = new StringBuilder(256);
    /** Per nesting level: has the current object/array already received a member? */
    private final boolean[] hasMember = new boolean[MAX_DEPTH];
    private int depth;
    /** True right after {@link #name}: the next value follows a colon, not a comma. */
    private boolean afterName;

    /** Opens an object. */
    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        push();
        return this;
    }

    /** Closes the innermost object. */
    public JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    /** Opens an array. */
    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        push();
        return this;
    }

    /** Closes the innermost array. */
    public JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    /** Writes a member name inside an object; the next call writes its value. */
    public JsonWriter name(String name) {
        beforeValue();
        appendString(name);
        out.append(':');
        afterName = true;
        return this;
    }

    /** Writes a string value, or {@code null} for a null reference. */
    public JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            appendString(value);
        }
        return this;
    }

    /** Writes an integer value. */
    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /**
     * Writes a number. JSON has no NaN or infinity, so those are written as {@code null}.
     */
    public JsonWriter value(double value) {
        beforeValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.append("null");
        } else {
            out.append(value);
        }
        return this;
    }

    /** Writes a boolean value. */
    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** @return the document written so far */
    @Override
    public String toString() {
        return out.toString();
    }

    private void push() {
        if (depth == MAX_DEPTH - 1) {
            throw new IllegalStateException("JSON nesting deeper than " + (MAX_DEPTH - 1));
        }
        depth++;
        hasMember[depth] = false;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (hasMember[depth]) {
                out.append(',');
            }
            hasMember[depth] = true;
        }
    }

    private void appendString(String s) {
        out.append('"');
        final int length = s.length();
        for (int i = 0; i < length; i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        appendUnicodeEscape(c);
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        appendUnicodeEscape(c);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private void appendUnicodeEscape(char c) {
        out.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
    }
}
