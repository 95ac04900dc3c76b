package io.exemplars.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the traces of the {@link RecentTraceStore}, so an exemplar's trace id can be followed
 * without a tracing backend:
 * <ul>
 *   <li>{@code GET /traces}: the ids of the most recent traces, newest first;</li>
 *   <li>{@code GET /traces/{traceId}}: the trace's spans with names, parent ids, timings (epoch
 *       nanos and seconds), status and attributes; 404 if the trace is unknown or was evicted.</li>
 * </ul>
 */
public final class TraceEndpoint implements HttpHandler {

    /** The path prefix this endpoint is mounted on. */
    public static final String PATH = "/traces";

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final int RECENT_LIMIT = 50;
    private static final double NANOS_PER_SECOND = 1e9;

    private final RecentTraceStore store;

    /** @param store the spans to serve */
    public TraceEndpoint(RecentTraceStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            response(exchange.getRequestMethod(), exchange.getRequestURI().getPath()).writeTo(exchange);
        } finally {
            exchange.close();
        }
    }

    /**
     * @param method the request method
     * @param path   the request path, starting with {@link #PATH}
     * @return the response for that request
     */
    RouteResponse response(String method, String path) {
        if (!"GET".equals(method)) {
            return error(405, "only GET is supported", null);
        }
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            return recent();
        }
        final String traceId = path.substring(PATH.length() + 1);
        if (!TRACE_ID.matcher(traceId).matches()) {
            return error(400, "a trace id is 32 lowercase hex digits", traceId);
        }
        final List<SpanData> spans = store.spansOf(traceId);
        if (spans.isEmpty()) {
            return error(404, "trace not found (unknown, or evicted: the demo keeps the last "
                    + store.maxTraces() + " traces)", traceId);
        }
        return new RouteResponse(200, traceJson(traceId, spans));
    }

    private RouteResponse recent() {
        final JsonWriter json = new JsonWriter().beginObject().name("traceIds").beginArray();
        for (String id : store.recentTraceIds(RECENT_LIMIT)) {
            json.value(id);
        }
        return new RouteResponse(200, json.endArray().endObject().toString());
    }

    private static RouteResponse error(int status, String message, String traceId) {
        final JsonWriter json = new JsonWriter().beginObject().name("error").value(message);
        if (traceId != null) {
            json.name("traceId").value(traceId);
        }
        return new RouteResponse(status, json.endObject().toString());
    }

    /**
     * @param traceId the trace's id
     * @param spans   the trace's finished spans
     * @return the trace as a JSON document
     */
    static String traceJson(String traceId, List<SpanData> spans) {
        final JsonWriter json = new JsonWriter().beginObject()
                .name("traceId").value(traceId)
                .name("spans").beginArray();
        for (SpanData span : spans) {
            writeSpan(json, span);
        }
        return json.endArray().endObject().toString();
    }

    private static void writeSpan(JsonWriter json, SpanData span) {
        final SpanContext parent = span.getParentSpanContext();
        final long durationNanos = span.getEndEpochNanos() - span.getStartEpochNanos();
        json.beginObject()
                .name("spanId").value(span.getSpanId())
                .name("parentSpanId").value(parent.isValid() ? parent.getSpanId() : null)
                .name("name").value(span.getName())
                .name("kind").value(span.getKind().name())
                .name("startEpochNanos").value(span.getStartEpochNanos())
                .name("endEpochNanos").value(span.getEndEpochNanos())
                .name("durationSeconds").value(durationNanos / NANOS_PER_SECOND)
                .name("status").value(span.getStatus().getStatusCode().name())
                .name("statusDescription").value(span.getStatus().getDescription())
                .name("attributes");
        writeAttributes(json, span.getAttributes());
        json.name("events").beginArray();
        for (EventData event : span.getEvents()) {
            json.beginObject()
                    .name("name").value(event.getName())
                    .name("epochNanos").value(event.getEpochNanos())
                    .name("attributes");
            writeAttributes(json, event.getAttributes());
            json.endObject();
        }
        json.endArray().endObject();
    }

    private static void writeAttributes(JsonWriter json, Attributes attributes) {
        json.beginObject();
        for (Map.Entry<AttributeKey<?>, Object> entry : attributes.asMap().entrySet()) {
            json.name(entry.getKey().getKey());
            writeAttributeValue(json, entry.getValue());
        }
        json.endObject();
    }

    private static void writeAttributeValue(JsonWriter json, Object value) {
        if (value instanceof Boolean) {
            json.value((boolean) (Boolean) value);
        } else if (value instanceof Long || value instanceof Integer) {
            json.value(((Number) value).longValue());
        } else if (value instanceof Double) {
            json.value((double) (Double) value);
        } else if (value instanceof List) {
            json.beginArray();
            for (Object element : (List<?>) value) {
                writeAttributeValue(json, element);
            }
            json.endArray();
        } else {
            json.value(String.valueOf(value));
        }
    }
}
