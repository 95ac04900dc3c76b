package io.exemplars.reservoir.properties;

import java.util.List;

/**
 * A deliberately broken sampler, for the companion of the never-torn property: one last-seen slot
 * whose fields are each volatile but written and read one by one with no lock, so a collect that
 * runs while an offer is writing hands out an exemplar mixing two offers. (The classic mistake:
 * every field is visible to other threads, yet the group is not atomic.) It shows that the
 * concurrent harness really overlaps collects with writes, and that the check then sees the tear.
 */
final class RacySampler implements SamplerUnderTest {
    // Volatile so that every write and read really happens (plain fields could legally be hoisted
    // out of the harness's loops and never race at all); no lock, which is the bug on purpose.
    private volatile boolean isLong;
    private volatile long longValue;
    private volatile double doubleValue;
    private volatile long epochNanos;
    private volatile long traceIdHigh;
    private volatile long traceIdLow;
    private volatile long spanId;
    private volatile int traceFlags;
    private volatile Offer attributes;

    @Override
    public void offer(final Offer offer) {
        isLong = offer.isLong();
        longValue = offer.longValue();
        doubleValue = offer.doubleValue();
        epochNanos = offer.epochNanos();
        traceIdHigh = offer.traceIdHigh();
        traceIdLow = offer.traceIdLow();
        spanId = offer.spanId();
        traceFlags = offer.traceFlags();
        attributes = offer;
    }

    @Override
    public void collect(final boolean reset, final List<ExemplarSnapshot> into) {
        final Offer kept = attributes;
        if (kept == null) {
            return;
        }
        final boolean keptLong = isLong;
        final long keptLongValue = longValue;
        final double keptDoubleValue = doubleValue;
        final long asLong = keptLong ? keptLongValue : (long) keptDoubleValue;
        final double asDouble = keptLong ? (double) keptLongValue : keptDoubleValue + 0.0;
        into.add(new ExemplarSnapshot(0, keptLong, asLong, asDouble, epochNanos, traceIdHigh, traceIdLow, spanId,
            traceFlags, kept));
        if (reset) {
            attributes = null;
        }
    }

    @Override
    public void close() {
        // on-heap only: nothing to release
    }

    @Override
    public String toString() {
        return "RacySampler (broken: unsynchronized last-seen slot)";
    }
}
