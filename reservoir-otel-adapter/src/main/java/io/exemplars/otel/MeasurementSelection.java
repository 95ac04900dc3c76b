package io.exemplars.otel;

import io.exemplars.reservoir.SeriesFilter;
import io.opentelemetry.context.Context;

/**
 * A spec's selection settings: its {@link MeasurementFilter} (null for none) and whether kept
 * measurements mark their spans ({@link ReservoirSpec#markSpans()}). Compared by value (the filter
 * by its {@code equals}).
 *
 * @param filter    the View's measurement filter, or null
 * @param markSpans whether a stored exemplar sets {@code exemplar = true} on its recording span
 */
record MeasurementSelection(MeasurementFilter filter, boolean markSpans) {
    /** No measurement filter, no marking. */
    static final MeasurementSelection NONE = new MeasurementSelection(null, false);

    /**
     * @return a new filter for one series (its own state for a quantile rule)
     */
    SeriesFilter<Context> newSeriesFilter() {
        return filter == null ? SeriesFilter.acceptAll() : MeasurementFilters.newSeriesFilter(filter);
    }

    /**
     * @param capturer the capturer the effective {@code ExemplarFilter} chose
     * @return that capturer, marking the spans of stored exemplars when asked to
     */
    SpanContextCapturer capturer(final SpanContextCapturer capturer) {
        return markSpans ? capturer.markingSpans() : capturer;
    }
}
