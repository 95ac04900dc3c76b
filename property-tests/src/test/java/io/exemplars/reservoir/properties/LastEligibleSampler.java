package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.SeriesFilter;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A deliberately biased filtered sampler, for the companion of {@link FilteredUniformityProperties}:
 * it keeps the last {@code k} offers of the interval that its filter accepts (last-seen, the
 * filter applied to every offer). Its bias is toward the end of the interval. Synchronized: a test
 * double, its cost is irrelevant.
 */
final class LastEligibleSampler implements SamplerUnderTest {
    private final int k;
    private final SeriesFilter<Offer> filter;
    private final ArrayDeque<Offer> kept = new ArrayDeque<>();

    /**
     * @param k      how many eligible offers to keep per interval
     * @param filter which offers are eligible
     */
    LastEligibleSampler(final int k, final SeriesFilter<Offer> filter) {
        this.k = k;
        this.filter = filter;
    }

    @Override
    public synchronized void offer(final Offer offer) {
        if (filter.test(offer.bucketedValue(), offer, offer)) {
            if (kept.size() == k) {
                kept.removeFirst();
            }
            kept.addLast(offer);
        }
    }

    @Override
    public synchronized void collect(final boolean reset, final List<ExemplarSnapshot> into) {
        int index = 0;
        for (final Offer offer : kept) {
            into.add(ExemplarSnapshot.of(index++, offer));
        }
        if (reset) {
            kept.clear();
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "LastEligibleSampler(k=" + k + ", " + filter + ") (biased: last eligible seen)";
    }
}
