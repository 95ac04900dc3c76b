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
    /** {@link #weightedRejectScale} for a threshold the bound must not use: rejects nothing. */
    static final double NO_REJECT_SCALE = 0.0;
    /** Smallest threshold quotient exponent with a scale: {@code 2^-52 / t} stays finite. */
    private static final int SCALE_MIN_EXPONENT = -1_000;
    /** Largest threshold quotient exponent with a scale: {@code 2^-52 / t}, and its product with 1, stay normal. */
    private static final int SCALE_MAX_EXPONENT = 900;

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
     * The multiplier of {@link #weightedSurelyAbove} for a threshold: {@code 2^-52 / (t (1 + 2^-40))},
     * with {@code t} the quotient the threshold key encodes; {@link #NO_REJECT_SCALE} when {@code t}
     * is outside {@code [2^-1000, 2^900]} or the threshold encodes no quotient (an empty
     * reservoir's {@link SlotLayout#EMPTY_KEY}, a closed one's {@link SlotLayout#CLOSED_KEY}), so
     * the scale and every product below stay normal doubles. Computed under the reservoir lock when
     * the threshold changes, and published in the header ({@link SlotLayout#HEADER_REJECT_SCALE_OFFSET}),
     * so the reject path pays no decoding.
     *
     * @param threshold the reservoir's threshold key
     * @return the scale, {@code >= 0}
     */
    static double weightedRejectScale(final long threshold) {
        final long unbiased = (threshold >>> WEIGHTED_MANTISSA_BITS) - WEIGHTED_EXPONENT_BIAS;
        if (unbiased < SCALE_MIN_EXPONENT || unbiased > SCALE_MAX_EXPONENT) {
            return NO_REJECT_SCALE;
        }
        final double quotient = Double.longBitsToDouble((unbiased + Double.MAX_EXPONENT) << 52
            | (threshold & WEIGHTED_MANTISSA_MASK) << (52 - WEIGHTED_MANTISSA_BITS));
        return UNIT / (quotient * BOUND_MARGIN);
    }

    /**
     * Whether {@link #weighted weighted(weight, random)} is certainly above the threshold whose
     * {@link #weightedRejectScale scale} is given, found without its logarithm: the reject path of
     * a weighted reservoir at a fraction of the cost. Exact: it answers {@code true} only when the
     * key is above the threshold, so a caller that rejects on {@code true} and computes the key
     * otherwise keeps the same offers as one that always computes it; {@code false} means "compute
     * the key" (it may still be above). A scale of {@link #NO_REJECT_SCALE} answers {@code false}.
     *
     * <p>Why: the key is {@code E / w} with {@code E = -ln U}, and {@code -ln U >= 1 - U} for
     * {@code U} in {@code (0, 1)}; {@code L = (2^52 - 1 - r) 2^-52}, with {@code r} the 52 random bits
     * {@link #weighted} turns into {@code U = (r + 1/2) 2^-52}, is below {@code 1 - U} (an integer,
     * so exact as a double). With {@code t} the threshold's quotient and {@code s} its scale,
     * {@code L 2^52 s > w} gives, through three roundings of at most {@code 2^-53} relative each
     * (the product {@code t (1 + 2^-40)}, the division, this product), {@code 1 - U > t w (1 + 2^-40)
     * (1 - 2^-51) > t w (1 + 2^-41)}, so {@code E / w > t (1 + 2^-41)}; the computed key loses at most
     * a few {@code 2^-51} relative to rounding (the logarithm within an ulp, one division, the
     * 51-bit truncation), so it still encodes a quotient above {@code t}, and both lie on the same
     * 51-bit grid, so the key is above the threshold. Every double here is normal: {@code s} lies in
     * {@code [2^-953, 2^948]} and the product is at least {@code s} or 0. Once a reservoir has seen
     * many offers its threshold {@code t} is small (about {@code k / sum w}), the test holds for
     * nearly every offer, and the logarithm runs only for the few near the threshold.
     *
     * @param weight      the value, {@code > 0} and not NaN
     * @param random      the 64 random bits {@link #weighted} would be given
     * @param rejectScale the threshold's {@link #weightedRejectScale scale}
     * @return {@code true} only if the offer's key is above the threshold
     */
    static boolean weightedSurelyAbove(final double weight, final long random, final double rejectScale) {
        return (~random >>> 12) * rejectScale > weight; // ~r >>> 12 = 2^52 - 1 - r: below 2^52 (1 - U)
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
