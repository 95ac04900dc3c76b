package io.exemplars.otel;

/**
 * What one aggregator's retaining reservoirs know about their reader's temporality, which the SDK
 * tells an aggregation only at collection ({@code Aggregator.toMetricData}), after the reservoirs
 * were collected (and {@code AggregatorHandle.aggregateThenMaybeReset}, which is told, is final).
 *
 * <h2>Cumulative until told delta</h2>
 * The reservoirs retain from the first collection on, as for a cumulative reader (Prometheus, the
 * pull exporters: the readers retention is for), so a reader's first scrape takes nothing away and
 * a second scrape right after it sees the same exemplars. Once a delta collection has been seen,
 * they reset at every collection and export only exemplars captured after the millisecond in which
 * it was seen, so an exemplar kept across a delta reader's first collection never appears in a
 * later delta point (whose window starts there). Capture times have millisecond resolution (as the
 * SDK's), so the few measurements of that same millisecond are not exported either: dropping is the
 * side to err on. The cost of the assumption falls on delta readers only: their series keep their
 * first interval's slots until the second collection (or, for a series the SDK no longer collects,
 * until its reservoir is unreachable and the arena's cleaner returns them).
 */
final class TemporalitySignal {
    /** No delta collection seen yet. */
    private static final long CUMULATIVE = Long.MIN_VALUE;

    /** Epoch nanoseconds when the first delta collection was seen, or {@link #CUMULATIVE}. */
    private volatile long deltaSince = CUMULATIVE;

    /** Called at each collection with its temporality; the first delta one flips the signal for good. */
    void collected(final boolean delta) {
        if (delta && deltaSince == CUMULATIVE) {
            deltaSince = System.currentTimeMillis() * 1_000_000L;
        }
    }

    /**
     * @return whether the reservoirs may retain: no delta collection seen
     */
    boolean retains() {
        return deltaSince == CUMULATIVE;
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
