package io.exemplars.benchmarks;

import io.exemplars.otel.ReservoirAggregation;
import io.exemplars.otel.ReservoirSpec;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;

import java.util.function.Supplier;

/**
 * How the OpenTelemetry SDK under test handles exemplars, for the record-path, SDK collect,
 * latency and memory-per-series measurements: (a) off, (b) the SDK's built-in default, (c) ours
 * through a View.
 */
public enum ExemplarMode {
    /** (a) {@code ExemplarFilter.alwaysOff()}: the record path without exemplars, the baseline. */
    OFF("exemplars off", ExemplarFilter.alwaysOff(), null),
    /** (b) The SDK default: trace-based filter and the built-in aligned (last-seen) reservoir. */
    BUILT_IN("SDK built-in default", ExemplarFilter.traceBased(), null),
    /** (c) The same filter, with our aligned uniform reservoir installed through a View. */
    OURS("ours via View (aligned uniform)", ExemplarFilter.traceBased(), ReservoirSpec::alignedUniform),
    /** (c) The same filter, with our aligned slowest reservoir (each bucket's largest) through a View. */
    OURS_ALIGNED_SLOWEST("ours via View (aligned slowest)", ExemplarFilter.traceBased(), ReservoirSpec::alignedSlowest),
    /** (c) The same filter, with our slowest-k reservoir (k = 2, the whole series) through a View. */
    OURS_SLOWEST("ours via View (slowest 2)", ExemplarFilter.traceBased(),
        () -> ReservoirSpec.slowest(ReservoirKind.FIXED_SIZE)),
    /** (c) The same filter, with our value-weighted reservoir (k = 2) through a View. */
    OURS_WEIGHTED("ours via View (weighted by value 2)", ExemplarFilter.traceBased(),
        () -> ReservoirSpec.weightedByValue(ReservoirKind.FIXED_SIZE));

    private final String description;
    private final ExemplarFilter filter;
    /** Our reservoir, made when a pipeline is configured (not at class initialisation); null for the SDK's. */
    private final Supplier<ReservoirSpec> ours;

    ExemplarMode(final String description, final ExemplarFilter filter, final Supplier<ReservoirSpec> ours) {
        this.description = description;
        this.filter = filter;
        this.ours = ours;
    }

    /**
     * @param builder a meter provider builder with a reader registered
     * @return the builder, configured for this mode, with the SDK's default cardinality limit
     */
    SdkMeterProviderBuilder configure(final SdkMeterProviderBuilder builder) {
        return configure(builder, 0);
    }

    /**
     * @param builder          a meter provider builder with a reader registered
     * @param cardinalityLimit the most series of the histogram, or 0 for the SDK's default (2,000);
     *                         set on the histogram's View, which takes precedence over the reader's
     * @return the builder, configured for this mode: the exemplar filter, and a View on the
     *     histogram when it uses our reservoir or sets a limit
     */
    SdkMeterProviderBuilder configure(final SdkMeterProviderBuilder builder, final int cardinalityLimit) {
        builder.setExemplarFilter(filter);
        if (ours == null && cardinalityLimit == 0) {
            return builder;
        }
        final var view = View.builder();
        if (ours != null) {
            view.setAggregation(ReservoirAggregation.explicitBucketHistogram(ours.get()));
        }
        if (cardinalityLimit > 0) {
            view.setCardinalityLimit(cardinalityLimit);
        }
        return builder.registerView(InstrumentSelector.builder().setName(SdkPipeline.HISTOGRAM_NAME).build(),
            view.build());
    }

    /**
     * @return a short description for tables and charts
     */
    public String description() {
        return description;
    }
}
