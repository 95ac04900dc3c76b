package io.exemplars.otel;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.AggregatorHandle;
import io.opentelemetry.sdk.metrics.internal.descriptor.MetricDescriptor;
import io.opentelemetry.sdk.resources.Resource;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collection;

/**
 * The SDK's aggregator for a View whose spec retains exemplars, or whose exemplars OpenMetrics
 * would partly hide, unchanged except that each collection, which only {@link #toMetricData} sees,
 * is passed on: its temporality to the aggregator's reservoirs through their
 * {@link TemporalitySignal} (retention is a no-op under delta), and the collection itself to the
 * {@link OpenMetricsVisibility} check (one warning when the Prometheus exporter reads it).
 *
 * @param <T> the point type
 */
final class TemporalityProbingAggregator<T extends PointData> implements Aggregator<T> {
    private final Aggregator<T> delegate;
    /** Null when the spec does not retain. */
    private final TemporalitySignal signal;
    /** Null when OpenMetrics shows every exemplar the spec keeps. */
    private final OpenMetricsVisibility visibility;

    TemporalityProbingAggregator(final Aggregator<T> delegate, final TemporalitySignal signal,
                                 final OpenMetricsVisibility visibility) {
        this.delegate = delegate;
        this.signal = signal;
        this.visibility = visibility;
    }

    @Override
    public AggregatorHandle<T> createHandle(final long creationEpochNanos) {
        return delegate.createHandle(creationEpochNanos);
    }

    /**
     * The same for SDK 1.56 to 1.64, whose {@code Aggregator.createHandle()} takes no argument: such
     * an SDK calls this method through its interface (the adapter is compiled against the pinned
     * SDK, where it overrides nothing), and it calls the delegate's own no-argument method.
     * {@link SdkInternals} checks that this class declares every method of the SDK's interface.
     *
     * @return the delegate's new handle
     */
    @SuppressWarnings("unchecked")
    public AggregatorHandle<T> createHandle() {
        try {
            return (AggregatorHandle<T>) LegacyCreateHandle.METHOD.invoke(delegate);
        } catch (final RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (final Throwable impossible) { // the SDK's method declares no checked exception
            throw new IllegalStateException(impossible);
        }
    }

    /** {@code Aggregator.createHandle()} of SDK 1.56 to 1.64, looked up when such an SDK first calls it. */
    private static final class LegacyCreateHandle {
        static final MethodHandle METHOD = find();

        private static MethodHandle find() {
            try {
                return MethodHandles.publicLookup().findVirtual(Aggregator.class, "createHandle",
                    MethodType.methodType(AggregatorHandle.class));
            } catch (final ReflectiveOperationException notThisSdk) {
                // Only an SDK that has the method calls it; a later one never initialises this class.
                return MethodHandles.throwException(AggregatorHandle.class, IllegalStateException.class)
                    .bindTo(new IllegalStateException("Aggregator.createHandle() is not in this SDK"));
            }
        }
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
        if (signal != null) {
            signal.collected(temporality == AggregationTemporality.DELTA);
        }
        if (visibility != null) {
            visibility.collected();
        }
        return delegate.toMetricData(resource, scope, descriptor, points, temporality);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
