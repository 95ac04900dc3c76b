package io.exemplars.reservoir.properties;

/**
 * A generated measurement: a {@code double} or a {@code long}, as {@link ScenarioGenerator} draws them for the
 * aligned properties, before it becomes an {@link Offer}.
 *
 * @param isLong      whether it is a {@code long} measurement
 * @param longValue   the {@code long} measurement (0 for a {@code double})
 * @param doubleValue the {@code double} measurement (0 for a {@code long})
 */
record Measurement(boolean isLong, long longValue, double doubleValue) {

    static Measurement ofDouble(final double value) {
        return new Measurement(false, 0L, value);
    }

    static Measurement ofLong(final long value) {
        return new Measurement(true, value, 0.0);
    }

    /** @return {@code true} for a NaN, which no reservoir keeps */
    boolean isNaN() {
        return !isLong && Double.isNaN(doubleValue);
    }

    /**
     * @param seed   the offers' seed
     * @param number the offer's number
     * @return the offer of this measurement
     */
    Offer toOffer(final long seed, final long number) {
        return isLong ? Offer.ofLong(seed, number, longValue) : Offer.ofDouble(seed, number, doubleValue);
    }

    @Override
    public String toString() {
        return isLong ? longValue + "L" : Double.toString(doubleValue);
    }
}
