package io.exemplars.reservoir;

/**
 * Sampling keys for bottom-k reservoirs.
 *
 * <p>Each offer draws an independent uniform key; a reservoir keeps the offers with the smallest
 * keys since its last reset. Which offers are kept then depends only on the set of keys, not on
 * arrival order or on how threads interleave, so the kept set is a uniform k-subset of the
 * interval's (eligible) offers with no shared counter at all. Keys are 63-bit non-negative, so
 * {@link SlotLayout#EMPTY_KEY} ({@code Long.MAX_VALUE}) is above every key but one; that one key
 * (probability 2^-63) is simply never kept.
 */
final class SampleKeys {
    private SampleKeys() {
    }

    /**
     * @return a uniform key in {@code [0, 2^63)}, from {@link SamplingRandom} (per thread, so
     *     drawing touches no shared memory)
     */
    static long next() {
        return SamplingRandom.nextLong() >>> 1;
    }
}
