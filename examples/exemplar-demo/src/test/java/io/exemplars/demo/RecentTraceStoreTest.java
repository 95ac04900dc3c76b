package io.exemplars.demo;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentTraceStoreTest {

    @Test
    void keepsTheSpansOfEachTraceAndEvictsTheOldestTrace() {
        final RecentTraceStore store = new RecentTraceStore(2);
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(store).build()) {
            final Tracer tracer = provider.get("test");
            final String first = traceWithChild(tracer, "first");
            final String second = traceWithChild(tracer, "second");

            final List<SpanData> firstSpans = store.spansOf(first);
            assertEquals(List.of("first child", "first"), firstSpans.stream().map(SpanData::getName).toList());
            assertEquals(firstSpans.get(1).getSpanId(), firstSpans.get(0).getParentSpanId());
            assertEquals(List.of(second, first), store.recentTraceIds(10));
            assertEquals(List.of(second), store.recentTraceIds(1));

            final String third = traceWithChild(tracer, "third");
            assertTrue(store.spansOf(first).isEmpty(), "the oldest trace is evicted");
            assertEquals(2, store.spansOf(second).size());
            assertEquals(List.of(third, second), store.recentTraceIds(10));
            assertEquals(2, store.size());
        }
    }

    @Test
    void unknownTraceIsEmpty() {
        assertTrue(new RecentTraceStore(1).spansOf("0af7651916cd43dd8448eb211c80319c").isEmpty());
    }

    @Test
    void capacityBelowOneFailsNamingTheValue() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RecentTraceStore(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }

    private static String traceWithChild(Tracer tracer, String name) {
        final Span root = tracer.spanBuilder(name).startSpan();
        try (Scope ignored = root.makeCurrent()) {
            tracer.spanBuilder(name + " child").startSpan().end();
        } finally {
            root.end();
        }
        return root.getSpanContext().getTraceId();
    }
}
