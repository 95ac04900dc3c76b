package io.exemplars.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One exemplar as a scraper other than Prometheus sees it: a {@code curl}-like GET of the demo's
 * {@code /metrics} in OpenMetrics, whose bucket lines carry {@code # {trace_id=..,span_id=..} value timestamp}.
 *
 * @param series           the bucket's labels ({@code le} included)
 * @param traceId          the exemplar's trace id
 * @param spanId           the exemplar's span id
 * @param value            the exemplar's value, seconds
 * @param timestampSeconds the exemplar's timestamp
 */
record ScrapedExemplar(Map<String, String> series, String traceId, String spanId, double value,
                       double timestampSeconds) {
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final Pattern LINE = Pattern.compile("^(\\w+)\\{([^}]*)\\} \\S+ # \\{([^}]*)\\} (\\S+) (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * Scrapes once.
     *
     * @param http    the client
     * @param metrics the demo's metrics URI
     * @param name    the bucket series name, e.g. {@code http_server_request_duration_slowest_seconds_bucket}
     * @return the exemplars on that series' bucket lines
     */
    static List<ScrapedExemplar> scrape(HttpClient http, URI metrics, String name)
            throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics)
                .header("Accept", OPENMETRICS).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + metrics + " answered " + response.statusCode());
        }
        final List<ScrapedExemplar> exemplars = new ArrayList<>();
        final Matcher line = LINE.matcher(response.body());
        while (line.find()) {
            if (line.group(1).equals(name)) {
                final Map<String, String> exemplarLabels = labels(line.group(3));
                exemplars.add(new ScrapedExemplar(labels(line.group(2)), exemplarLabels.getOrDefault("trace_id", ""),
                        exemplarLabels.getOrDefault("span_id", ""), Double.parseDouble(line.group(4)),
                        Double.parseDouble(line.group(5))));
            }
        }
        return exemplars;
    }

    private static Map<String, String> labels(String text) {
        final Map<String, String> labels = new HashMap<>();
        final Matcher label = LABEL.matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2));
        }
        return labels;
    }

    /** @return the histogram series this exemplar belongs to: its labels without {@code le} */
    Map<String, String> seriesWithoutBucket() {
        final Map<String, String> labels = new TreeMap<>(series);
        labels.remove("le");
        return labels;
    }

    @Override
    public String toString() {
        return new TreeMap<>(series) + " # trace " + traceId + " " + value + " @" + timestampSeconds;
    }
}
