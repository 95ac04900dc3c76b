package io.exemplars.benchmarks;

import io.exemplars.otel.ReservoirAggregation;
import io.exemplars.otel.ReservoirSpec;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;

/**
 * How the OpenTelemetry SDK under test handles exemplars, for the record-path, SDK collect and
 * latency measurements: (a) off, (b) the SDK's built-in default, (c) ours through a View.
 */
public enum ExemplarMode {
    /** (a) {@code ExemplarFilter.alwaysOff()}: the record path without exemplars, the baseline. */
    OFF("exemplars off") {
        @Override
        SdkMeterProviderBuilder configure(final SdkMeterProviderBuilder builder) {
            return builder.setExemplarFilter(ExemplarFilter.alwaysOff());
        }
    },
    /** (b) The SDK default: trace-based filter and the built-in aligned (last-seen) reservoir. */
    BUILT_IN("SDK built-in default") {
        @Override
        SdkMeterProviderBuilder configure(final SdkMeterProviderBuilder builder) {
            return builder.setExemplarFilter(ExemplarFilter.traceBased());
        }
    },
    /** (c) The same filter, with our aligned uniform reservoir installed through a View. */
    OURS("ours via View (aligned uniform)") {
        @Override
        SdkMeterProviderBuilder configure(final SdkMeterProviderBuilder builder) {
            return builder.setExemplarFilter(ExemplarFilter.traceBased()).registerView(
                InstrumentSelector.builder().setName(SdkPipeline.HISTOGRAM_NAME).build(),
                View.builder()
                    .setAggregation(ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.alignedUniform()))
                    .build());
        }
    },
    /** (c) The same filter, with our aligned slowest reservoir (each bucket's largest) through a View. */
    OURS_ALIGNED_SLOWEST("ours via View (aligned slowest)") {
        @Override
        SdkMeterProviderBuilder configure(final SdkMeterProviderBuilder builder) {
            return ours(builder, ReservoirSpec.alignedSlowest());
        }
    },
    /** (c) The same filter, with our slowest-k reservoir (k = 2, the whole series) through a View. */
    OURS_SLOWEST("ours via View (slowest 2)") {
        @Override
        SdkMeterProviderBuilder configure(final SdkMeterProviderBuilder builder) {
            return ours(builder, ReservoirSpec.slowest(ReservoirKind.FIXED_SIZE));
        }
    },
    /** (c) The same filter, with our value-weighted reservoir (k = 2) through a View. */
    OURS_WEIGHTED("ours via View (weighted by value 2)") {
        @Override
        SdkMeterProviderBuilder configure(final SdkMeterProviderBuilder builder) {
            return ours(builder, ReservoirSpec.weightedByValue(ReservoirKind.FIXED_SIZE));
        }
    };

    /** Our explicit-bucket histogram with {@code spec}, under the trace-based filter. */
    private static SdkMeterProviderBuilder ours(final SdkMeterProviderBuilder builder, final ReservoirSpec spec) {
        return builder.setExemplarFilter(ExemplarFilter.traceBased()).registerView(
            InstrumentSelector.builder().setName(SdkPipeline.HISTOGRAM_NAME).build(),
            View.builder().setAggregation(ReservoirAggregation.explicitBucketHistogram(spec)).build());
    }

    private final String description;

    ExemplarMode(final String description) {
        this.description = description;
    }

    /**
     * @param builder a meter provider builder with a reader registered
     * @return the builder, configured for this mode
     */
    abstract SdkMeterProviderBuilder configure(SdkMeterProviderBuilder builder);

    /**
     * @return a short description for tables and charts
     */
    public String description() {
        return description;
    }
}
