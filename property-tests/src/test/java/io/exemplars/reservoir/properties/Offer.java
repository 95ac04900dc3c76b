package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.ExemplarReservoir;

/**
 * One measurement the properties offer to a reservoir, and its measurement context: the value plus
 * every exemplar field (epoch nanos, trace id, span id, trace flags), all derived from
 * {@code (seed, number)} by {@link SplitMix64}.
 *
 * <p>An offer is passed as both the context and the attribute reference of the measurement, so a
 * collected exemplar names the offer it claims to come from, and {@link OfferConsistency} can
 * compare every other field with that offer's. Distinct offers have independent payloads, so a mix
 * of two shows. Offers are immutable and made up front, outside the loops that offer them, so the
 * offering threads allocate nothing.
 */
final class Offer {
    private static final int EPOCH_NANOS_STREAM = 0;
    private static final int TRACE_ID_HIGH_STREAM = 1;
    private static final int TRACE_ID_LOW_STREAM = 2;
    private static final int SPAN_ID_STREAM = 3;
    private static final int TRACE_FLAGS_STREAM = 4;
    private static final int W3C_TRACE_FLAGS_MASK = 0xFF;

    private final long number;
    private final int interval;
    private final boolean isLong;
    private final long longValue;
    private final double doubleValue;
    private final long epochNanos;
    private final long traceIdHigh;
    private final long traceIdLow;
    private final long spanId;
    private final int traceFlags;

    private Offer(final long seed, final long number, final int interval, final boolean isLong,
                  final long longValue, final double doubleValue) {
        this.number = number;
        this.interval = interval;
        this.isLong = isLong;
        this.longValue = longValue;
        this.doubleValue = doubleValue;
        final long offerSeed = SplitMix64.nth(seed, number);
        this.epochNanos = SplitMix64.nth(offerSeed, EPOCH_NANOS_STREAM) >>> 1; // a non-negative time
        this.traceIdHigh = SplitMix64.nth(offerSeed, TRACE_ID_HIGH_STREAM);
        this.traceIdLow = SplitMix64.nth(offerSeed, TRACE_ID_LOW_STREAM);
        this.spanId = SplitMix64.nth(offerSeed, SPAN_ID_STREAM);
        this.traceFlags = (int) SplitMix64.nth(offerSeed, TRACE_FLAGS_STREAM) & W3C_TRACE_FLAGS_MASK;
    }

    /**
     * An offer whose value is its own number: a {@code long} measurement for an even number, a
     * {@code double} one for an odd number, so the value, its kind and every id all follow from the
     * number. Exact for numbers below 2^53.
     *
     * @param seed     the run's seed
     * @param number   the offer's number, unique within a run
     * @param interval the collection interval the offer belongs to
     * @return the offer
     */
    static Offer numbered(final long seed, final long number, final int interval) {
        final boolean even = (number & 1) == 0;
        return new Offer(seed, number, interval, even, even ? number : 0L, even ? 0.0 : number);
    }

    /**
     * An offer of a chosen {@code double} value (the aligned properties choose values per bucket).
     *
     * @param seed   the run's seed
     * @param number the offer's number, unique within a run
     * @param value  the measurement
     * @return the offer, in interval 0
     */
    static Offer ofDouble(final long seed, final long number, final double value) {
        return new Offer(seed, number, 0, false, 0L, value);
    }

    /**
     * An offer of a chosen {@code long} value.
     *
     * @param seed   the run's seed
     * @param number the offer's number, unique within a run
     * @param value  the measurement
     * @return the offer, in interval 0
     */
    static Offer ofLong(final long seed, final long number, final long value) {
        return new Offer(seed, number, 0, true, value, 0.0);
    }

    /**
     * Offers this measurement to a reservoir, itself as the attributes and the context.
     *
     * @param reservoir the reservoir under test
     */
    void offerTo(final ExemplarReservoir<Offer> reservoir) {
        if (isLong) {
            reservoir.offerLong(longValue, this, this);
        } else {
            reservoir.offerDouble(doubleValue, this, this);
        }
    }

    long number() {
        return number;
    }

    int interval() {
        return interval;
    }

    /** @return {@code true} for a {@code long} measurement, {@code false} for a {@code double} one */
    boolean isLong() {
        return isLong;
    }

    /** @return the {@code long} measurement (0 for a {@code double} one) */
    long longValue() {
        return longValue;
    }

    /** @return the {@code double} measurement (0 for a {@code long} one) */
    double doubleValue() {
        return doubleValue;
    }

    /** @return the measurement as the aligned reservoirs bucket it: a {@code long} converted */
    double bucketedValue() {
        return isLong ? (double) longValue : doubleValue;
    }

    long epochNanos() {
        return epochNanos;
    }

    long traceIdHigh() {
        return traceIdHigh;
    }

    long traceIdLow() {
        return traceIdLow;
    }

    long spanId() {
        return spanId;
    }

    int traceFlags() {
        return traceFlags;
    }

    @Override
    public String toString() {
        return "Offer#" + number + (isLong ? "(long " + longValue : "(double " + doubleValue)
            + ", interval " + interval + ')';
    }
}
