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
     * Up to this many boundaries, lookup counts the boundaries below the value with a branch-free
     * scan; above, it binary searches. A scan of a typical 15-boundary layout has no unpredictable
     * branch, which beats a binary search's mispredictions on values that jump between buckets.
     */
    static final int LINEAR_SCAN_MAX = 16;

    private final double[] boundaries;

    private BucketBoundaries(final double[] boundaries) {
        this.boundaries = boundaries;
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
     * @param value any value but NaN (NaN lands in the last bucket; callers drop it first)
     * @return the bucket index in {@code [0, bucketCount())}
     */
    public int bucketIndex(final double value) {
        final double[] b = boundaries;
        if (b.length <= LINEAR_SCAN_MAX) {
            int index = 0;
            for (final double boundary : b) {
                index += boundary < value ? 1 : 0;
            }
            return index;
        }
        int low = 0;
        int high = b.length;
        while (low < high) { // first boundary >= value; primitive compare, so -0.0 == 0.0
            final int mid = (low + high) >>> 1;
            if (b[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
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
