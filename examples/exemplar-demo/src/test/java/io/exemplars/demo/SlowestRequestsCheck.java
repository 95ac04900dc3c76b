package io.exemplars.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Checks that the exemplars of the {@code alignedSlowest()} View are, bucket by bucket, the slowest
 * requests the service served in their window, against every request the demo's trace store holds.
 *
 * <p>Per bucket, the pick a scrape exports is the current one when it holds anything, else the
 * previous one (and then the bucket recorded nothing since the rotation). Either way, every request
 * of the series and bucket recorded between the exemplar's capture and the moment the scrape was
 * sent was offered to the pick that was exported, so none of them may be slower than the exemplar.
 * A request counts against an exemplar of bucket {@code (lower, le]} when the duration it recorded
 * (its server span's {@link TracedRoute#RECORDED_SECONDS}, the very value the histogram got) is
 * more than the exemplar's value plus {@value #TOLERANCE_SECONDS} s and at most {@code le}: such a
 * request's measurement fell in the same bucket and was larger. (Span durations would not do: a
 * span lasts a few milliseconds longer than its measurement, tens on a cold JVM.) Requests are
 * matched by their server span's route, method and status code, and by when the span ended.
 */
final class SlowestRequestsCheck {
    /** Exemplar values travel as decimal text: this much larger is "the same". */
    static final double TOLERANCE_SECONDS = 1e-9;
    /** A request whose span ended this soon after the earliest exemplar may have been recorded before it. */
    private static final double RECORD_TO_END_SECONDS = 0.05;

    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    /** One request the trace store knows: its server span, and the duration it recorded. */
    record Request(String traceId, String route, String method, long status, double endSeconds,
                   double recordedSeconds) {
    }

    private final List<Request> requests = new ArrayList<>();
    private int comparedRequests;

    /**
     * @param store the demo's trace store, read now
     */
    SlowestRequestsCheck(RecentTraceStore store) {
        for (String traceId : store.recentTraceIds(store.maxTraces())) {
            for (SpanData span : store.spansOf(traceId)) {
                if (span.getKind() == SpanKind.SERVER) {
                    final Long status = span.getAttributes().get(STATUS);
                    final Double recorded = span.getAttributes().get(TracedRoute.RECORDED_SECONDS);
                    if (recorded == null) {
                        throw new IllegalStateException("a server span without " + TracedRoute.RECORDED_SECONDS
                                + ": every route records its duration on its span (" + span + ")");
                    }
                    requests.add(new Request(traceId, span.getAttributes().get(ROUTE),
                            span.getAttributes().get(METHOD), status == null ? -1 : status,
                            span.getEndEpochNanos() / 1e9, recorded));
                }
            }
        }
    }

    /**
     * @param exemplars    one scrape's exemplars of the slowest View (one per bucket line)
     * @param scrapeSentAt when that scrape was sent, epoch seconds (requests that ended before were recorded before)
     * @param problems     receives what is wrong
     */
    void check(List<ScrapedExemplar> exemplars, double scrapeSentAt, List<String> problems) {
        for (ScrapedExemplar exemplar : exemplars) {
            if (requests.stream().noneMatch(r -> r.traceId().equals(exemplar.traceId()))) {
                problems.add(exemplar + ": the trace store does not know this request");
            }
            final Map<String, String> series = exemplar.seriesWithoutBucket();
            final String leLabel = exemplar.series().get("le");
            final double le = "+Inf".equals(leLabel) ? Double.POSITIVE_INFINITY : Double.parseDouble(leLabel);
            final double from = exemplar.timestampSeconds() + RECORD_TO_END_SECONDS;
            final List<Request> window = requests.stream().filter(r -> sameSeries(r, series)
                    && r.endSeconds() >= from && r.endSeconds() <= scrapeSentAt
                    && !r.traceId().equals(exemplar.traceId()) && r.recordedSeconds() <= le)
                    .collect(Collectors.toList());
            comparedRequests += window.size();
            final List<Request> slower = window.stream()
                    .filter(r -> r.recordedSeconds() > exemplar.value() + TOLERANCE_SECONDS)
                    .collect(Collectors.toList());
            if (!slower.isEmpty()) {
                problems.add(exemplar + ": not its bucket's slowest: " + slower.size() + " slower requests of the"
                        + " same series and bucket between " + exemplar.timestampSeconds() + " and " + scrapeSentAt
                        + ", e.g. " + slower.get(0));
            }
        }
    }

    /** @return how many other requests the last {@link #check} compared the exemplars with */
    int comparedRequests() {
        return comparedRequests;
    }

    private static boolean sameSeries(Request request, Map<String, String> series) {
        return Objects.equals(request.route(), series.get("http_route"))
                && Objects.equals(request.method(), series.get("http_request_method"))
                && Long.toString(request.status()).equals(series.get("http_response_status_code"));
    }
}
