package io.exemplars.benchmarks;

import io.exemplars.otel.ReservoirSpec;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;

import java.util.Collection;
import java.util.function.UnaryOperator;

/**
 * One OpenTelemetry SDK meter provider configured for an {@link ExemplarMode}, with a
 * {@link ManualReader} and the histogram every SDK benchmark records to (default explicit-bucket
 * aggregation, or ours through a View).
 */
final class SdkPipeline implements AutoCloseable {
    /** The instrument's name; the View of {@link ExemplarMode#OURS} selects it. */
    static final String HISTOGRAM_NAME = "http.server.request.duration";
    private static final String METER_NAME = "io.exemplars.benchmarks";

    private final SdkMeterProvider provider;
    private final ManualReader reader;
    private final DoubleHistogram histogram;

    private SdkPipeline(final SdkMeterProvider provider, final ManualReader reader) {
        this.provider = provider;
        this.reader = reader;
        this.histogram = provider.get(METER_NAME).histogramBuilder(HISTOGRAM_NAME).setUnit("ms").build();
    }

    /**
     * @param mode how exemplars are handled
     * @return a new provider with its reader and histogram
     * @throws IllegalStateException if the default arena, which our View's reservoirs lease from,
     *     does not use the backend this JVM was started to measure ({@link ExpectedBackend})
     */
    static SdkPipeline create(final ExemplarMode mode) {
        return create(mode::configure);
    }

    /**
     * @param mode             how exemplars are handled
     * @param cardinalityLimit the most series the histogram keeps (the SDK's default is 2,000)
     * @return a new provider with its reader and histogram (whose View sets that limit)
     * @throws IllegalStateException as {@link #create(ExemplarMode)}
     */
    static SdkPipeline create(final ExemplarMode mode, final int cardinalityLimit) {
        ExpectedBackend.verify(ReservoirSpec.defaultArena());
        final ManualReader reader = new ManualReader();
        return new SdkPipeline(mode.configure(SdkMeterProvider.builder().registerMetricReader(reader), cardinalityLimit)
            .build(), reader);
    }

    /**
     * @param configure configures a meter provider builder that already has the reader registered
     * @return a new provider with its reader and histogram
     * @throws IllegalStateException if the default arena, which our Views' reservoirs lease from,
     *     does not use the backend this JVM was started to measure ({@link ExpectedBackend})
     */
    static SdkPipeline create(final UnaryOperator<SdkMeterProviderBuilder> configure) {
        ExpectedBackend.verify(ReservoirSpec.defaultArena());
        final ManualReader reader = new ManualReader();
        return new SdkPipeline(configure.apply(SdkMeterProvider.builder().registerMetricReader(reader)).build(), reader);
    }

    /**
     * @return the histogram to record to
     */
    DoubleHistogram histogram() {
        return histogram;
    }

    /**
     * @return every metric, collected now
     */
    Collection<MetricData> collect() {
        return reader.collect();
    }

    /**
     * @return how many exemplars the histogram's points carry in a collection made now
     */
    int collectExemplars() {
        int count = 0;
        for (final MetricData metric : collect()) {
            for (final HistogramPointData point : metric.getHistogramData().getPoints()) {
                count += point.getExemplars().size();
            }
        }
        return count;
    }

    @Override
    public void close() {
        provider.close();
    }
}
