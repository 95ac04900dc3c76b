package io.exemplars.reservoir.properties;

import io.exemplars.otel.MeasurementFilter;
import io.exemplars.otel.ReservoirSpec;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Through the SDK ({@link TracedHistogramRun}: 2 recording threads, {@value #INTERVALS} intervals of
 * {@value #REQUESTS} traced requests, one in 20 failed):
 * <ul>
 *   <li>{@code errorsOnly()}: every exported exemplar links to a failed request (by the
 *       measurement's {@code error.type} or its span's ERROR status), none to a successful one;</li>
 *   <li>{@code slowerThan(0.5)}: every exported exemplar's value is above 0.5;</li>
 *   <li>{@code markSpans()}: every exported exemplar's span carries {@code exemplar = true}.</li>
 * </ul>
 * Deterministic properties: one ineligible or unmarked exemplar fails them. Each needs exemplars to
 * have been exported at all (it counts them).
 *
 * <p>Companions: the same checks on the spec without the filter (or without the marking) find
 * ineligible (unmarked) exemplars.
 */
class SelectionThroughSdkProperties {
    private static final int INTERVALS = 40;
    private static final int REQUESTS = 10_000;
    private static final int THREADS = 2;
    private static final long SEED = 0x5EED_0012L;
    private static final double THRESHOLD = 0.5;
    private static final ReservoirSpec SPEC = ReservoirSpec.fixedSizeUniform(8);

    @Test
    void errorsOnlyExportsNoExemplarOfASuccessfulRequest() {
        final long[] result = ineligibleOfErrorsOnly(SPEC.withMeasurementFilter(MeasurementFilter.errorsOnly()));
        assertTrue(result[0] >= INTERVALS * 8, "exported " + result[0]);
        assertEquals(0, result[1], "exemplars of successful requests");
    }

    @Test
    void companionFindsSuccessfulRequestsWithoutTheFilter() {
        assertNotEquals(0, ineligibleOfErrorsOnly(SPEC)[1]);
    }

    @Test
    void slowerThanExportsNoFasterExemplar() {
        final long[] result = ineligibleOfSlowerThan(SPEC.withMeasurementFilter(MeasurementFilter.slowerThan(THRESHOLD)));
        assertTrue(result[0] >= INTERVALS * 8, "exported " + result[0]);
        assertEquals(0, result[1], "exemplars at or below " + THRESHOLD);
    }

    @Test
    void companionFindsFasterExemplarsWithoutTheFilter() {
        assertNotEquals(0, ineligibleOfSlowerThan(SPEC)[1]);
    }

    @Test
    void everyExportedExemplarsSpanIsMarked() {
        final long[] result = unmarked(SPEC.withMeasurementFilter(MeasurementFilter.slowerThan(THRESHOLD)).markSpans());
        assertTrue(result[0] >= INTERVALS * 8, "exported " + result[0]);
        assertEquals(0, result[1], "exemplars whose span is not marked");
    }

    @Test
    void companionFindsUnmarkedSpansWithoutMarking() {
        assertNotEquals(0, unmarked(SPEC)[1]);
    }

    /** @return {exported, of successful requests} */
    private static long[] ineligibleOfErrorsOnly(final ReservoirSpec spec) {
        final TracedHistogramRun run = new TracedHistogramRun(spec);
        return count(spec, run, e -> !run.span(e.getSpanContext().getSpanId()).failed(), "of successful requests");
    }

    /** @return {exported, at or below the threshold} */
    private static long[] ineligibleOfSlowerThan(final ReservoirSpec spec) {
        final TracedHistogramRun run = new TracedHistogramRun(spec);
        return count(spec, run, e -> e.getValue() <= THRESHOLD, "at or below " + THRESHOLD);
    }

    /** @return {exported, whose span is not marked} */
    private static long[] unmarked(final ReservoirSpec spec) {
        final TracedHistogramRun run = new TracedHistogramRun(spec);
        final long[] result = count(spec, run, e -> !run.span(e.getSpanContext().getSpanId()).marked(), "unmarked");
        final long marked = run.spans().stream().filter(s -> s.getValue().marked()).count();
        System.out.printf("  %d of %d spans marked (exported exemplars, and stored winners displaced later)%n", marked,
            run.spans().size());
        return result;
    }

    private static long[] count(final ReservoirSpec spec, final TracedHistogramRun run,
                                final java.util.function.Predicate<DoubleExemplarData> ineligible, final String what) {
        final AtomicLong exported = new AtomicLong();
        final AtomicLong bad = new AtomicLong();
        run.run(INTERVALS, REQUESTS, THREADS, SEED, (List<DoubleExemplarData> exemplars) -> {
            exported.addAndGet(exemplars.size());
            bad.addAndGet(exemplars.stream().filter(ineligible).count());
        });
        System.out.println(spec + ", " + THREADS + " threads, " + INTERVALS + " x " + REQUESTS + " requests: "
            + exported + " exemplars exported, " + bad + ' ' + what);
        return new long[] {exported.get(), bad.get()};
    }
}
