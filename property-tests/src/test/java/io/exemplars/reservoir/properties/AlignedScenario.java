package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.BucketBoundaries;

import java.util.Arrays;
import java.util.List;

/**
 * Bucket boundaries and the measurements offered against them, as
 * {@link ScenarioGenerator#alignedScenario} makes them: strictly increasing finite boundaries
 * (tiny, huge, subnormal, {@code -0.0}), and values that hit the awkward places: exactly on a
 * boundary, one ulp either side, {@code -0.0}, the infinities, NaN, extreme {@code long}s.
 *
 * <p>It also holds the reference bucket lookup the properties check the reservoir against, written
 * from the definition (bucket {@code i} is {@code (b[i-1], b[i]]}), not from the core's code.
 *
 * @param boundaries   strictly increasing, finite
 * @param measurements in offer order
 */
record AlignedScenario(double[] boundaries, List<Measurement> measurements) {
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
