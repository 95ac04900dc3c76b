package io.exemplars.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.StatusData;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Whether a span's status is ERROR, read without copying the span. The SDK's {@code ReadableSpan}
 * has no status getter (1.56 to 1.68): the public way, {@code toSpanData()}, takes the span's lock
 * and copies its attributes, events and links, and {@link MeasurementFilter#errorsOnly()} may ask
 * on every offer of a series that has no error (while its reservoir keeps nothing, every offer wins
 * the draw). So the SDK span's own {@code status} field ({@code SdkSpan.status}, an immutable
 * {@code StatusData}, written under the span's lock) is read directly, with acquire semantics,
 * through a {@link VarHandle} resolved once: no lock, no allocation. A status set concurrently with
 * the read may be missed, as with any read that races the write. Should a later SDK rename the
 * field, or the span not be the SDK's, the slow public way is used instead.
 */
final class SpanStatus {
    private static final String SDK_SPAN = "io.opentelemetry.sdk.trace.SdkSpan";
    private static final Class<?> SDK_SPAN_CLASS;
    private static final VarHandle STATUS;

    static {
        Class<?> spanClass = null;
        VarHandle status = null;
        try {
            spanClass = Class.forName(SDK_SPAN, false, ReadableSpan.class.getClassLoader());
            status = MethodHandles.privateLookupIn(spanClass, MethodHandles.lookup())
                .findVarHandle(spanClass, "status", StatusData.class);
        } catch (final ReflectiveOperationException | RuntimeException | LinkageError notThisSdk) {
            spanClass = null; // the public way then; never an error from class initialisation
            status = null;
        }
        SDK_SPAN_CLASS = spanClass;
        STATUS = status;
    }

    private SpanStatus() {
    }

    /**
     * @param span the measurement's span
     * @return {@code true} when its status is ERROR
     */
    static boolean isError(final Span span) {
        if (STATUS != null && span.getClass() == SDK_SPAN_CLASS) {
            final StatusData status = (StatusData) STATUS.getAcquire(span);
            return status != null && status.getStatusCode() == StatusCode.ERROR;
        }
        return span instanceof ReadableSpan
            && ((ReadableSpan) span).toSpanData().getStatus().getStatusCode() == StatusCode.ERROR;
    }

    /**
     * @return whether the cheap way is in use (the SDK span's field was found)
     */
    static boolean readsTheFieldDirectly() {
        return STATUS != null;
    }
}
