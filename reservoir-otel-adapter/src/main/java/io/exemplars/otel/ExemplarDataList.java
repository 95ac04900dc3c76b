package io.exemplars.otel;

import io.exemplars.reservoir.CollectedExemplar;
import io.exemplars.reservoir.ExemplarVisitor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.ExemplarData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoubleExemplarData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableLongExemplarData;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * One collection's output: the SDK exemplar data built from a core reservoir's exemplars for one
 * data point.
 *
 * <p>This is where the work the hot path skipped is done: the span context is the one captured
 * with the offer (kept by reference, so nothing is rebuilt or re-encoded), and the exemplar's filtered attributes (the measurement's attributes that are not on
 * the point, e.g. those a View's attribute filter removed) are computed. The list is created only
 * when there is an exemplar; an empty collection returns {@link Collections#emptyList()}.
 *
 * <p>Used by one collecting thread at a time; the visitors are stateless singletons.
 *
 * @param <E> {@link DoubleExemplarData} or {@link LongExemplarData}
 */
final class ExemplarDataList<E extends ExemplarData> {
    /** Builds {@link DoubleExemplarData}: histograms, and sums and gauges of double instruments. */
    static final ExemplarVisitor<ExemplarDataList<DoubleExemplarData>> DOUBLES =
        (list, exemplar) -> {
            if (list.recent(exemplar)) {
                list.add(ImmutableDoubleExemplarData.create(list.filtered(exemplar.attributes()),
                    exemplar.epochNanos(), spanContext(exemplar), exemplar.doubleValue()));
            }
        };
    /** Builds {@link LongExemplarData}: sums and gauges of long instruments. */
    static final ExemplarVisitor<ExemplarDataList<LongExemplarData>> LONGS =
        (list, exemplar) -> {
            if (list.recent(exemplar)) {
                list.add(ImmutableLongExemplarData.create(list.filtered(exemplar.attributes()),
                    exemplar.epochNanos(), spanContext(exemplar), exemplar.longValue()));
            }
        };

    private final Attributes pointAttributes;
    /** Exemplars captured earlier are left out (see {@link TemporalitySignal}). */
    private final long notBeforeEpochNanos;
    private Set<AttributeKey<?>> pointKeys;
    /** The last measurement attributes filtered, and their result (see {@link #filtered}). */
    private Attributes lastMeasured;
    private Attributes lastFiltered;
    private List<E> exemplars;

    ExemplarDataList(final Attributes pointAttributes) {
        this(pointAttributes, Long.MIN_VALUE);
    }

    ExemplarDataList(final Attributes pointAttributes, final long notBeforeEpochNanos) {
        this.pointAttributes = pointAttributes == null ? Attributes.empty() : pointAttributes;
        this.notBeforeEpochNanos = notBeforeEpochNanos;
    }

    /**
     * @return the exemplars collected, or an immutable empty list when there were none
     */
    List<E> result() {
        return exemplars == null ? Collections.emptyList() : exemplars;
    }

    /** Whether the exemplar was captured no earlier than {@link #notBeforeEpochNanos} (else it is left out). */
    private boolean recent(final CollectedExemplar exemplar) {
        return exemplar.epochNanos() >= notBeforeEpochNanos;
    }

    private void add(final E exemplar) {
        if (exemplars == null) {
            exemplars = new ArrayList<>();
        }
        exemplars.add(exemplar);
    }

    /**
     * The measurement's attributes minus the point's keys, as the specification defines an
     * exemplar's filtered attributes (and as the SDK's own reservoirs compute them). Two shortcuts
     * that build nothing: measurement attributes equal to the point's (no View attribute filter,
     * the usual case) filter to none; and the exemplars of one point usually share one attributes
     * object, whose result is kept for the next.
     */
    private Attributes filtered(final Object measurementAttributes) {
        if (!(measurementAttributes instanceof Attributes)) {
            return Attributes.empty();
        }
        final Attributes measured = (Attributes) measurementAttributes;
        if (pointAttributes.isEmpty() || measured.isEmpty()) {
            return measured;
        }
        if (measured == lastMeasured) {
            return lastFiltered;
        }
        final Attributes filtered;
        if (measured.equals(pointAttributes)) {
            filtered = Attributes.empty();
        } else {
            if (pointKeys == null) {
                pointKeys = pointAttributes.asMap().keySet();
            }
            filtered = measured.toBuilder().removeIf(pointKeys::contains).build();
        }
        lastMeasured = measured;
        lastFiltered = filtered;
        return filtered;
    }

    private static SpanContext spanContext(final CollectedExemplar exemplar) {
        final Object captured = exemplar.contextReference();
        if (captured instanceof SpanContext) {
            return (SpanContext) captured; // the span's own immutable SpanContext: no allocation
        }
        if (!exemplar.hasSpanContext()) {
            return SpanContext.getInvalid();
        }
        // Only reached for an exemplar captured without a reference. The trace state is not kept:
        // exemplars export only the ids and flags.
        return SpanContext.create(HexIds.traceId(exemplar.traceIdHigh(), exemplar.traceIdLow()),
            HexIds.spanId(exemplar.spanId()), TraceFlags.fromByte((byte) exemplar.traceFlags()),
            TraceState.getDefault());
    }
}
