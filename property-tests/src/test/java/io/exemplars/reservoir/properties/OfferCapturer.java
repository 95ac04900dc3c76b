package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.ExemplarCapturer;

/**
 * Reads an exemplar's payload from an {@link Offer}: one stateless instance serves every property.
 * Every offer is eligible (the default filter).
 */
final class OfferCapturer implements ExemplarCapturer<Offer> {
    /** The only instance. */
    static final OfferCapturer INSTANCE = new OfferCapturer();

    private OfferCapturer() {
    }

    @Override
    public long epochNanos(final Offer context) {
        return context.epochNanos();
    }

    @Override
    public long traceIdHigh(final Offer context) {
        return context.traceIdHigh();
    }

    @Override
    public long traceIdLow(final Offer context) {
        return context.traceIdLow();
    }

    @Override
    public long spanId(final Offer context) {
        return context.spanId();
    }

    @Override
    public int traceFlags(final Offer context) {
        return context.traceFlags();
    }
}
