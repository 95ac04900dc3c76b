package io.exemplars.reservoir.properties;

import java.util.List;
import java.util.function.Function;

/**
 * The payload fields of an exemplar, which must all come from the offer its attributes name.
 * {@link ExemplarSnapshot#index()} is not one of them (it is where the reservoir put the exemplar,
 * not something the offer carried), nor are the attributes (they are the reference the others are
 * checked against).
 */
enum ExemplarField {
    /** The value together with its kind: a torn value can differ in either. */
    VALUE(s -> List.of(s.longValue(), s.asLong(), Double.doubleToRawLongBits(s.asDouble()))),
    EPOCH_NANOS(ExemplarSnapshot::epochNanos),
    TRACE_ID_HIGH(ExemplarSnapshot::traceIdHigh),
    TRACE_ID_LOW(ExemplarSnapshot::traceIdLow),
    SPAN_ID(ExemplarSnapshot::spanId),
    TRACE_FLAGS(ExemplarSnapshot::traceFlags);

    private final Function<ExemplarSnapshot, Object> reader;

    ExemplarField(final Function<ExemplarSnapshot, Object> reader) {
        this.reader = reader;
    }

    /**
     * @param snapshot an exemplar
     * @return this field of it, in a form {@link Object#equals} compares exactly
     */
    Object of(final ExemplarSnapshot snapshot) {
        return reader.apply(snapshot);
    }
}
