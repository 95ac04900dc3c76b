package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.BucketBoundaries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Bucket boundaries and the measurements offered against them, and the jqwik generators that make
 * them: strictly increasing finite boundaries (tiny, huge, subnormal, {@code -0.0}), and values
 * that hit the awkward places: exactly on a boundary, one ulp either side, {@code -0.0}, the
 * infinities, NaN, extreme {@code long}s.
 *
 * <p>It also holds the reference bucket lookup the properties check the reservoir against, written
 * from the definition (bucket {@code i} is {@code (b[i-1], b[i]]}), not from the core's code.
 *
 * @param boundaries   strictly increasing, finite
 * @param measurements in offer order
 */
record AlignedScenario(double[] boundaries, List<Measurement> measurements) {
    /** Decimal places of the fraction that places a value between the outer boundaries. */
    private static final int FRACTION_SCALE = 9;

    /**
     * @param maxBoundaries     most boundaries
     * @param minMeasurements   fewest measurements beyond one per bucket
     * @param maxMeasurements   most measurements
     * @param withNaN           whether NaN may be among the measurements
     * @return scenarios
     */
    static Arbitrary<AlignedScenario> scenarios(final int maxBoundaries, final int minMeasurements,
                                                final int maxMeasurements, final boolean withNaN) {
        return boundaries(maxBoundaries).flatMap(b -> measurementsAround(b, withNaN)
            .list().ofMinSize(Math.min(maxMeasurements, b.length + 1 + minMeasurements)).ofMaxSize(maxMeasurements)
            .map(ms -> new AlignedScenario(b, ms)));
    }

    /** Strictly increasing finite boundaries, from none (one bucket) to {@code max}. */
    static Arbitrary<double[]> boundaries(final int max) {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1_000.0, 1_000.0),
                anyFiniteDouble(),
                Arbitraries.of(0.0, -0.0, 1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
                    Double.MAX_VALUE, -Double.MAX_VALUE))
            .list().ofMaxSize(max)
            .map(AlignedScenario::strictlyIncreasing);
    }

    /** Any finite double, every bit pattern equally likely: subnormals, huge and tiny magnitudes. */
    private static Arbitrary<Double> anyFiniteDouble() {
        return Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
    }

    /** Measurements near and on the boundaries, specials, and arbitrary values. */
    private static Arbitrary<Measurement> measurementsAround(final double[] boundaries, final boolean withNaN) {
        final List<Double> edges = new ArrayList<>(List.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
            -0.0, 0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE));
        final List<Long> longEdges = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L));
        for (final double b : boundaries) {
            edges.addAll(List.of(b, Math.nextUp(b), Math.nextDown(b)));
            longEdges.addAll(List.of((long) Math.floor(b), (long) Math.ceil(b)));
        }
        if (withNaN) {
            edges.add(Double.NaN);
        }
        final double low = boundaries.length == 0 ? -1.0 : boundaries[0] - 1.0;
        final double high = boundaries.length == 0 ? 1.0 : boundaries[boundaries.length - 1] + 1.0;
        return Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of(edges).map(Measurement::ofDouble)),
            Tuple.of(3, Arbitraries.doubles().between(0.0, 1.0).ofScale(FRACTION_SCALE)
                .map(u -> Measurement.ofDouble(low * (1.0 - u) + high * u))), // no overflow at the extremes
            Tuple.of(1, anyFiniteDouble().map(Measurement::ofDouble)),
            Tuple.of(1, Arbitraries.of(longEdges).map(Measurement::ofLong)),
            Tuple.of(1, Arbitraries.longs().map(Measurement::ofLong)));
    }

    /** Sorted, duplicates (by {@code ==}, so {@code -0.0} and {@code 0.0} are one) dropped. */
    private static double[] strictlyIncreasing(final List<Double> values) {
        final TreeSet<Double> sorted = new TreeSet<>((a, b) -> a < b ? -1 : a > b ? 1 : 0);
        sorted.addAll(values);
        return sorted.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * @return the boundaries as the reservoir takes them
     */
    BucketBoundaries bucketBoundaries() {
        return BucketBoundaries.of(boundaries);
    }

    /**
     * @return the number of buckets
     */
    int bucketCount() {
        return boundaries.length + 1;
    }

    /**
     * The reference lookup: the first bucket whose upper boundary is {@code >= value}; the last
     * bucket when there is none.
     *
     * @param value not NaN
     * @return the bucket {@code i} with {@code b[i-1] < value <= b[i]}
     */
    int bucketOf(final double value) {
        int bucket = 0;
        while (bucket < boundaries.length && !(value <= boundaries[bucket])) {
            bucket++;
        }
        return bucket;
    }

    /**
     * @param seed the offers' seed
     * @return one offer per measurement, numbered by position
     */
    Offer[] offers(final long seed) {
        final Offer[] offers = new Offer[measurements.size()];
        for (int i = 0; i < offers.length; i++) {
            offers[i] = measurements.get(i).toOffer(seed, i);
        }
        return offers;
    }

    @Override
    public String toString() {
        return "boundaries " + Arrays.toString(boundaries) + ", offers " + measurements;
    }
}
