package io.exemplars.demo;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the finished spans of the most recent traces in memory, keyed by trace id, so that the
 * trace behind an exemplar can be served at {@code /traces/{traceId}} without a tracing backend.
 *
 * <p>Bounded by a number of traces: when a span of a new trace arrives and the store is full, the
 * trace that started arriving earliest is evicted with all its spans. A trace's spans are listed
 * in the order they finished (children usually before their parent).
 *
 * <p>Concurrency: spans end on the demo's request threads; every method holds this object's
 * monitor. A lock is the simple correct choice here: the store sits on the span-end path of a
 * demo service (microseconds per request), not on a measurement hot path, and the insertion-ordered
 * map with eviction it guards has no lock-free equivalent in the JDK.
 */
public final class RecentTraceStore implements SpanProcessor {

    private final int maxTraces;
    private final LinkedHashMap<String, List<SpanData>> tracesById;

    /**
     * @param maxTraces how many traces to keep, at least 1
     * @throws IllegalArgumentException if {@code maxTraces} is below 1
     */
    public RecentTraceStore(int maxTraces) {
        if (maxTraces < 1) {
            throw new IllegalArgumentException("maxTraces must be >= 1, was " + maxTraces);
        }
        this.maxTraces = maxTraces;
        this.tracesById = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<SpanData>> eldest) {
                return size() > RecentTraceStore.this.maxTraces;
            }
        };
    }

    /** @return how many traces the store keeps at most */
    public int maxTraces() {
        return maxTraces;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        // Only finished spans are stored.
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        final SpanData data = span.toSpanData();
        synchronized (this) {
            tracesById.computeIfAbsent(data.getTraceId(), id -> new ArrayList<>(4)).add(data);
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    /**
     * @param traceId a 32-hex-digit trace id
     * @return a copy of the finished spans of that trace, empty if it is unknown or was evicted
     */
    public synchronized List<SpanData> spansOf(String traceId) {
        final List<SpanData> spans = tracesById.get(traceId);
        return spans == null ? List.of() : List.copyOf(spans);
    }

    /**
     * @param limit the most ids to return
     * @return the ids of the most recent traces, newest first
     */
    public synchronized List<String> recentTraceIds(int limit) {
        final List<String> newestFirst = new ArrayList<>(Math.min(limit, tracesById.size()));
        final List<String> oldestFirst = new ArrayList<>(tracesById.keySet());
        for (int i = oldestFirst.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
            newestFirst.add(oldestFirst.get(i));
        }
        return newestFirst;
    }

    /** @return how many traces are stored now */
    public synchronized int size() {
        return tracesById.size();
    }

    @Override
    public CompletableResultCode shutdown() {
        synchronized (this) {
            tracesById.clear();
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }
}
