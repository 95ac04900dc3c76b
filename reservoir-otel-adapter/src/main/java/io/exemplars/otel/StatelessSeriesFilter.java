package io.exemplars.otel;

import io.exemplars.reservoir.SeriesFilter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;

/**
 * A {@link MeasurementFilter} with no per-series state (a user's lambda, {@code errorsOnly()}) as a
 * series' filter: asked as it is, observing nothing.
 */
final class StatelessSeriesFilter implements SeriesFilter<Context> {
    private final MeasurementFilter filter;

    StatelessSeriesFilter(final MeasurementFilter filter) {
        this.filter = filter;
    }

    @Override
    public boolean test(final double value, final Object attributes, final Context context) {
        // The SDK offers its measurements with their Attributes; anything else reads as none.
        return filter.test(value, attributes instanceof Attributes ? (Attributes) attributes : Attributes.empty(),
            context);
    }

    @Override
    public String toString() {
        return filter.toString();
    }
}
