package io.exemplars.otel;

import io.exemplars.reservoir.SeriesFilter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;

/**
 * How a built-in or combined {@link MeasurementFilter} answers a direct {@code test} call, outside
 * any reservoir: through one series filter of its own, made on first use, that never observes
 * offers and is never collected (so a quantile stays in its warm-up and lets every value pass).
 * The logic is the per-series filters', not a second copy of it.
 */
final class DetachedSeriesFilter {
    private final MeasurementFilter owner;
    private volatile SeriesFilter<Context> filter;

    DetachedSeriesFilter(final MeasurementFilter owner) {
        this.owner = owner;
    }

    boolean test(final double value, final Attributes attributes, final Context context) {
        SeriesFilter<Context> current = filter;
        if (current == null) {
            current = MeasurementFilters.newSeriesFilter(owner); // a race makes two, both equivalent
            filter = current;
        }
        return current.test(value, attributes, context);
    }
}
