package io.exemplars.otel;

import io.opentelemetry.sdk.metrics.InstrumentType;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What OpenMetrics text (what Prometheus scrapes) shows of a spec that keeps several exemplars per
 * point, and the one warning per instrument when the SDK's Prometheus exporter is seen reading one.
 *
 * <p>OpenMetrics 1.0 carries at most one exemplar per histogram bucket line and one per counter;
 * the SDK's Prometheus exporter (client_java's {@code Exemplars.get(lower, upper)}) keeps, among a
 * point's exemplars in one bucket, the one with the latest timestamp. So a spec of {@code k > 1}
 * exemplars per series ({@code fixedSizeUniform(k)}, {@code slowest(k)}, {@code weightedByValue(k)})
 * loses, on a histogram or a counter, all but the latest per bucket line: the sample becomes
 * time-biased again on its way out. OTLP carries every exemplar of a point: no warning there.
 *
 * <h2>How the exporter is recognised</h2>
 * The SDK tells an aggregation nothing about its reader. The Prometheus exporter's reader collects
 * on the scraping thread, through its own {@code io.opentelemetry.exporter.prometheus} classes,
 * which are therefore on the stack when the aggregator's {@code toMetricData} runs. At an
 * aggregator's first collection (the SDK creates one aggregator per instrument and reader), once,
 * the collecting thread's stack is walked for such a class: a collection path, never a record path,
 * and never again for that aggregator. A reader that hands collection to another thread would go
 * unrecognised (no warning, nothing else changes).
 */
final class OpenMetricsVisibility {
    private static final Logger LOGGER = Logger.getLogger(OpenMetricsVisibility.class.getName());
    /** The package of the SDK's Prometheus exporter (the Java agent's copy keeps it). */
    private static final String PROMETHEUS_EXPORTER_PACKAGE = "io.opentelemetry.exporter.prometheus.";

    private final String instrument;
    private final String caveat;
    /** Set by the first collection; later ones skip the check. Racing first collections may both check: harmless. */
    private volatile boolean checked;

    private OpenMetricsVisibility(final String instrument, final String caveat) {
        this.instrument = instrument;
        this.caveat = caveat;
    }

    /**
     * @param spec the spec as the user wrote it
     * @return what OpenMetrics loses of its exemplars on histograms and counters, naming the spec
     *     to use instead; null when it keeps at most one exemplar per bucket line or counter
     */
    static String caveat(final ReservoirSpec spec) {
        if (!spec.policy().fixedSize() || spec.size() <= 1) {
            return null;
        }
        final String instead = spec.policy() == ReservoirSpec.Policy.SLOWEST
            ? "ReservoirSpec.alignedSlowest() (each bucket's slowest)" : "ReservoirSpec.alignedUniform()";
        return spec + " keeps up to " + spec.size() + " exemplars per point, but OpenMetrics (the SDK's "
            + "Prometheus exporter) shows one per histogram bucket line and one per counter: only the latest per "
            + "bucket will be visible, which biases the exemplars toward the end of each interval. Use " + instead
            + " on histograms (one exemplar per bucket, every one visible) and k = 1 on counters";
    }

    /**
     * @param instrument the instrument the aggregator is for
     * @param spec       the aggregation's spec
     * @param kindShowsOnePerLine whether the aggregation is one OpenMetrics exposes with one exemplar
     *                   per bucket line or counter (explicit-bucket histograms and sums; not
     *                   exponential histograms or last values)
     * @return the check for that aggregator, or null when nothing can be lost
     */
    static OpenMetricsVisibility forInstrument(final String instrument, final InstrumentType type,
                                               final ReservoirSpec spec, final boolean kindShowsOnePerLine) {
        if (!kindShowsOnePerLine || type != InstrumentType.HISTOGRAM && type != InstrumentType.COUNTER) {
            return null;
        }
        final String caveat = caveat(spec);
        return caveat == null ? null : new OpenMetricsVisibility(instrument, caveat);
    }

    /** At each collection of the aggregator, on the collecting thread: warns once if the reader is Prometheus'. */
    void collected() {
        if (checked) {
            return;
        }
        checked = true;
        if (readByPrometheusExporter()) {
            LOGGER.log(Level.WARNING, "reservoir-otel-adapter: instrument " + instrument + ": " + caveat + '.');
        }
    }

    private static boolean readByPrometheusExporter() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
            frame -> frame.getClassName().startsWith(PROMETHEUS_EXPORTER_PACKAGE)));
    }
}
