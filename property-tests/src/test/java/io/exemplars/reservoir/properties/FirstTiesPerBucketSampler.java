package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.BucketBoundaries;

import java.util.List;

/**
 * A deliberately biased "largest per bucket" sampler, for the companion tests: it keeps each
 * bucket's largest value exactly, but breaks ties by arrival, keeping the first of equal values (a
 * newcomer must be strictly larger to replace the kept one), the natural mistake of a max register.
 * Synchronized, never torn, resets cleanly: only its tie-breaking is wrong.
 */
final class FirstTiesPerBucketSampler implements SamplerUnderTest {
    private final BucketBoundaries boundaries;
    private final Offer[] kept;

    /**
     * @param boundaries the buckets
     */
    FirstTiesPerBucketSampler(final BucketBoundaries boundaries) {
        this.boundaries = boundaries;
        this.kept = new Offer[boundaries.bucketCount()];
    }

    private static double value(final Offer offer) {
        return offer.isLong() ? offer.longValue() : offer.doubleValue() + 0.0;
    }

    @Override
    public synchronized void offer(final Offer offer) {
        final double value = value(offer);
        if (value != value) {
            return;
        }
        final int bucket = boundaries.bucketIndex(value);
        if (kept[bucket] == null || value > value(kept[bucket])) {
            kept[bucket] = offer;
        }
    }

    @Override
    public synchronized void collect(final boolean reset, final List<ExemplarSnapshot> into) {
        for (int bucket = 0; bucket < kept.length; bucket++) {
            if (kept[bucket] != null) {
                into.add(ExemplarSnapshot.of(bucket, kept[bucket]));
                if (reset) {
                    kept[bucket] = null;
                }
            }
        }
    }

    @Override
    public void close() {
        // on-heap only
    }

    @Override
    public String toString() {
        return "FirstTiesPerBucketSampler{" + boundaries + "}";
    }
}
