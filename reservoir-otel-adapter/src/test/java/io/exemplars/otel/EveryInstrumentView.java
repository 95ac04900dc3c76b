package io.exemplars.otel;

import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

/**
 * A meter provider for the spec tests that run one aggregation through the SDK
 * ({@link AlignedSpecsThroughSdkTest}, {@link TailAwareSpecTest}): the exemplar filter always on and
 * one View giving every instrument ({@code *}) that aggregation.
 */
final class EveryInstrumentView {
    private EveryInstrumentView() {
    }

    /**
     * @param aggregation the aggregation of every instrument
     * @param readers     the readers to register, in order
     * @return the provider
     */
    static SdkMeterProvider provider(final Aggregation aggregation, final InMemoryMetricReader... readers) {
        final SdkMeterProviderBuilder builder = SdkMeterProvider.builder().setExemplarFilter(ExemplarFilter.alwaysOn())
            .registerView(InstrumentSelector.builder().setName("*").build(),
                View.builder().setAggregation(aggregation).build());
        for (final InMemoryMetricReader reader : readers) {
            builder.registerMetricReader(reader);
        }
        return builder.build();
    }
}
