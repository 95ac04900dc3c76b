package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.ExemplarCapturer;

import java.util.function.LongSupplier;

/**
 * Captures an {@link Offer} like {@link OfferCapturer}, except the capture time, which is read from
 * the retention properties' manual clock, so an exemplar's age means what the reservoir's clock says.
 */
final class ClockCapturer implements ExemplarCapturer<Offer> {
    private final LongSupplier clock;

    ClockCapturer(final LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public long epochNanos(final Offer context) {
        return clock.getAsLong();
    }

    @Override
    public long traceIdHigh(final Offer context) {
        return OfferCapturer.INSTANCE.traceIdHigh(context);
    }

    @Override
    public long traceIdLow(final Offer context) {
        return OfferCapturer.INSTANCE.traceIdLow(context);
    }

    @Override
    public long spanId(final Offer context) {
        return OfferCapturer.INSTANCE.spanId(context);
    }

    @Override
    public int traceFlags(final Offer context) {
        return OfferCapturer.INSTANCE.traceFlags(context);
    }
}
