package io.exemplars.reservoir;

/**
 * Construction-time argument checks and the guarded filter call shared by every reservoir.
 */
final class ReservoirArguments {
    private ReservoirArguments() {
    }

    static <T> T requireNonNull(final T value, final String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * Asks the capturer's filter, then the series filter; a filter that throws counts as "not
     * eligible", so nothing escapes into the recording thread.
     */
    static <C> boolean eligible(final ExemplarCapturer<C> capturer, final SeriesFilter<C> filter,
                                final double value, final Object attributes, final C context) {
        try {
            return capturer.isEligible(attributes, context) && filter.test(value, attributes, context);
        } catch (final Throwable ex) { // an Error too: never into the recording thread
            return false;
        }
    }

    /** Shows an offer to the series filter; a filter that throws is ignored. */
    static <C> void observe(final SeriesFilter<C> filter, final double value) {
        try {
            filter.observe(value);
        } catch (final Throwable ignored) { // an Error too
            // never into the recording thread
        }
    }
}
