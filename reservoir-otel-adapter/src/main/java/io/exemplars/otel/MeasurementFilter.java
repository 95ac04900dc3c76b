package io.exemplars.otel;

import io.exemplars.reservoir.ExemplarSelection;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;

/**
 * Which measurements of a View's series may become exemplars, set with
 * {@link ReservoirSpec#withMeasurementFilter}, on top of the provider's or the View's
 * {@code ExemplarFilter} (which is asked first).
 *
 * <pre>{@code
 * // the adaptive tail rule: always above the p99, 10 % between the p95 and the p99, 1 % of the rest
 * MeasurementFilter adaptive = MeasurementFilter.aboveQuantile(0.99)
 *     .or(MeasurementFilter.aboveQuantile(0.95).and(MeasurementFilter.withProbability(0.1)))
 *     .or(MeasurementFilter.withProbability(0.01));
 * View.builder().setAggregation(ReservoirAggregation.explicitBucketHistogram(
 *     ReservoirSpec.alignedUniform().withMeasurementFilter(adaptive).markSpans())).build();
 * }</pre>
 *
 * <h2>Only draw winners are asked, so the sample stays uniform</h2>
 * A reservoir draws each measurement's random sampling key first and asks the filter only about a
 * measurement whose key would be kept (about {@code k (1 + ln(n/k))} of an interval's {@code n}).
 * The key does not depend on the filter's answer, so the kept exemplars are a uniform sample of the
 * measurements the filter accepts, and a filter costs nothing on the reject path.
 *
 * <h2>Your own filter</h2>
 * A lambda is a filter: {@code (value, attributes, context) -> attributes.get(ROUTE) != null}. It
 * runs on the recording thread, concurrently; it must be thread-safe, must not block, and should
 * not throw (a filter that throws drops that measurement as an exemplar, never the measurement).
 * It is compared with {@link Object#equals} (a lambda: by identity) when two specs are compared;
 * the built-in filters, and {@code and}/{@code or} of them, are compared by value.
 *
 * <h2>Per-series state</h2>
 * {@link #aboveQuantile} learns each series' own distribution: every series reservoir the SDK creates
 * gets its own estimate. The SDK keeps a series' reservoir with the series under CUMULATIVE
 * temporality (Prometheus) and under DELTA with the REUSABLE_DATA memory mode. Under DELTA with the
 * default IMMUTABLE_DATA memory mode, the SDK (1.56 to 1.68) pools the aggregator handles of a
 * collection and gives each to whichever series records first in the next interval: a quantile
 * learnt by one series may then judge another series of the same instrument (the estimate is
 * always the last interval's data of the series that held the handle). Instruments with one series
 * per View are not affected. Called directly, outside a reservoir, a filter that names a quantile has learnt
 * nothing and lets every value pass above that quantile's warm-up ({@link ExemplarSelection#aboveQuantile}).
 */
@FunctionalInterface
public interface MeasurementFilter {
    /**
     * @param value      the measurement ({@code long} measurements as {@code double})
     * @param attributes the measurement's attributes
     * @param context    the context the measurement was recorded in
     * @return {@code true} when the measurement may become an exemplar
     */
    boolean test(double value, Attributes attributes, Context context);

    /**
     * @param other asked only when this filter accepts
     * @return a filter that accepts what both accept
     * @throws IllegalArgumentException when {@code other} is null
     */
    default MeasurementFilter and(final MeasurementFilter other) {
        return MeasurementFilters.combine(this, other, true);
    }

    /**
     * @param other asked only when this filter refuses
     * @return a filter that accepts what either accepts
     * @throws IllegalArgumentException when {@code other} is null
     */
    default MeasurementFilter or(final MeasurementFilter other) {
        return MeasurementFilters.combine(this, other, false);
    }

    /**
     * Failed operations only: the measurement's attributes carry {@code error.type} (how the
     * semantic conventions mark a failed operation on a metric), or its span has status
     * {@code ERROR}.
     *
     * <p>Cost, for draw winners only: a lookup in the measurement's attributes (a scan of a small
     * sorted array); when that finds nothing, the span's status. Note that while a series has no
     * failed operation its reservoir keeps nothing, so every offer wins the draw and is asked: the
     * status read must be cheap. The SDK's {@code ReadableSpan} has no status getter (SDK 1.56 to
     * 1.68), and its public way, {@code toSpanData()}, locks the span and copies it (hundreds of
     * nanoseconds, a few hundred bytes), so the adapter reads the SDK span's own status field
     * directly ({@code SpanStatus}: one acquire read, no lock, no allocation), falling back to
     * {@code toSpanData()} only for a span class it does not know. Spans that are not the SDK's (no
     * span, a propagated remote span, the Java agent's bridged span seen from application code) are
     * read through the attributes only.
     *
     * <p>The span status counts when it is set before the measurement is recorded. The Java agent's
     * instrumentation does so: its {@code Instrumenter} (agent 2.33.1, read in its bytecode) sets
     * the span's attributes, then its status, then records the HTTP metrics with the request's
     * context, then ends the span; its HTTP metrics also carry {@code error.type} on failure.
     *
     * @return the filter of failed operations
     */
    static MeasurementFilter errorsOnly() {
        return ErrorsOnlyFilter.INSTANCE;
    }

    /**
     * @param threshold the value a measurement must exceed (strictly), in the instrument's unit
     * @return the measurements above {@code threshold} ({@link ExemplarSelection#slowerThan})
     * @throws IllegalArgumentException naming the threshold when it is NaN
     */
    static MeasurementFilter slowerThan(final double threshold) {
        return new SelectionMeasurementFilter(ExemplarSelection.slowerThan(threshold));
    }

    /**
     * @param p the chance a candidate passes, in {@code (0, 1]}: an independent coin per candidate
     * @return a random share {@code p} of the measurements ({@link ExemplarSelection#withProbability})
     * @throws IllegalArgumentException naming {@code p} when it is not in {@code (0, 1]}
     */
    static MeasurementFilter withProbability(final double p) {
        return new SelectionMeasurementFilter(ExemplarSelection.withProbability(p));
    }

    /**
     * @param q the quantile, in {@code (0, 1)}
     * @return the measurements above the series' recent {@code q}-quantile, estimated per series from
     *     a thinned sample, rolled at each collection, every candidate passing during the warm-up
     *     ({@link ExemplarSelection#aboveQuantile}, where window, warm-up and memory are described)
     * @throws IllegalArgumentException naming {@code q} when it is not in {@code (0, 1)}
     */
    static MeasurementFilter aboveQuantile(final double q) {
        return new SelectionMeasurementFilter(ExemplarSelection.aboveQuantile(q));
    }
}
