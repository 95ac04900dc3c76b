package io.exemplars.otel;

import io.exemplars.reservoir.BucketBoundaries;
import io.opentelemetry.sdk.metrics.Aggregation;

import java.util.List;

/**
 * The SDK's own aggregation of the same shape as each {@link ReservoirAggregation} factory's, with
 * the SDK's built-in exemplar reservoirs: what a factory returns when the adapter fails open
 * ({@link FailOpen}), and what an instrument whose reservoirs broke at registration gets.
 *
 * <p>Only the SDK's public API is used here, and none of the adapter's aggregation classes is
 * loaded (they implement SDK internals that an SDK we cannot serve may not have), so this works on
 * any 1.x SDK. The arguments are checked as the adapter checks them (same messages): a bad argument
 * is the caller's mistake on any SDK and must not pass silently on one and fail on the next.
 *
 * <table>
 *   <caption>Shapes</caption>
 *   <tr><th>factory</th><th>SDK aggregation</th></tr>
 *   <tr><td>{@code explicitBucketHistogram(boundaries, spec)}</td>
 *       <td>{@code Aggregation.explicitBucketHistogram(boundaries)}</td></tr>
 *   <tr><td>{@code explicitBucketHistogram(spec)} (instrument advice)</td>
 *       <td>{@code Aggregation.defaultAggregation()}: the SDK's only aggregation that honours bucket
 *       advice; a histogram keeps its advice, else the default boundaries (a counter that a View
 *       selects with it gets a sum)</td></tr>
 *   <tr><td>{@code base2ExponentialHistogram(maxBuckets, maxScale, spec)}</td>
 *       <td>{@code Aggregation.base2ExponentialBucketHistogram(maxBuckets, maxScale)}</td></tr>
 *   <tr><td>{@code sum(spec)}, {@code lastValue(spec)}</td>
 *       <td>{@code Aggregation.sum()}, {@code Aggregation.lastValue()}</td></tr>
 *   <tr><td>both {@code defaultAggregation}s</td><td>{@code Aggregation.defaultAggregation()}</td></tr>
 * </table>
 * A spec's own exemplar filter ({@code ReservoirSpec.withFilter}) has no place in the SDK's
 * aggregations; the meter provider's filter applies.
 */
final class SdkEquivalent {
    /**
     * The OpenTelemetry specification's default explicit-bucket boundaries (the SDK's, too): the
     * boundaries a spec is checked against for instruments without advice, when the SDK's own list
     * (an internal) may not be there.
     */
    static final List<Double> SPECIFICATION_DEFAULT_BOUNDARIES = List.of(
        0d, 5d, 10d, 25d, 50d, 75d, 100d, 250d, 500d, 750d, 1_000d, 2_500d, 5_000d, 7_500d, 10_000d);

    private SdkEquivalent() {
    }

    /**
     * @return {@code Aggregation.explicitBucketHistogram(boundaries)}
     * @throws IllegalArgumentException naming the bad boundary or spec
     */
    static Aggregation explicitBucketHistogram(final List<Double> boundaries, final ReservoirSpec spec) {
        ReservoirShape.resolve(spec, ExplicitBucketHistogramWithReservoir.NAME, BucketBoundaries.of(boundaries), 0);
        return builtInExplicitBucketHistogram(boundaries);
    }

    /**
     * @param boundaries boundaries already checked
     * @return the SDK's explicit-bucket histogram with them
     */
    static Aggregation builtInExplicitBucketHistogram(final List<Double> boundaries) {
        return Aggregation.explicitBucketHistogram(boundaries);
    }

    /**
     * @return {@code Aggregation.defaultAggregation()}, see the class documentation
     * @throws IllegalArgumentException naming the bad spec
     */
    static Aggregation explicitBucketHistogramWithAdvice(final ReservoirSpec spec) {
        return defaultAggregation(spec);
    }

    /**
     * @return {@code Aggregation.base2ExponentialBucketHistogram(maxBuckets, maxScale)}
     * @throws IllegalArgumentException naming the bad value
     */
    static Aggregation base2ExponentialHistogram(final int maxBuckets, final int maxScale, final ReservoirSpec spec) {
        ReservoirShape.resolve(spec, Base2ExponentialHistogramWithReservoir.NAME, null,
            exponentialDefaultSize(validMaxBuckets(maxBuckets)));
        return Aggregation.base2ExponentialBucketHistogram(maxBuckets, validMaxScale(maxScale));
    }

    /**
     * @return {@code Aggregation.sum()}
     * @throws IllegalArgumentException naming the spec when it does not apply to a sum
     */
    static Aggregation sum(final ReservoirSpec spec) {
        ReservoirShape.resolve(spec, SumWithReservoir.NAME, null, ReservoirSpec.OTEL_DEFAULT_FIXED_SIZE);
        return Aggregation.sum();
    }

    /**
     * @return {@code Aggregation.lastValue()}
     * @throws IllegalArgumentException naming the spec when it does not apply to a last value
     */
    static Aggregation lastValue(final ReservoirSpec spec) {
        ReservoirShape.resolve(spec, LastValueWithReservoir.NAME, null, ReservoirSpec.OTEL_DEFAULT_FIXED_SIZE);
        return Aggregation.lastValue();
    }

    /**
     * @return {@code Aggregation.defaultAggregation()}
     * @throws IllegalArgumentException naming the bad spec, or the spec that does not fit the
     *                                  default boundaries
     */
    static Aggregation defaultAggregation(final ReservoirSpec spec) {
        ReservoirShape.resolve(spec, ExplicitBucketHistogramWithReservoir.NAME,
            BucketBoundaries.of(SPECIFICATION_DEFAULT_BOUNDARIES), 0);
        return Aggregation.defaultAggregation();
    }

    /**
     * @param maxBuckets as given
     * @return it, when at least {@link ReservoirAggregation#MIN_EXPONENTIAL_MAX_BUCKETS}
     * @throws IllegalArgumentException naming it otherwise
     */
    static int validMaxBuckets(final int maxBuckets) {
        if (maxBuckets < ReservoirAggregation.MIN_EXPONENTIAL_MAX_BUCKETS) {
            throw new IllegalArgumentException("maxBuckets must be at least "
                + ReservoirAggregation.MIN_EXPONENTIAL_MAX_BUCKETS + ", was " + maxBuckets);
        }
        return maxBuckets;
    }

    /**
     * @param maxScale as given
     * @return it, when in [{@link ReservoirAggregation#MIN_EXPONENTIAL_SCALE},
     *     {@link ReservoirAggregation#MAX_EXPONENTIAL_SCALE}]
     * @throws IllegalArgumentException naming it otherwise
     */
    static int validMaxScale(final int maxScale) {
        if (maxScale < ReservoirAggregation.MIN_EXPONENTIAL_SCALE
            || maxScale > ReservoirAggregation.MAX_EXPONENTIAL_SCALE) {
            throw new IllegalArgumentException("maxScale must be in [" + ReservoirAggregation.MIN_EXPONENTIAL_SCALE
                + ", " + ReservoirAggregation.MAX_EXPONENTIAL_SCALE + "], was " + maxScale);
        }
        return maxScale;
    }

    /**
     * @param maxBuckets the exponential histogram's bucket limit
     * @return how many exemplars {@code otelDefault()} keeps there: {@code min(20, maxBuckets)}, as
     *     the specification recommends and the SDK does
     */
    static int exponentialDefaultSize(final int maxBuckets) {
        return Math.min(ReservoirSpec.OTEL_DEFAULT_EXPONENTIAL_MAX_SIZE, maxBuckets);
    }
}
