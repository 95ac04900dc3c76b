package io.exemplars.benchmarks;

import io.exemplars.otel.MeasurementFilter;
import io.exemplars.otel.ReservoirSpec;
import io.exemplars.reservoir.ExemplarSelection;

/**
 * Which selection filter a selection benchmark runs with, as a JMH parameter: none (the baseline
 * every ratio is taken to), each built-in filter, and the adaptive tail rule with and without marked
 * spans. Latencies are {@link LatencyValues} (log-normal, median {@value LatencyValues#MEDIAN_MILLIS} ms).
 */
public enum SelectionVariant {
    /** No measurement filter: the baseline. */
    NONE("no filter", null, null),
    /** {@code errorsOnly()}: the benchmarks' measurements carry no {@code error.type}, so winners read the span. */
    ERRORS_ONLY("errorsOnly()", null, MeasurementFilter.errorsOnly()),
    /** {@code slowerThan(100 ms)}: about the p88 of the latencies. */
    SLOWER_THAN("slowerThan(100)", ExemplarSelection.slowerThan(100), MeasurementFilter.slowerThan(100)),
    /** {@code withProbability(0.1)}. */
    WITH_PROBABILITY("withProbability(0.1)", ExemplarSelection.withProbability(0.1),
        MeasurementFilter.withProbability(0.1)),
    /** {@code aboveQuantile(0.99)}: adds the thinned HdrHistogram sample to the reject path. */
    ABOVE_QUANTILE("aboveQuantile(0.99)", ExemplarSelection.aboveQuantile(0.99), MeasurementFilter.aboveQuantile(0.99)),
    /** The adaptive tail rule. */
    ADAPTIVE("adaptive tail rule",
        ExemplarSelection.aboveQuantile(0.99)
            .or(ExemplarSelection.aboveQuantile(0.95).and(ExemplarSelection.withProbability(0.1)))
            .or(ExemplarSelection.withProbability(0.01)),
        MeasurementFilter.aboveQuantile(0.99)
            .or(MeasurementFilter.aboveQuantile(0.95).and(MeasurementFilter.withProbability(0.1)))
            .or(MeasurementFilter.withProbability(0.01))),
    /** The adaptive tail rule with {@code markSpans()} (SDK only). */
    ADAPTIVE_MARKED("adaptive tail rule, markSpans()", null, ADAPTIVE.measurementFilter);

    private final String description;
    private final ExemplarSelection selection;
    private final MeasurementFilter measurementFilter;

    SelectionVariant(final String description, final ExemplarSelection selection,
                     final MeasurementFilter measurementFilter) {
        this.description = description;
        this.selection = selection;
        this.measurementFilter = measurementFilter;
    }

    /**
     * @return the core selection of this variant, or null for {@link #NONE}
     * @throws IllegalStateException for the variants that exist only through the SDK
     */
    ExemplarSelection coreSelection() {
        if (selection == null && this != NONE) {
            throw new IllegalStateException(this + " has no core selection: run it through the SDK");
        }
        return selection;
    }

    /**
     * @return the aligned uniform spec of the SDK benchmark, with this variant's filter
     */
    ReservoirSpec spec() {
        final ReservoirSpec spec = measurementFilter == null ? ReservoirSpec.alignedUniform()
            : ReservoirSpec.alignedUniform().withMeasurementFilter(measurementFilter);
        return this == ADAPTIVE_MARKED ? spec.markSpans() : spec;
    }

    /**
     * @return a short description for tables
     */
    public String description() {
        return description;
    }
}
