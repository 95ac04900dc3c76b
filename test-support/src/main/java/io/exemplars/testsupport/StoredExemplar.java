package io.exemplars.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One exemplar as Prometheus stored it, with the series it is attached to.
 *
 * @param series           the series labels (including {@code le} for a bucket)
 * @param labels           the exemplar's labels ({@code trace_id}, {@code span_id})
 * @param value            the exemplar's value
 * @param timestampSeconds the exemplar's timestamp
 */
public record StoredExemplar(Map<String, String> series, Map<String, String> labels, double value,
                             double timestampSeconds) {

    /**
     * @param data the {@code data} array of a {@code /api/v1/query_exemplars} answer
     * @return every exemplar in it, with its series
     */
    public static List<StoredExemplar> from(JsonNode data) {
        final List<StoredExemplar> all = new ArrayList<>();
        for (JsonNode seriesEntry : data) {
            final Map<String, String> series = Json.strings(seriesEntry.get("seriesLabels"));
            for (JsonNode exemplar : seriesEntry.path("exemplars")) {
                final JsonNode timestamp = exemplar.path("timestamp");
                all.add(new StoredExemplar(series, Json.strings(exemplar.get("labels")),
                        Double.parseDouble(exemplar.path("value").asText()),
                        timestamp.isNumber() ? timestamp.doubleValue() : Double.NaN));
            }
        }
        return all;
    }

    /** @return the bucket's upper boundary, its {@code le} label ({@code +Inf} included) */
    public double bucketUpperBound() {
        final String le = series.get("le");
        return "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    /** @return the exemplar's {@code trace_id} label, or "" */
    public String traceId() {
        return labels.getOrDefault("trace_id", "");
    }

    /** @return the exemplar's {@code span_id} label, or "" */
    public String spanId() {
        return labels.getOrDefault("span_id", "");
    }

    /** @return the series' {@code http_route} label, or "" */
    public String route() {
        return series.getOrDefault("http_route", "");
    }

    @Override
    public String toString() {
        return series.get("__name__") + new TreeMap<>(series) + " # " + new TreeMap<>(labels) + " "
                + value + " @" + timestampSeconds;
    }
}
