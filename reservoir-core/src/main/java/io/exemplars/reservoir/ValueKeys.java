package io.exemplars.reservoir;

/**
 * Sampling keys derived from the measured value, for the bottom-k engine ({@link BottomKEngine}:
 * lower keys win). Every key lies strictly between {@link SlotLayout#CLOSED_KEY} and
 * {@link SlotLayout#EMPTY_KEY}, so the placeholders' keys keep their meaning.
 */
final class ValueKeys {
    /** Returned for a measurement that can never be kept (NaN; a weight that is not positive). */
    static final long NEVER = SlotLayout.EMPTY_KEY;

    /** Bias of the 12-bit exponent field of a weighted key: exponents of {@code E / w} lie in [-1140, 1150]. */
    private static final int WEIGHTED_EXPONENT_BIAS = 1_200;
    /** Mantissa bits a weighted key keeps (the 52 of a double less one, to fit 12 + 51 bits in a positive long). */
    private static final int WEIGHTED_MANTISSA_BITS = 51;
    private static final long DOUBLE_MANTISSA_MASK = (1L << 52) - 1;
    /** {@code 2^-52}: turns the top 52 bits of a random long into a double in [0, 1). */
    private static final double UNIT = 0x1.0p-52;
    private static final long WEIGHTED_MANTISSA_MASK = (1L << WEIGHTED_MANTISSA_BITS) - 1;
    /**
     * Safety factor of {@link #weightedSurelyAbove}: far above the few rounding errors (each at most
     * {@code 2^-51} relative) between the bound and the key {@link #weighted} computes.
     */
    private static final double BOUND_MARGIN = 1.0 + 0x1.0p-40;

    private ValueKeys() {
    }

    /**
     * The key of the "largest values" order: a larger value has a smaller key, equal values equal
     * keys. The double's bits made sortable as a signed long (flip the magnitude bits of negatives),
     * then complemented. {@code -0.0} must have been turned into {@code 0.0} and NaN dropped by the
     * caller. {@code +Infinity} gets the smallest key, {@code -Infinity} the largest; both are inside
     * the open range between the placeholders' keys.
     *
     * @param value a non-NaN double
     * @return its key
     */
    static long largestFirst(final double value) {
        final long bits = Double.doubleToRawLongBits(value);
        final long sortable = bits ^ ((bits >> 63) >>> 1);
        return ~sortable;
    }

    /**
     * Whether {@link #weighted weighted(weight, random)} is certainly above {@code threshold}, found
     * without its logarithm: the reject path of a weighted reservoir at a fraction of the cost.
     * Exact: it answers {@code true} only when {@code weighted(weight, random) > threshold}, so a
     * caller that rejects on {@code true} and computes the key otherwise keeps the same offers as
     * one that always computes it; {@code false} means "compute the key" (it may still be above).
     *
     * <p>Why: the key is {@code E / w} with {@code E = -ln U}, and {@code -ln U >= 1 - U} for
     * {@code U} in {@code (0, 1)}. With {@code t} the quotient the threshold encodes, {@code 1 - U >
     * t w (1 + 2^-40)} gives {@code E / w > t (1 + 2^-41)}; the computed key loses at most a few
     * {@code 2^-51} relative to rounding (the logarithm within an ulp, one division, the 51-bit
     * truncation), so it still encodes a quotient above {@code t}, and both lie on the same 51-bit
     * grid, so the key is above the threshold. A tiny product {@code t w} that underflows makes the
     * test only easier to pass rightly ({@code 1 - U >= 2^-53}); an overflow to infinity fails it.
     * Once a reservoir has seen many offers its threshold {@code t} is small (about {@code k / sum
     * w}), {@code 1 - U > t w} holds for nearly every offer, and the logarithm runs only for the few
     * near the threshold. Thresholds that encode no normal double (an empty reservoir's
     * {@link SlotLayout#EMPTY_KEY}, a closed one's {@link SlotLayout#CLOSED_KEY}, extreme
     * quotients) answer {@code false}.
     *
     * @param weight    the value, {@code > 0} and not NaN
     * @param random    the 64 random bits {@link #weighted} would be given
     * @param threshold the reservoir's current threshold key
     * @return {@code true} only if the offer's key is above {@code threshold}
     */
    static boolean weightedSurelyAbove(final double weight, final long random, final long threshold) {
        final long unbiased = (threshold >>> WEIGHTED_MANTISSA_BITS) - WEIGHTED_EXPONENT_BIAS;
        if (unbiased < Double.MIN_EXPONENT || unbiased > Double.MAX_EXPONENT) {
            return false;
        }
        final double quotient = Double.longBitsToDouble((unbiased + Double.MAX_EXPONENT) << 52
            | (threshold & WEIGHTED_MANTISSA_MASK) << (52 - WEIGHTED_MANTISSA_BITS));
        final double oneMinusU = ((1L << 52) - (random >>> 12) - 0.5) * UNIT; // exactly 1 - U
        return oneMinusU > quotient * weight * BOUND_MARGIN;
    }

    /**
     * The Efraimidis-Spirakis key {@code E / w}, {@code E ~ Exp(1)}, as an order-preserving
     * positive long: the offers with the {@code k} smallest keys are a weighted sample without
     * replacement with weights {@code w} (k = 1: offer {@code i} is kept with probability
     * {@code w_i / sum w}).
     *
     * <p>Precision: {@code E / w} is computed as {@code (E / m) 2^-e} with {@code w = m 2^e},
     * {@code m} in {@code [1, 2)}, so neither tiny (subnormal) nor huge weights overflow or
     * underflow; the key keeps the quotient's exponent (12 bits) and its top 51 mantissa bits, a
     * relative resolution of {@code 2^-51}. Two keys that round to the same long are a tie, broken
     * uniformly by the engine. {@code E = -ln U} with {@code U} uniform in {@code (0, 1)} on a
     * {@code 2^-52} grid shifted by half a step (so neither 0 nor 1): {@code E} is never 0 and at
     * most 36.7. {@code +Infinity} has key 0 (always
     * kept over finite weights).
     *
     * @param weight the value; {@link #NEVER} unless positive
     * @param random 64 uniform random bits
     * @return its key, or {@link #NEVER}
     */
    static long weighted(final double weight, final long random) {
        if (!(weight > 0.0)) {
            return NEVER; // negative, zero, NaN
        }
        if (weight == Double.POSITIVE_INFINITY) {
            return 0L;
        }
        final double exponential = -Math.log(((random >>> 12) + 0.5) * UNIT); // U in (0, 1), exactly
        double mantissa = weight;
        int exponent = Math.getExponent(weight);
        if (exponent < Double.MIN_EXPONENT) { // subnormal: normalise first
            mantissa *= 0x1.0p64;
            exponent = Math.getExponent(mantissa) - 64;
            mantissa = Math.scalb(mantissa, -(exponent + 64));
        } else {
            mantissa = Math.scalb(weight, -exponent);
        }
        final double quotient = exponential / mantissa; // in (2^-55, 38]: always normal
        final long quotientBits = Double.doubleToRawLongBits(quotient);
        final long keyExponent = Math.getExponent(quotient) - exponent + WEIGHTED_EXPONENT_BIAS;
        return keyExponent << WEIGHTED_MANTISSA_BITS
            | (quotientBits & DOUBLE_MANTISSA_MASK) >>> (52 - WEIGHTED_MANTISSA_BITS);
    }
}
