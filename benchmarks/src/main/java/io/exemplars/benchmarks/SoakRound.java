package io.exemplars.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.context.Context;

/**
 * One generation of {@link ArenaSoak}'s provider churn: a fresh meter provider with our
 * {@code ReservoirAggregation} View on its histogram ({@link SdkPipeline} in {@link ExemplarMode#OURS}),
 * recorded to on a given number of series until the next generation replaces it, then collected one
 * last time and closed.
 */
final class SoakRound implements AutoCloseable {
    private static final AttributeKey<Long> SERIES_KEY = AttributeKey.longKey("series");

    private final int number;
    private final int series;
    private final Attributes[] attributes;
    private final SdkPipeline pipeline;
    private final DoubleHistogram histogram;

    private SoakRound(final int number, final int series, final Attributes[] attributes) {
        this.number = number;
        this.series = series;
        this.attributes = attributes;
        this.pipeline = SdkPipeline.create(ExemplarMode.OURS);
        this.histogram = pipeline.histogram();
    }

    /**
     * @param number     1 for the first provider of the run, then 2, 3, ...
     * @param series     how many series this provider's histogram records to, at most
     *                   {@code attributes.length}
     * @param attributes one attribute set per series, shared by every round (built once: recording
     *                   allocates none)
     * @return a new round with its own provider
     * @throws IllegalArgumentException if {@code series} is not in [1, attributes.length]
     */
    static SoakRound open(final int number, final int series, final Attributes[] attributes) {
        if (series < 1 || series > attributes.length) {
            throw new IllegalArgumentException("series must be in [1, " + attributes.length + "], was " + series);
        }
        return new SoakRound(number, series, attributes);
    }

    /**
     * @param count how many series
     * @return one attribute set per series, {@code series=0} to {@code series=count-1}
     */
    static Attributes[] seriesAttributes(final int count) {
        final Attributes[] all = new Attributes[count];
        for (int s = 0; s < count; s++) {
            all[s] = Attributes.of(SERIES_KEY, (long) s);
        }
        return all;
    }

    /**
     * Records one measurement.
     *
     * @param index   any int: picks the value ({@link LatencyValues}) and the series (cycled)
     * @param context the context to record in (a sampled span, so the exemplar filter lets it in)
     */
    void record(final int index, final Context context) {
        histogram.record(LatencyValues.at(index), attributes[(index & Integer.MAX_VALUE) % series], context);
    }

    /**
     * @return how many exemplars a collection made now returns (the collection resets the reservoirs)
     */
    int collectExemplars() {
        return pipeline.collectExemplars();
    }

    /**
     * @return this round's number, 1 for the first
     */
    int number() {
        return number;
    }

    /**
     * @return how many series this round records to
     */
    int series() {
        return series;
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
