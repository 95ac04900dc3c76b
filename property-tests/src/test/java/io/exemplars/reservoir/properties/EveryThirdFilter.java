package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.SeriesFilter;

/**
 * A deterministic filter for the uniformity-over-eligible property: an offer is eligible when its
 * number (its arrival position) is a multiple of 3, so every decile of an interval holds the same
 * number of eligible offers (within one) and eligibility is unrelated to the sampling keys.
 */
final class EveryThirdFilter implements SeriesFilter<Offer> {
    /** The only instance: stateless. */
    static final EveryThirdFilter INSTANCE = new EveryThirdFilter();
    /** One offer in this many is eligible. */
    static final int PERIOD = 3;

    private EveryThirdFilter() {
    }

    /** @return whether the offer with this number is eligible */
    static boolean eligible(final long number) {
        return number % PERIOD == 0;
    }

    @Override
    public boolean test(final double value, final Object attributes, final Offer context) {
        return eligible(context.number());
    }

    @Override
    public String toString() {
        return "every third offer";
    }
}
