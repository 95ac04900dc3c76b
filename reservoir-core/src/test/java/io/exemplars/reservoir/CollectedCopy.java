package io.exemplars.reservoir;

import java.util.ArrayList;
import java.util.List;

/** An immutable copy of a {@link CollectedExemplar}, so tests can look at exemplars after collect. */
final class CollectedCopy {
    /** Appends a copy of each visited exemplar to the state list. */
    static final ExemplarVisitor<List<CollectedCopy>> TO_LIST = (list, e) -> list.add(new CollectedCopy(e));

    final int index;
    final boolean longValue;
    final double doubleValue;
    final long longValueBits;
    final long epochNanos;
    final long traceIdHigh;
    final long traceIdLow;
    final long spanId;
    final int traceFlags;
    final Object attributes;
    final Object contextReference;

    private CollectedCopy(final CollectedExemplar e) {
        index = e.index();
        longValue = e.isLongValue();
        doubleValue = e.doubleValue();
        longValueBits = e.longValue();
        epochNanos = e.epochNanos();
        traceIdHigh = e.traceIdHigh();
        traceIdLow = e.traceIdLow();
        spanId = e.spanId();
        traceFlags = e.traceFlags();
        attributes = e.attributes();
        contextReference = e.contextReference();
    }

    static List<CollectedCopy> collect(final ExemplarReservoir<?> reservoir, final boolean reset) {
        final List<CollectedCopy> out = new ArrayList<>();
        reservoir.collect(TO_LIST, out, reset);
        return out;
    }

    /** @return true when every field matches what {@link TestContext} derives from {@code offer} */
    boolean cameFrom(final long offer) {
        final TestContext c = new TestContext(offer);
        return epochNanos == c.epochNanos() && traceIdHigh == c.traceIdHigh() && traceIdLow == c.traceIdLow()
            && spanId == c.spanId() && traceFlags == c.traceFlags()
            && contextReference instanceof TestContext && ((TestContext) contextReference).offer == offer;
    }
}
