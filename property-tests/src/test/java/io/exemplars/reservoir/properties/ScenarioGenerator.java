package io.exemplars.reservoir.properties;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The properties' inputs, generated from one seed ({@link SeededCase#generator()}): integers in a
 * range (edges and small values favoured), enum values and subsets, and the aligned reservoirs'
 * scenarios: strictly increasing finite bucket boundaries (tiny, huge, subnormal, {@code -0.0})
 * and measurements that hit the awkward places (exactly on a boundary, one ulp either side,
 * {@code ±0.0}, {@code ±Infinity}, NaN, extreme {@code long}s, arbitrary bit patterns).
 *
 * <p>Why edges are favoured: a uniform draw from {@code [Integer.MIN_VALUE, 0]} is almost never
 * {@code 0}, {@code -1} or the minimum, yet those are where configuration checks go wrong. So one
 * draw in {@value #EDGE_ODDS} is an edge of the range (or {@code 0}, {@code ±1} inside it), one in
 * {@value #EDGE_ODDS} a small value, the rest uniform.
 *
 * <p>Deterministic: {@link SplittableRandom} from the seed, nothing else (no clock, no
 * {@code ThreadLocalRandom}), so the same seed always gives the same inputs. Not thread-safe: one
 * generator per case.
 */
final class ScenarioGenerator {
    /** One draw in this many is an edge of the range, one in this many a small value. */
    static final int EDGE_ODDS = 4;
    /** "Small" values lie in {@code [-SMALL, SMALL]}. */
    private static final int SMALL = 100;
    /** Decimal places of the "plain" boundaries between {@code ±PLAIN_BOUNDARY_RANGE}. */
    private static final double PLAIN_BOUNDARY_SCALE = 100.0;
    private static final double PLAIN_BOUNDARY_RANGE = 1_000.0;
    /** Decimal places of the fraction that places a value between the outer boundaries. */
    private static final double FRACTION_SCALE = 1e9;
    /** Boundaries that are special to the bucket lookup: zeros, one, the extremes, subnormals. */
    private static final double[] SPECIAL_BOUNDARIES = {
        0.0, -0.0, 1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
    };
    /** Values special to any lookup, whatever the boundaries. */
    private static final double[] SPECIAL_VALUES = {
        Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, 0.0, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.MIN_VALUE, -Double.MIN_VALUE,
    };
    private static final long[] SPECIAL_LONGS = {Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L};
    /**
     * Relative weights of the kinds of measurement: a special or boundary-adjacent double, a
     * double between the outer boundaries, any finite double, a long next to a boundary, any long.
     */
    private static final int[] MEASUREMENT_WEIGHTS = {4, 3, 1, 1, 1};

    private final SplittableRandom random;

    /**
     * @param seed the inputs' seed
     */
    ScenarioGenerator(final long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * @return an {@code int} in {@code [min, max]}, edges and small values favoured (see the class comment)
     */
    int intBetween(final int min, final int max) {
        return (int) longBetween(min, max);
    }

    /**
     * @return a {@code long} in {@code [min, max]}, edges and small values favoured (see the class comment)
     */
    long longBetween(final long min, final long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        final int kind = random.nextInt(EDGE_ODDS);
        if (kind == 0) {
            final List<Long> edges = new ArrayList<>(List.of(min, max));
            if (min < max) {
                edges.add(min + 1);
                edges.add(max - 1);
            }
            for (final long near : new long[] {0L, -1L, 1L}) {
                if (near >= min && near <= max) {
                    edges.add(near);
                }
            }
            return oneOf(edges);
        }
        if (kind == 1 && min <= SMALL && max >= -SMALL) {
            return uniformLong(Math.max(min, -SMALL), Math.min(max, SMALL));
        }
        return uniformLong(min, max);
    }

    /**
     * @return every {@code long} in {@code [min, max]} equally likely
     */
    private long uniformLong(final long min, final long max) {
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        if (min > Long.MIN_VALUE) {
            return random.nextLong(min - 1, max) + 1;
        }
        return random.nextLong();
    }

    /**
     * @return {@code true} or {@code false}, equally likely
     */
    boolean nextBoolean() {
        return random.nextBoolean();
    }

    /**
     * @param choices not empty
     * @return one of them, each equally likely
     */
    <T> T oneOf(final List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /**
     * @return one of the enum's constants, each equally likely
     */
    <E extends Enum<E>> E oneOf(final Class<E> type) {
        final E[] constants = type.getEnumConstants();
        return constants[random.nextInt(constants.length)];
    }

    /**
     * @return a subset of the enum's constants, every subset equally likely (the empty and the full
     *     one included)
     */
    <E extends Enum<E>> Set<E> subsetOf(final Class<E> type) {
        final Set<E> subset = EnumSet.noneOf(type);
        for (final E constant : type.getEnumConstants()) {
            if (random.nextBoolean()) {
                subset.add(constant);
            }
        }
        return subset;
    }

    /**
     * @return {@code minSize} to {@code maxSize} integers, each in {@code [min, max]}
     */
    List<Integer> intsBetween(final int minSize, final int maxSize, final int min, final int max) {
        final int size = intBetween(minSize, maxSize);
        final List<Integer> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(intBetween(min, max));
        }
        return values;
    }

    /**
     * @return any finite double, every finite bit pattern equally likely: subnormals, huge and tiny
     *     magnitudes of both signs
     */
    double anyFiniteDouble() {
        double value;
        do {
            value = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(value));
        return value;
    }

    /**
     * Strictly increasing finite bucket boundaries: up to {@code max} draws, each equally likely a
     * plain value in {@code ±1000} (two decimals), any finite double, or a special one (zeros, one,
     * the extremes, subnormals); sorted, duplicates dropped ({@code -0.0} and {@code 0.0} are one).
     *
     * @param max most boundaries; none (one bucket) is possible
     * @return the boundaries
     */
    double[] boundaries(final int max) {
        final int draws = intBetween(0, max);
        final TreeSet<Double> sorted = new TreeSet<>((a, b) -> a < b ? -1 : a > b ? 1 : 0);
        for (int i = 0; i < draws; i++) {
            switch (random.nextInt(3)) {
                case 0:
                    final double plain = PLAIN_BOUNDARY_RANGE * (2.0 * random.nextDouble() - 1.0);
                    sorted.add(Math.round(plain * PLAIN_BOUNDARY_SCALE) / PLAIN_BOUNDARY_SCALE);
                    break;
                case 1:
                    sorted.add(anyFiniteDouble());
                    break;
                default:
                    sorted.add(SPECIAL_BOUNDARIES[random.nextInt(SPECIAL_BOUNDARIES.length)]);
            }
        }
        return sorted.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * A scenario for the aligned reservoirs: {@link #boundaries} and measurements around them.
     *
     * @param maxBoundaries   most boundaries
     * @param minBeyondBuckets fewest measurements beyond one per bucket
     * @param maxMeasurements most measurements
     * @param withNaN         whether NaN may be among the measurements
     * @return the scenario
     */
    AlignedScenario alignedScenario(final int maxBoundaries, final int minBeyondBuckets, final int maxMeasurements,
                                    final boolean withNaN) {
        final double[] boundaries = boundaries(maxBoundaries);
        final int count = intBetween(Math.min(maxMeasurements, boundaries.length + 1 + minBeyondBuckets),
            maxMeasurements);
        final List<Measurement> measurements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            measurements.add(measurementAround(boundaries, withNaN));
        }
        return new AlignedScenario(boundaries, measurements);
    }

    /**
     * A measurement near or on the boundaries, a special one, or an arbitrary one, with the
     * relative weights {@link #MEASUREMENT_WEIGHTS}.
     */
    private Measurement measurementAround(final double[] boundaries, final boolean withNaN) {
        switch (weightedChoice(MEASUREMENT_WEIGHTS)) {
            case 0:
                return Measurement.ofDouble(boundaryAdjacent(boundaries, withNaN));
            case 1:
                final double low = boundaries.length == 0 ? -1.0 : boundaries[0] - 1.0;
                final double high = boundaries.length == 0 ? 1.0 : boundaries[boundaries.length - 1] + 1.0;
                final double u = Math.round(random.nextDouble() * FRACTION_SCALE) / FRACTION_SCALE;
                return Measurement.ofDouble(low * (1.0 - u) + high * u); // no overflow at the extremes
            case 2:
                return Measurement.ofDouble(anyFiniteDouble());
            case 3:
                return Measurement.ofLong(longNextTo(boundaries));
            default:
                return Measurement.ofLong(longBetween(Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    /** A special value, or a boundary, or the double one ulp either side of one; or NaN. */
    private double boundaryAdjacent(final double[] boundaries, final boolean withNaN) {
        final int choices = SPECIAL_VALUES.length + 3 * boundaries.length + (withNaN ? 1 : 0);
        final int choice = random.nextInt(choices);
        if (choice < SPECIAL_VALUES.length) {
            return SPECIAL_VALUES[choice];
        }
        final int adjacent = choice - SPECIAL_VALUES.length;
        if (adjacent == 3 * boundaries.length) {
            return Double.NaN;
        }
        final double boundary = boundaries[adjacent / 3];
        switch (adjacent % 3) {
            case 0:
                return boundary;
            case 1:
                return Math.nextUp(boundary);
            default:
                return Math.nextDown(boundary);
        }
    }

    /** A special long, or the floor or ceiling of a boundary. */
    private long longNextTo(final double[] boundaries) {
        final int choice = random.nextInt(SPECIAL_LONGS.length + 2 * boundaries.length);
        if (choice < SPECIAL_LONGS.length) {
            return SPECIAL_LONGS[choice];
        }
        final double boundary = boundaries[(choice - SPECIAL_LONGS.length) / 2];
        return (choice - SPECIAL_LONGS.length) % 2 == 0 ? (long) Math.floor(boundary) : (long) Math.ceil(boundary);
    }

    /** @return {@code i} with probability {@code weights[i] / sum(weights)} */
    private int weightedChoice(final int[] weights) {
        int total = 0;
        for (final int weight : weights) {
            total += weight;
        }
        int draw = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: draw below the total weight " + total);
    }
}
