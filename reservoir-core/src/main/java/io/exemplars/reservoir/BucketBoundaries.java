package io.exemplars.reservoir;

import java.util.Arrays;
import java.util.List;

/**
 * Explicit histogram bucket boundaries, validated once, and the value-to-bucket lookup the aligned
 * reservoirs share.
 *
 * <p>{@code n} boundaries make {@code n + 1} buckets. Bucket {@code i} holds the values in
 * {@code (b[i-1], b[i]]}, so a value equal to a boundary belongs to the bucket that boundary
 * closes, as in the OpenTelemetry explicit-bucket histogram. {@code -Infinity} falls in bucket 0,
 * {@code +Infinity} in bucket {@code n}, and {@code -0.0} is treated as {@code 0.0}.
 *
 * <p>Immutable and thread-safe.
 */
public final class BucketBoundaries {
    /** Most boundaries accepted; more is a configuration mistake, not a histogram. */
    public static final int MAX_BOUNDARIES = 4_096;

    /**
     * The lookup hint is indexed by the top {@value} bits of a double (sign and exponent): all the
     * doubles sharing them form one contiguous range of values (one binade), so their buckets form
     * one contiguous range of indices, which the hint stores.
     */
    static final int HINT_BITS = 12;
    private static final int HINT_SHIFT = Long.SIZE - HINT_BITS;
    private static final int HINT_GROUPS = 1 << HINT_BITS;
    /** Candidate ranges wider than this are binary searched instead of scanned. */
    static final int SCAN_MAX = 8;

    private final double[] boundaries;
    /** Per sign-and-exponent group: first candidate bucket in the high half, last in the low. */
    private final int[] hint;
    /**
     * When no group has more than two candidate boundaries (the OpenTelemetry defaults, and any
     * layout of positive boundaries each at least 2^(1/2) times the one before): the boundaries
     * followed by two {@code +Infinity}s, so that a lookup is two compares from the group's first
     * candidate, counted rather than branched on, and stays inside the array. {@code null} for a
     * denser layout, which {@link #bucketIndex} scans or binary searches instead.
     */
    private final double[] padded;

    private BucketBoundaries(final double[] boundaries) {
        this.boundaries = boundaries;
        this.hint = new int[HINT_GROUPS];
        int widest = 0;
        for (int group = 0; group < HINT_GROUPS; group++) {
            // The group's extreme values are its first and last bit patterns; for negative groups
            // the order of values is reversed, hence min/max rather than first/last.
            double a = Double.longBitsToDouble((long) group << HINT_SHIFT);
            double b = Double.longBitsToDouble(((long) group << HINT_SHIFT) | (-1L >>> HINT_BITS));
            // The all-ones exponent groups hold an infinity and NaN patterns: use the infinity.
            a = Double.isNaN(a) ? b : a;
            b = Double.isNaN(b) ? a : b;
            final int first = countBelow(boundaries, Math.min(a, b), 0, boundaries.length);
            final int last = countBelow(boundaries, Math.max(a, b), 0, boundaries.length);
            hint[group] = first << 16 | last;
            widest = Math.max(widest, last - first);
        }
        if (widest <= 2) {
            this.padded = Arrays.copyOf(boundaries, boundaries.length + 2);
            Arrays.fill(padded, boundaries.length, padded.length, Double.POSITIVE_INFINITY);
        } else {
            this.padded = null;
        }
    }

    /**
     * @param boundaries finite, strictly increasing, at most {@link #MAX_BOUNDARIES} (may be empty:
     *                   one bucket)
     * @return the validated boundaries (the array is copied)
     * @throws IllegalArgumentException naming the offending index and value
     */
    public static BucketBoundaries of(final double... boundaries) {
        if (boundaries == null) {
            throw new IllegalArgumentException("boundaries must not be null");
        }
        if (boundaries.length > MAX_BOUNDARIES) {
            throw new IllegalArgumentException(
                "at most " + MAX_BOUNDARIES + " bucket boundaries are supported, got " + boundaries.length);
        }
        final double[] copy = boundaries.clone();
        for (int i = 0; i < copy.length; i++) {
            final double b = copy[i];
            if (Double.isNaN(b) || Double.isInfinite(b)) {
                throw new IllegalArgumentException("bucket boundary [" + i + "] must be finite, was " + b);
            }
            if (i > 0 && !(b > copy[i - 1])) {
                throw new IllegalArgumentException("bucket boundaries must be strictly increasing: boundary ["
                    + i + "] = " + b + " is not greater than boundary [" + (i - 1) + "] = " + copy[i - 1]);
            }
            copy[i] = b + 0.0; // -0.0 becomes 0.0
        }
        return new BucketBoundaries(copy);
    }

    /**
     * @param boundaries as for {@link #of(double...)}; no element may be null
     * @return the validated boundaries
     * @throws IllegalArgumentException naming the offending index and value
     */
    public static BucketBoundaries of(final List<Double> boundaries) {
        if (boundaries == null) {
            throw new IllegalArgumentException("boundaries must not be null");
        }
        final double[] array = new double[boundaries.size()];
        for (int i = 0; i < array.length; i++) {
            final Double b = boundaries.get(i);
            if (b == null) {
                throw new IllegalArgumentException("bucket boundary [" + i + "] must not be null");
            }
            array[i] = b;
        }
        return of(array);
    }

    /**
     * @return the number of buckets, boundaries + 1
     */
    public int bucketCount() {
        return boundaries.length + 1;
    }

    /**
     * @param index a boundary index
     * @return the boundary value
     */
    public double boundary(final int index) {
        return boundaries[index];
    }

    /**
     * @return a copy of the boundaries
     */
    public double[] toArray() {
        return boundaries.clone();
    }

    /**
     * The bucket of a value: the number of boundaries strictly below it.
     *
     * <p>One load from a 16 KiB hint table indexed by the value's sign and exponent narrows the
     * answer to the buckets whose boundaries fall in the value's binade, typically one or two, so
     * the lookup is a table load and at most a compare or two whatever the bucket count. (A plain
     * scan of 15 boundaries cost about 8 ns on values that jump between buckets.)
     *
     * @param value any value but NaN (callers drop NaN first; it lands in an edge bucket)
     * @return the bucket index in {@code [0, bucketCount())}
     */
    public int bucketIndex(final double value) {
        final int range = hint[(int) (Double.doubleToRawLongBits(value) >>> HINT_SHIFT)];
        int index = range >>> 16;
        final double[] twoCandidates = padded;
        if (twoCandidates != null) {
            // The same two compares for every value, counted rather than branched on, so values
            // that jump between buckets cost no mispredicted branch. A candidate past the group's
            // last one is at least the group's largest value, so it never counts.
            return index + (twoCandidates[index] < value ? 1 : 0) + (twoCandidates[index + 1] < value ? 1 : 0);
        }
        final int last = range & 0xFFFF;
        if (last - index > SCAN_MAX) {
            return countBelow(boundaries, value, index, last);
        }
        while (index < last && boundaries[index] < value) { // primitive compare: -0.0 == 0.0
            index++;
        }
        return index;
    }

    /**
     * Binary search: the number of boundaries below {@code value}, knowing it lies in
     * {@code [low, high]}.
     */
    private static int countBelow(final double[] b, final double value, final int low, final int high) {
        int lo = low;
        int hi = high;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (b[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof BucketBoundaries && Arrays.equals(boundaries, ((BucketBoundaries) o).boundaries);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(boundaries);
    }

    @Override
    public String toString() {
        return Arrays.toString(boundaries);
    }
}
