package io.exemplars.otel;

import io.exemplars.reservoir.SeriesFilter;
import io.exemplars.reservoir.SeriesFilters;
import io.opentelemetry.context.Context;

/**
 * Turns {@link MeasurementFilter}s into the core's per-series filters, and combines them so that
 * value rules stay one {@code ExemplarSelection} (whose quantiles then share one sample per series).
 */
final class MeasurementFilters {
    private MeasurementFilters() {
    }

    /** {@link MeasurementFilter#and} and {@link MeasurementFilter#or}. */
    static MeasurementFilter combine(final MeasurementFilter first, final MeasurementFilter second,
                                     final boolean both) {
        if (second == null) {
            throw new IllegalArgumentException("other measurement filter must not be null");
        }
        if (first instanceof SelectionMeasurementFilter && second instanceof SelectionMeasurementFilter) {
            final SelectionMeasurementFilter left = (SelectionMeasurementFilter) first;
            final SelectionMeasurementFilter right = (SelectionMeasurementFilter) second;
            return new SelectionMeasurementFilter(both ? left.selection().and(right.selection())
                : left.selection().or(right.selection()));
        }
        return new CombinedMeasurementFilter(first, second, both);
    }

    /**
     * @param filter a View's measurement filter
     * @return a new filter for one series: built-in value rules with their own state, anything
     *     else asked as it is
     */
    static SeriesFilter<Context> newSeriesFilter(final MeasurementFilter filter) {
        if (filter instanceof SelectionMeasurementFilter) {
            return ((SelectionMeasurementFilter) filter).selection().newSeriesFilter();
        }
        if (filter instanceof CombinedMeasurementFilter) {
            final CombinedMeasurementFilter combined = (CombinedMeasurementFilter) filter;
            final SeriesFilter<Context> first = newSeriesFilter(combined.first());
            final SeriesFilter<Context> second = newSeriesFilter(combined.second());
            return combined.both() ? SeriesFilters.and(first, second) : SeriesFilters.or(first, second);
        }
        return new StatelessSeriesFilter(filter);
    }
}
