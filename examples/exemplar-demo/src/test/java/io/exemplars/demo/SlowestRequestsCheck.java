package io.exemplars.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that the exemplars of the {@code slowest(k)} View are the slowest requests the service
 * served in their window, against every request the demo's trace store holds.
 *
 * <p>The pick a scrape exports is the current one when it holds anything, else the previous one
 * (and then the series recorded nothing since the rotation). Either way, every request of the
 * series recorded between the earliest exemplar shown and the moment the scrape was sent was
 * offered to the pick that was exported. For each exemplar, the requests of that span known to be slower
 * (server span longer than its value by more than {@value #TOLERANCE_SECONDS} s, not themselves
 * exemplars), plus the series' exemplars with larger values, must number fewer than {@code k}: else
 * the exemplar is not among the {@code k} slowest. Exporters show at most one exemplar per bucket,
 * so a series may show fewer than {@code k}; the check holds for each one shown. Requests are
 * matched by their server span's route, method and status code, and by when the span ended (the
 * duration is recorded just before; the span ends at most a few milliseconds later).
 */
final class SlowestRequestsCheck {
    /** The server span ends after the measurement is recorded: this much longer is "the same". */
    static final double TOLERANCE_SECONDS = 0.005;
    /** A request whose span ended this soon after the earliest exemplar may have been recorded before it. */
    private static final double RECORD_TO_END_SECONDS = 0.05;

    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    /** One request the trace store knows: its server span. */
    record Request(String traceId, String route, String method, long status, double endSeconds,
                   double durationSeconds) {
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
                    requests.add(new Request(traceId, span.getAttributes().get(ROUTE),
                            span.getAttributes().get(METHOD), status == null ? -1 : status,
                            span.getEndEpochNanos() / 1e9,
                            (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e9));
                }
            }
        }
    }

    /**
     * @param exemplars    one scrape's exemplars of the slowest View
     * @param k            the View's k
     * @param scrapeSentAt when that scrape was sent, epoch seconds (requests that ended before were recorded before)
     * @param problems     receives what is wrong
     */
    void check(List<ScrapedExemplar> exemplars, int k, double scrapeSentAt, List<String> problems) {
        final Map<Map<String, String>, List<ScrapedExemplar>> bySeries =
                exemplars.stream().collect(Collectors.groupingBy(ScrapedExemplar::seriesWithoutBucket));
        bySeries.forEach((series, shown) -> {
            final Set<String> shownTraces = shown.stream().map(ScrapedExemplar::traceId).collect(Collectors.toSet());
            final double from = shown.stream().mapToDouble(ScrapedExemplar::timestampSeconds).min().orElseThrow()
                    + RECORD_TO_END_SECONDS;
            final double to = scrapeSentAt;
            final List<Request> window = requests.stream().filter(r -> sameSeries(r, series)
                    && r.endSeconds() >= from && r.endSeconds() <= to && !shownTraces.contains(r.traceId()))
                    .collect(Collectors.toList());
            comparedRequests += window.size();
            for (ScrapedExemplar exemplar : shown) {
                if (requests.stream().noneMatch(r -> r.traceId().equals(exemplar.traceId()))) {
                    problems.add(exemplar + ": the trace store does not know this request");
                }
                final long slowerRequests = window.stream()
                        .filter(r -> r.durationSeconds() > exemplar.value() + TOLERANCE_SECONDS).count();
                final long slowerExemplars = shown.stream().filter(e -> e.value() > exemplar.value()).count();
                if (slowerRequests + slowerExemplars >= k) {
                    problems.add(exemplar + ": not among the " + k + " slowest of its window: " + slowerRequests
                            + " slower requests and " + slowerExemplars + " slower exemplars between "
                            + (from - RECORD_TO_END_SECONDS) + " and " + to);
                }
            }
        });
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
