package io.exemplars.reservoir.properties;

/**
 * The SplitMix64 finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014): a bijective 64-bit mix whose outputs for consecutive inputs look independent.
 *
 * <p>The properties use it to derive every field of an {@link Offer} from one number, so that the
 * fields of a collected exemplar can be re-derived and compared: an exemplar mixing two offers
 * shows up as a field that does not match.
 */
final class SplitMix64 {
    /** The golden-ratio increment of SplitMix64: consecutive states are this far apart. */
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {
    }

    /**
     * @param state any 64-bit value
     * @return the mixed value
     */
    static long mix(final long state) {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The {@code stream}-th output of the SplitMix64 sequence started at {@code seed}.
     *
     * @param seed   the sequence's seed
     * @param stream which output, from 0
     * @return a well-mixed 64-bit value
     */
    static long nth(final long seed, final long stream) {
        return mix(seed + (stream + 1) * GOLDEN_GAMMA);
    }
}
