package io.exemplars.otel.autoconfigure;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A metric reader exactly like the one it wraps, except for its default aggregation: where the
 * wrapped reader uses the SDK's default aggregation, this one answers an aggregation with our
 * reservoirs for the selected instruments (and the SDK's default for the others).
 *
 * <p>Only the default is replaced. A reader configured for another default (for example
 * {@code otel.exporter.otlp.metrics.default.histogram.aggregation=BASE2_EXPONENTIAL_BUCKET_HISTOGRAM})
 * keeps it for that instrument type, with one warning naming the reader, the type and the
 * aggregation kept: the SDK's built-in reservoirs apply there.
 */
final class ReservoirDefaultsMetricReader implements MetricReader {
    private static final Logger LOGGER = Logger.getLogger(ReservoirDefaultsMetricReader.class.getName());

    private final MetricReader delegate;
    private final Aggregation withReservoirs;

    /**
     * @param delegate       the reader autoconfigure built (collection, temporality, memory mode,
     *                       export all stay its own)
     * @param withReservoirs the default aggregation to answer in place of the SDK's default
     */
    ReservoirDefaultsMetricReader(final MetricReader delegate, final Aggregation withReservoirs) {
        this.delegate = delegate;
        this.withReservoirs = withReservoirs;
    }

    @Override
    public Aggregation getDefaultAggregation(final InstrumentType instrumentType) {
        final Aggregation own = delegate.getDefaultAggregation(instrumentType);
        if (own == Aggregation.defaultAggregation()) {
            return withReservoirs;
        }
        LOGGER.log(Level.WARNING, () -> "Exemplar reservoirs not applied to " + instrumentType
            + " instruments of " + delegate + ": its default aggregation is " + own
            + ", not the SDK default; the SDK's own exemplar reservoir applies there.");
        return own;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(final InstrumentType instrumentType) {
        return delegate.getAggregationTemporality(instrumentType);
    }

    @Override
    public MemoryMode getMemoryMode() {
        return delegate.getMemoryMode();
    }

    @Override
    public void register(final CollectionRegistration registration) {
        delegate.register(registration);
    }

    @Override
    public CompletableResultCode forceFlush() {
        return delegate.forceFlush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public String toString() {
        return "ReservoirDefaultsMetricReader{" + delegate + ", default aggregation " + withReservoirs + "}";
    }
}
