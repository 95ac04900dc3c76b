package io.exemplars.otel;

/**
 * What one aggregator's retaining reservoirs know about their reader's temporality, which the SDK
 * tells an aggregation only at collection ({@code Aggregator.toMetricData}), after the reservoirs
 * were collected. Until a cumulative collection has been seen, the reservoirs reset like any other
 * (so a delta reader's reservoirs never keep slots or exemplars across its first collection, and a
 * series that then goes idle, which a delta reader no longer collects, holds nothing); from then on
 * they retain, unless a delta collection is seen, after which they reset at every collection and
 * export only exemplars captured after the millisecond in which it was seen, so an exemplar kept
 * across that delta collection never appears in a later delta point (whose window starts there).
 * Capture times have millisecond resolution (as the SDK's), so the few measurements of that same
 * millisecond are not exported either: dropping is the side to err on.
 */
final class TemporalitySignal {
    /** No delta collection seen yet. */
    private static final long CUMULATIVE = Long.MIN_VALUE;

    /** Epoch nanoseconds when the first delta collection was seen, or {@link #CUMULATIVE}. */
    private volatile long deltaSince = CUMULATIVE;
    /** Whether a cumulative collection has been seen. */
    private volatile boolean cumulativeSeen;

    /** Called at each collection with its temporality; the first delta one flips the signal. */
    void collected(final boolean delta) {
        if (!delta) {
            cumulativeSeen = true;
        } else if (deltaSince == CUMULATIVE) {
            deltaSince = System.currentTimeMillis() * 1_000_000L;
        }
    }

    /**
     * @return whether the reservoirs may retain: a cumulative collection was seen, and no delta one
     */
    boolean retains() {
        return cumulativeSeen && deltaSince == CUMULATIVE;
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
