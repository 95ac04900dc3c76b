package io.exemplars.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

/**
 * {@link MeasurementFilter#errorsOnly()}: the measurement's {@code error.type} attribute, else the
 * status of its SDK span ({@link SpanStatus}: no copy, no lock). Stateless: one instance.
 */
final class ErrorsOnlyFilter implements MeasurementFilter {
    static final ErrorsOnlyFilter INSTANCE = new ErrorsOnlyFilter();
    /** The semantic conventions' attribute of a failed operation. */
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private ErrorsOnlyFilter() {
    }

    @Override
    public boolean test(final double value, final Attributes attributes, final Context context) {
        if (attributes != null && attributes.get(ERROR_TYPE) != null) {
            return true;
        }
        if (context == null) {
            return false;
        }
        return SpanStatus.isError(Span.fromContext(context));
    }

    @Override
    public String toString() {
        return "MeasurementFilter.errorsOnly()";
    }
}
