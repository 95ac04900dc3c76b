package io.exemplars.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * {@link MeasurementFilter#errorsOnly()}: the measurement's {@code error.type} attribute, else the
 * status of its SDK span (see the factory's Javadoc for the cost). Stateless: one instance.
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
        final Span span = Span.fromContext(context);
        // ReadableSpan has no status getter: toSpanData() is the only public way to the status.
        return span instanceof ReadableSpan
            && ((ReadableSpan) span).toSpanData().getStatus().getStatusCode() == StatusCode.ERROR;
    }

    @Override
    public String toString() {
        return "MeasurementFilter.errorsOnly()";
    }
}
