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
     * Asks the capturer's filter; a filter that throws counts as "not eligible", so nothing escapes
     * into the recording thread.
     */
    static <C> boolean eligible(final ExemplarCapturer<C> capturer, final Object attributes, final C context) {
        try {
            return capturer.isEligible(attributes, context);
        } catch (final RuntimeException ex) {
            return false;
        }
    }
}
