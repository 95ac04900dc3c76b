package io.exemplars.otel;

import io.exemplars.reservoir.ExemplarSelection;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;

/**
 * The built-in value rules ({@code slowerThan}, {@code withProbability}, {@code aboveQuantile} and
 * their {@code and}/{@code or}) as one core {@link ExemplarSelection}; compared by value.
 */
final class SelectionMeasurementFilter implements MeasurementFilter {
    private final ExemplarSelection selection;
    private final DetachedSeriesFilter detached = new DetachedSeriesFilter(this);

    SelectionMeasurementFilter(final ExemplarSelection selection) {
        this.selection = selection;
    }

    ExemplarSelection selection() {
        return selection;
    }

    @Override
    public boolean test(final double value, final Attributes attributes, final Context context) {
        return detached.test(value, attributes, context);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof SelectionMeasurementFilter && selection.equals(((SelectionMeasurementFilter) o).selection);
    }

    @Override
    public int hashCode() {
        return selection.hashCode();
    }

    @Override
    public String toString() {
        return "MeasurementFilter." + selection;
    }
}
