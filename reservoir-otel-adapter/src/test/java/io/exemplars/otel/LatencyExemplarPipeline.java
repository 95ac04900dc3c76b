package io.exemplars.otel;

import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

/**
 * The SDK pipeline of the child-JVM memory tests ({@link StarvedSeriesRecoveryTest},
 * {@link ProviderChurnTest}, {@link ClosedProviderExpiryTest}): a meter provider whose exemplar
 * filter is always on and whose histogram named {@value #INSTRUMENT} gets our reservoir through a
 * View, read by an {@link InMemoryMetricReader}.
 */
final class LatencyExemplarPipeline {
    /** The histogram the View selects. */
    static final String INSTRUMENT = "latency";

    private LatencyExemplarPipeline() {
    }

    /**
     * @param reader the reader to register
     * @param spec   the reservoir for {@value #INSTRUMENT}
     * @return a provider with the SDK's default cardinality limit
     */
    static SdkMeterProvider provider(final InMemoryMetricReader reader, final ReservoirSpec spec) {
        return provider(reader, View.builder()
            .setAggregation(ReservoirAggregation.explicitBucketHistogram(spec))
            .build());
    }

    /**
     * @param reader           the reader to register
     * @param spec             the reservoir for {@value #INSTRUMENT}
     * @param cardinalityLimit series per instrument before the SDK folds them into one
     * @return a provider with that cardinality limit for {@value #INSTRUMENT}
     */
    static SdkMeterProvider provider(final InMemoryMetricReader reader, final ReservoirSpec spec,
                                     final int cardinalityLimit) {
        return provider(reader, View.builder()
            .setAggregation(ReservoirAggregation.explicitBucketHistogram(spec))
            .setCardinalityLimit(cardinalityLimit)
            .build());
    }

    private static SdkMeterProvider provider(final InMemoryMetricReader reader, final View view) {
        return SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.alwaysOn())
            .registerView(InstrumentSelector.builder().setName(INSTRUMENT).build(), view)
            .build();
    }

    /**
     * Collects once.
     *
     * @param reader the provider's reader
     * @return how many histogram points (series) carry at least one exemplar
     */
    static int seriesWithExemplars(final InMemoryMetricReader reader) {
        int series = 0;
        for (final MetricData metric : reader.collectAllMetrics()) {
            for (final HistogramPointData point : metric.getHistogramData().getPoints()) {
                series += point.getExemplars().isEmpty() ? 0 : 1;
            }
        }
        return series;
    }

    /**
     * Collects once.
     *
     * @param reader the provider's reader
     * @return the exemplars of all histogram points together
     */
    static int exemplars(final InMemoryMetricReader reader) {
        int exemplars = 0;
        for (final MetricData metric : reader.collectAllMetrics()) {
            for (final HistogramPointData point : metric.getHistogramData().getPoints()) {
                exemplars += point.getExemplars().size();
            }
        }
        return exemplars;
    }
}
