package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.BucketBoundaries;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One interval's offers dealt round-robin over histogram buckets, each offer's value naming its
 * arrival position: position {@code p} goes to bucket {@code b = p mod B} with the value
 * {@code b * W + p / B}, where {@code W = n / B} is the number of positions per bucket, and bucket
 * {@code b} is {@code (b*W - 0.5, (b+1)*W - 0.5]}: it holds exactly the values {@code b*W .. b*W + W-1}.
 *
 * <p>Why round-robin: every decile of the interval (a run of {@code n / 10} consecutive positions)
 * then holds the same number of each bucket's offers, so under the null hypothesis the decile of
 * each bucket's kept offer is uniform; with contiguous buckets each bucket would sit in one decile
 * and any sampler, however biased, would look uniform. Why the position in the value: an exemplar
 * that comes back through the OpenTelemetry SDK carries only its value (and time and span), so the
 * value must say which offer it was ({@link #positionOf}); the values are whole numbers below
 * {@code n}, exact as {@code long} and as {@code double}.
 */
final class InterleavedBuckets {
    private final int offers;
    private final int buckets;
    private final int perBucket;

    /**
     * @param offers  offers per interval, a multiple of {@code buckets * }{@value ArrivalDecileCheck#DECILES}
     *                (equal shares of every bucket in every decile)
     * @param buckets at least 2
     */
    InterleavedBuckets(final int offers, final int buckets) {
        if (buckets < 2 || offers % (buckets * ArrivalDecileCheck.DECILES) != 0) {
            throw new IllegalArgumentException("offers (" + offers + ") must be a multiple of buckets (" + buckets
                + ", at least 2) times " + ArrivalDecileCheck.DECILES + " deciles");
        }
        this.offers = offers;
        this.buckets = buckets;
        this.perBucket = offers / buckets;
    }

    /**
     * @param position arrival position, {@code 0 .. n-1}
     * @return the value offered at that position
     */
    long valueOf(final int position) {
        return (long) (position % buckets) * perBucket + position / buckets;
    }

    /**
     * @param value a value as an exemplar reports it
     * @return the arrival position that offered it
     * @throws IllegalArgumentException when no position offers {@code value}: the exemplar was not
     *                                  one of the interval's offers
     */
    int positionOf(final double value) {
        if (!(value >= 0.0 && value < offers) || value != Math.rint(value)) {
            throw new IllegalArgumentException("exemplar value " + value + " was never offered: offers are the whole"
                + " numbers 0 .. " + (offers - 1));
        }
        final int whole = (int) value;
        return (whole % perBucket) * buckets + whole / perBucket;
    }

    /**
     * @return the {@code B - 1} boundaries {@code b*W - 0.5}, {@code b = 1 .. B-1}
     */
    List<Double> boundaryList() {
        final List<Double> boundaries = new ArrayList<>(buckets - 1);
        for (int b = 1; b < buckets; b++) {
            boundaries.add(b * (double) perBucket - 0.5);
        }
        return Collections.unmodifiableList(boundaries);
    }

    /**
     * @return the boundaries as the core reservoirs take them
     */
    BucketBoundaries boundaries() {
        return BucketBoundaries.of(boundaryList());
    }

    /**
     * @param seed the offers' seed
     * @return the interval's offers as {@code double} measurements, indexed and numbered by position
     */
    Offer[] doubleOffers(final long seed) {
        final Offer[] byPosition = new Offer[offers];
        for (int p = 0; p < offers; p++) {
            byPosition[p] = Offer.ofDouble(seed, p, valueOf(p));
        }
        return byPosition;
    }

    /**
     * @param seed the offers' seed
     * @return the interval's offers as {@code long} measurements, indexed and numbered by position
     */
    Offer[] longOffers(final long seed) {
        final Offer[] byPosition = new Offer[offers];
        for (int p = 0; p < offers; p++) {
            byPosition[p] = Offer.ofLong(seed, p, valueOf(p));
        }
        return byPosition;
    }

    @Override
    public String toString() {
        return offers + " offers round-robin over " + buckets + " buckets";
    }
}
