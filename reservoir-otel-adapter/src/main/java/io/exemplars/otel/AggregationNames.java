package io.exemplars.otel;

import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.internal.aggregator.AggregationUtil;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Gives the adapter's aggregations a name in the SDK's aggregation-name table, so that the SDK's
 * diagnostics can name them instead of throwing.
 *
 * <h2>Why</h2>
 * The SDK names an aggregation with {@code AggregationUtil.aggregationName}, a lookup by exact
 * class in a private table of its own six aggregations that throws {@code IllegalStateException}
 * for any other class. It calls it while building two warnings, both inside the application's
 * instrument {@code build()} call: for two metric streams with the same name but different
 * definitions (two instruments that differ only in description or unit, two Views that produce
 * the same name), in {@code MetricStorageRegistry}; and for a View whose aggregation does not fit
 * the instrument it selects, in {@code ViewRegistry}. With any custom aggregation, a harmless
 * misconfiguration that the SDK only logs became an exception in application code. It is also
 * called by {@code DefaultAggregationSelector.asString} (a reader's {@code toString()}) when a
 * reader's default aggregation is ours. There is no public way to name an aggregation, and nothing
 * the aggregation can do keeps the duplicate-stream path from the lookup (equal Views merge, but
 * conflicting definitions are the user's to make), so the adapter adds its classes to the table.
 *
 * <h2>How, and why it is safe</h2>
 * Each adapter class gets the SDK's name for the aggregation it produces ({@code sum},
 * {@code explicit_bucket_histogram}, ..., and {@code default} for the two default aggregations), read from the SDK itself, so the SDK's messages read as
 * they would for its own aggregations. The table is a {@code HashMap} the SDK fills in its static
 * initializer and afterwards only reads. The six entries are added once, under the class-init lock
 * of {@link SdkInternals}, before any adapter aggregation exists (so before any SDK code can look
 * one up); readers that see the table afterwards reach it through the same {@code View} objects
 * whose construction this precedes. Twelve entries do not pass the map's resize threshold (it resizes
 * when its size exceeds twelve, for its sixteen buckets), so the insertion links nodes without rehashing and a concurrent lookup of
 * another key is never disturbed. {@code AggregationUtil.forName}, the inverse table, is not
 * touched: configuration by name still yields the SDK's own aggregations.
 *
 * <p>One copy of the adapter per SDK class loader is assumed (a second copy's six entries would
 * make the map resize while the SDK may be reading it). This relies on the SDK's private field, which is why it runs inside the {@link SdkInternals}
 * check: if the field is gone or not accessible (a strongly encapsulated module), the adapter
 * reports the SDK as not fitting instead of risking the exception later.
 */
final class AggregationNames {
    /** The SDK's private {@code Map<Class<? extends Aggregation>, String>} in {@link AggregationUtil}. */
    static final String NAME_TABLE_FIELD = "nameByAggregation";

    private AggregationNames() {
    }

    /**
     * Adds the adapter's five aggregation classes to the SDK's name table (idempotent).
     *
     * @throws ReflectiveOperationException when the SDK's table is not there
     * @throws RuntimeException             when it is not accessible or not the expected map
     */
    static void registerAll() throws ReflectiveOperationException {
        final Field field = AggregationUtil.class.getDeclaredField(NAME_TABLE_FIELD);
        field.setAccessible(true);
        @SuppressWarnings("unchecked")
        final Map<Class<?>, String> table = (Map<Class<?>, String>) field.get(null);
        table.putIfAbsent(ExplicitBucketHistogramWithReservoir.class,
            AggregationUtil.aggregationName(Aggregation.explicitBucketHistogram()));
        table.putIfAbsent(Base2ExponentialHistogramWithReservoir.class,
            AggregationUtil.aggregationName(Aggregation.base2ExponentialBucketHistogram()));
        table.putIfAbsent(SumWithReservoir.class, AggregationUtil.aggregationName(Aggregation.sum()));
        table.putIfAbsent(LastValueWithReservoir.class, AggregationUtil.aggregationName(Aggregation.lastValue()));
        table.putIfAbsent(DefaultAggregationWithReservoir.class,
            AggregationUtil.aggregationName(Aggregation.defaultAggregation()));
        table.putIfAbsent(InstrumentNameSelectedAggregation.class,
            AggregationUtil.aggregationName(Aggregation.defaultAggregation()));
    }
}
