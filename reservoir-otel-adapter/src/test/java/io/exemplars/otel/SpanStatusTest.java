package io.exemplars.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status is read from the SDK span's own field on every supported SDK, and right. */
class SpanStatusTest {
    @Test
    void readsTheSdkSpansStatusFieldWithoutACopy() {
        assertTrue(SpanStatus.readsTheFieldDirectly(), "SdkSpan.status not found: errorsOnly() would copy spans");
        // A processor, so the spans record (SDK 1.68 starts non-recording spans without any).
        try (SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()) {
            final Span span = tracing.get("test").spanBuilder("request").startSpan();
            assertFalse(SpanStatus.isError(span), "UNSET");
            span.setStatus(StatusCode.OK);
            assertFalse(SpanStatus.isError(span), "OK");
            final Span failed = tracing.get("test").spanBuilder("failed").startSpan();
            failed.setStatus(StatusCode.ERROR, "boom");
            assertTrue(SpanStatus.isError(failed));
            assertFalse(SpanStatus.isError(Span.getInvalid()), "not an SDK span");
            span.end();
            failed.end();
        }
    }
}
