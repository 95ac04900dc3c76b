package io.exemplars.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;

import java.util.Objects;

/**
 * {@code and}/{@code or} of two measurement filters when one of them is not a built-in value rule
 * (for example {@code errorsOnly().and(slowerThan(0.5))}); compared by value (its operands and
 * operator). Each series gets the combination of its operands' per-series filters
 * ({@link MeasurementFilters#newSeriesFilter}).
 */
final class CombinedMeasurementFilter implements MeasurementFilter {
    private final MeasurementFilter first;
    private final MeasurementFilter second;
    private final boolean both;
    private final DetachedSeriesFilter detached = new DetachedSeriesFilter(this);

    /**
     * @param first  asked first
     * @param second asked when the first does not decide
     * @param both   {@code true} for "and", {@code false} for "or"
     */
    CombinedMeasurementFilter(final MeasurementFilter first, final MeasurementFilter second, final boolean both) {
        this.first = first;
        this.second = second;
        this.both = both;
    }

    MeasurementFilter first() {
        return first;
    }

    MeasurementFilter second() {
        return second;
    }

    boolean both() {
        return both;
    }

    @Override
    public boolean test(final double value, final Attributes attributes, final Context context) {
        return detached.test(value, attributes, context);
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof CombinedMeasurementFilter)) {
            return false;
        }
        final CombinedMeasurementFilter that = (CombinedMeasurementFilter) o;
        return both == that.both && first.equals(that.first) && second.equals(that.second);
    }

    @Override
    public int hashCode() {
        return Objects.hash(first, second, both);
    }

    @Override
    public String toString() {
        return first + (both ? ".and(" : ".or(") + second + ')';
    }
}
