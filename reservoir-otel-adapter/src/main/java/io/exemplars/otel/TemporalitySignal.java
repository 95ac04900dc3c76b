package io.exemplars.otel;

/**
 * What one aggregator's retaining reservoirs know about their reader's temporality, which the SDK
 * tells an aggregation only at collection ({@code Aggregator.toMetricData}), after the reservoirs
 * were collected. Until a delta collection is seen, the reservoirs retain (cumulative); once one is
 * seen, they reset at every collection and export only exemplars captured after the millisecond in
 * which it was seen, so an exemplar kept across that first delta collection never appears in a
 * later delta point (whose window starts there). Capture times have millisecond resolution (as the
 * SDK's), so the few measurements of that same millisecond are not exported either: dropping is the
 * side to err on.
 */
final class TemporalitySignal {
    /** No delta collection seen yet. */
    private static final long CUMULATIVE = Long.MIN_VALUE;

    /** Epoch nanoseconds when the first delta collection was seen, or {@link #CUMULATIVE}. */
    private volatile long deltaSince = CUMULATIVE;

    /** Called at each collection with its temporality; the first delta one flips the signal. */
    void collected(final boolean delta) {
        if (delta && deltaSince == CUMULATIVE) {
            deltaSince = System.currentTimeMillis() * 1_000_000L;
        }
    }

    /**
     * @return whether a delta collection was seen: reservoirs must reset and not retain
     */
    boolean delta() {
        return deltaSince != CUMULATIVE;
    }

    /**
     * @return the earliest capture time a collection may export ({@code Long.MIN_VALUE} while
     *     cumulative; after a delta collection, the next millisecond after it)
     */
    long notBeforeEpochNanos() {
        final long since = deltaSince;
        return since == CUMULATIVE ? CUMULATIVE : since + 1_000_000L;
    }
}
