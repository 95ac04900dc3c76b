package io.exemplars.otel;

/**
 * Converts W3C trace and span ids between the lowercase hex strings of an OpenTelemetry
 * {@code SpanContext} and the {@code long} words an exemplar slot stores.
 *
 * <p>Parsing reads the characters in place and allocates nothing: it runs when an offer is kept.
 * Encoding allocates the string: it runs at collection, where the SDK's exemplar data is built.
 */
final class HexIds {
    /** Hex characters in one {@code long}. */
    static final int LONG_HEX_LENGTH = 16;
    /** Hex characters in a 128-bit trace id. */
    static final int TRACE_ID_HEX_LENGTH = 2 * LONG_HEX_LENGTH;

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();
    private static final int BITS_PER_DIGIT = 4;
    private static final int DIGIT_MASK = 0xF;
    /** Setting this bit maps 'A'-'F' onto 'a'-'f' (ASCII). */
    private static final int LOWER_CASE_BIT = 0x20;
    private static final int LETTER_DIGIT_BASE = 10;

    private HexIds() {
    }

    /**
     * @param hex    a string of hex digits, as {@code SpanContext.getTraceId()} returns (already
     *               validated by the SDK)
     * @param offset index of the first of the 16 digits to read
     * @return the 16 digits as an unsigned 64-bit value
     */
    static long parseLong(final CharSequence hex, final int offset) {
        long value = 0;
        for (int i = offset; i < offset + LONG_HEX_LENGTH; i++) {
            value = (value << BITS_PER_DIGIT) | digit(hex.charAt(i));
        }
        return value;
    }

    private static int digit(final char c) {
        return c <= '9' ? c - '0' : (c | LOWER_CASE_BIT) - 'a' + LETTER_DIGIT_BASE;
    }

    /**
     * @param high the high 64 bits of a trace id
     * @param low  the low 64 bits
     * @return the 32-digit lowercase hex form
     */
    static String traceId(final long high, final long low) {
        final char[] chars = new char[TRACE_ID_HEX_LENGTH];
        write(high, chars, 0);
        write(low, chars, LONG_HEX_LENGTH);
        return new String(chars);
    }

    /**
     * @param spanId a 64-bit span id
     * @return the 16-digit lowercase hex form
     */
    static String spanId(final long spanId) {
        final char[] chars = new char[LONG_HEX_LENGTH];
        write(spanId, chars, 0);
        return new String(chars);
    }

    private static void write(final long value, final char[] chars, final int offset) {
        for (int i = LONG_HEX_LENGTH - 1; i >= 0; i--) {
            chars[offset + i] = DIGITS[(int) (value >>> ((LONG_HEX_LENGTH - 1 - i) * BITS_PER_DIGIT)) & DIGIT_MASK];
        }
    }
}
