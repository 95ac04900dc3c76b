package io.exemplars.otel;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.AggregatorHandle;
import io.opentelemetry.sdk.metrics.internal.descriptor.MetricDescriptor;
import io.opentelemetry.sdk.resources.Resource;

import java.util.Collection;

/**
 * The SDK's aggregator for a View whose spec retains exemplars, unchanged except that each
 * collection's temporality, which only {@link #toMetricData} is told, reaches the aggregator's
 * reservoirs through their {@link TemporalitySignal}: retention is a no-op under delta.
 *
 * @param <T> the point type
 */
final class TemporalityProbingAggregator<T extends PointData> implements Aggregator<T> {
    private final Aggregator<T> delegate;
    private final TemporalitySignal signal;

    TemporalityProbingAggregator(final Aggregator<T> delegate, final TemporalitySignal signal) {
        this.delegate = delegate;
        this.signal = signal;
    }

    @Override
    public AggregatorHandle<T> createHandle(final long creationEpochNanos) {
        return delegate.createHandle(creationEpochNanos);
    }

    @Override
    public T diff(final T previousCumulative, final T currentCumulative) {
        return delegate.diff(previousCumulative, currentCumulative);
    }

    @Override
    public void diffInPlace(final T previousCumulativeReusable, final T currentCumulative) {
        delegate.diffInPlace(previousCumulativeReusable, currentCumulative);
    }

    @Override
    public T createReusablePoint() {
        return delegate.createReusablePoint();
    }

    @Override
    public void copyPoint(final T point, final T toReusablePoint) {
        delegate.copyPoint(point, toReusablePoint);
    }

    @Override
    public MetricData toMetricData(final Resource resource, final InstrumentationScopeInfo scope,
                                   final MetricDescriptor descriptor, final Collection<T> points,
                                   final AggregationTemporality temporality) {
        signal.collected(temporality == AggregationTemporality.DELTA);
        return delegate.toMetricData(resource, scope, descriptor, points, temporality);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
