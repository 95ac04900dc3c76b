package io.exemplars.otel;

import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.internal.aggregator.ExplicitBucketHistogramUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Construction-time validation, defaults, and value semantics of the public API. */
class ConfigurationTest {

    @Test
    void badBoundariesAreRefusedNamingIndexAndValue() {
        assertRefused("bucket boundary [1] must be finite, was NaN",
            () -> ReservoirAggregation.explicitBucketHistogram(List.of(1.0, Double.NaN), ReservoirSpec.alignedUniform()));
        assertRefused("boundary [2] = 2.0 is not greater than boundary [1] = 3.0",
            () -> ReservoirAggregation.explicitBucketHistogram(List.of(1.0, 3.0, 2.0), ReservoirSpec.alignedUniform()));
        assertRefused("boundary [1] = 1.0 is not greater than boundary [0] = 1.0",
            () -> ReservoirAggregation.explicitBucketHistogram(List.of(1.0, 1.0), ReservoirSpec.alignedUniform()));
        assertRefused("bucket boundary [0] must be finite, was -Infinity", () -> ReservoirAggregation
            .explicitBucketHistogram(List.of(Double.NEGATIVE_INFINITY, 0.0), ReservoirSpec.alignedUniform()));
        assertRefused("bucket boundary [1] must be finite, was Infinity", () -> ReservoirAggregation
            .explicitBucketHistogram(List.of(0.0, Double.POSITIVE_INFINITY), ReservoirSpec.alignedUniform()));
        assertRefused("bucket boundary [0] must not be null", () -> ReservoirAggregation
            .explicitBucketHistogram(Arrays.asList((Double) null), ReservoirSpec.alignedUniform()));
        assertRefused("boundaries must not be null",
            () -> ReservoirAggregation.explicitBucketHistogram(null, ReservoirSpec.alignedUniform()));
    }

    @Test
    void everyBoundaryListTheSdkRefusesIsRefusedToo() {
        final List<List<Double>> sdkRefuses = List.of(List.of(Double.NaN), List.of(2.0, 1.0), List.of(1.0, 1.0),
            List.of(Double.NEGATIVE_INFINITY), List.of(Double.POSITIVE_INFINITY), List.of(-0.0, 0.0));
        for (final List<Double> boundaries : sdkRefuses) {
            assertThrows(IllegalArgumentException.class,
                () -> ExplicitBucketHistogramUtils.validateBucketBoundaries(boundaries), boundaries::toString);
            assertThrows(IllegalArgumentException.class,
                () -> ReservoirAggregation.explicitBucketHistogram(boundaries, ReservoirSpec.alignedUniform()),
                boundaries::toString);
        }
    }

    @Test
    void exponentialRangesAreTheSdks() {
        assertRefused("maxBuckets must be at least 2, was 1",
            () -> ReservoirAggregation.base2ExponentialHistogram(1, 20, ReservoirSpec.otelDefault()));
        assertRefused("maxScale must be in [-10, 20], was 21",
            () -> ReservoirAggregation.base2ExponentialHistogram(160, 21, ReservoirSpec.otelDefault()));
        assertRefused("maxScale must be in [-10, 20], was -11",
            () -> ReservoirAggregation.base2ExponentialHistogram(160, -11, ReservoirSpec.otelDefault()));
        ReservoirAggregation.base2ExponentialHistogram(2, -10, ReservoirSpec.otelDefault());
        ReservoirAggregation.base2ExponentialHistogram(2, 20, ReservoirSpec.fixedSizeUniform(1));
    }

    @Test
    void badSpecsAreRefusedNamingTheValue() {
        assertRefused("fixedSizeUniform size k must be in [1, " + (SlotArena.DEFAULT_SLAB_SLOTS - 1) + "]", () -> ReservoirSpec.fixedSizeUniform(0));
        assertRefused("was -3", () -> ReservoirSpec.fixedSizeUniform(-3));
        assertRefused("was " + SlotArena.DEFAULT_SLAB_SLOTS, () -> ReservoirSpec.fixedSizeUniform(SlotArena.DEFAULT_SLAB_SLOTS));
        ReservoirSpec.fixedSizeUniform(SlotArena.DEFAULT_SLAB_SLOTS - 1);
        assertRefused("must be in [1, 7]", () -> ReservoirSpec.fixedSizeUniform(8).withArena(SlotArena.create(8, 1)));
        assertRefused("arena must not be null", () -> ReservoirSpec.alignedUniform().withArena(null));
        assertRefused("was null", () -> ReservoirSpec.alignedUniform().withFilter(null));
        final ExemplarFilter custom = new ExemplarFilter() { };
        assertRefused("the SDK supports no custom exemplar filter", () -> ReservoirSpec.alignedUniform().withFilter(custom));
        for (final String kind : List.of("explicitBucketHistogram", "base2ExponentialHistogram", "sum", "lastValue")) {
            assertRefused("spec must not be null", () -> build(kind, null));
        }
    }

    @Test
    void alignedReservoirsNeedExplicitBuckets() {
        for (final ReservoirSpec aligned : List.of(ReservoirSpec.alignedUniform(), ReservoirSpec.alignedLastSeen())) {
            for (final String kind : List.of("base2ExponentialHistogram", "sum", "lastValue")) {
                assertRefused("aligns exemplars to explicit histogram buckets, which " + kind + " does not have",
                    () -> build(kind, aligned));
            }
        }
    }

    @Test
    void aHistogramWhoseBucketsDoNotFitOneSlabIsRefused() {
        final ReservoirSpec spec = ReservoirSpec.alignedUniform().withArena(SlotArena.create(4, 1));
        ReservoirAggregation.explicitBucketHistogram(List.of(1.0, 2.0, 3.0), spec);
        assertRefused("needs 5 slots per series, more than the arena's slab of 4",
            () -> ReservoirAggregation.explicitBucketHistogram(List.of(1.0, 2.0, 3.0, 4.0), spec));
        assertRefused("needs 21 slots per series, more than the arena's slab of 4",
            () -> ReservoirAggregation.base2ExponentialHistogram(160, 20, ReservoirSpec.otelDefault()
                .withArena(SlotArena.create(4, 1))));
    }

    @Test
    void theOtelDefaultsFollowTheSpecification() {
        assertEquals("alignedUniform[0.0, 5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0, 500.0, 750.0, 1000.0, 2500.0, "
            + "5000.0, 7500.0, 10000.0]", shapeOf(ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.otelDefault())));
        assertEquals("fixedSizeUniform(20)",
            shapeOf(ReservoirAggregation.base2ExponentialHistogram(160, 20, ReservoirSpec.otelDefault())));
        assertEquals("fixedSizeUniform(7)",
            shapeOf(ReservoirAggregation.base2ExponentialHistogram(7, 20, ReservoirSpec.otelDefault())));
        assertEquals("fixedSizeUniform(1)", shapeOf(ReservoirAggregation.sum(ReservoirSpec.otelDefault())));
        assertEquals("fixedSizeUniform(1)", shapeOf(ReservoirAggregation.lastValue(ReservoirSpec.otelDefault())));
        assertEquals("fixedSizeUniform(3)",
            shapeOf(ReservoirAggregation.explicitBucketHistogram(List.of(1.0), ReservoirSpec.fixedSizeUniform(3))));
    }

    @Test
    void withoutAdviceTheDefaultBoundariesAreTheSdks() {
        final ExplicitBucketHistogramWithReservoir followsAdvice = (ExplicitBucketHistogramWithReservoir)
            ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.alignedUniform());
        final ExplicitBucketHistogramWithReservoir.Buckets buckets = followsAdvice.bucketsFor(TestInstruments.histogram());
        assertEquals(ExplicitBucketHistogramUtils.DEFAULT_HISTOGRAM_BUCKET_BOUNDARIES, buckets.list);
        assertEquals(ExplicitBucketHistogramUtils.DEFAULT_HISTOGRAM_BUCKET_BOUNDARIES.size(), buckets.array.length);
        // Following the advice is a different aggregation from fixing the same boundaries.
        assertNotEquals(ReservoirAggregation.explicitBucketHistogram(
                ExplicitBucketHistogramUtils.DEFAULT_HISTOGRAM_BUCKET_BOUNDARIES, ReservoirSpec.alignedUniform()),
            followsAdvice);
        assertEquals(ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.alignedUniform()), followsAdvice);
        assertEquals("ReservoirAggregation.explicitBucketHistogram{boundaries=instrument advice, else SDK default, "
            + "spec=ReservoirSpec{alignedUniform}}", followsAdvice.toString());
    }

    @Test
    void aSpecThatDoesNotFitTheDefaultBoundariesIsRefusedWhenTheAdviceHistogramIsBuilt() {
        final ReservoirSpec tiny = ReservoirSpec.alignedUniform().withArena(SlotArena.create(4, 1));
        assertRefused("needs 16 slots per series, more than the arena's slab of 4",
            () -> ReservoirAggregation.explicitBucketHistogram(tiny));
        assertRefused("needs 16 slots per series, more than the arena's slab of 4",
            () -> ReservoirAggregation.defaultAggregation(tiny));
        assertRefused("spec must not be null", () -> ReservoirAggregation.explicitBucketHistogram((ReservoirSpec) null));
        assertRefused("spec must not be null", () -> ReservoirAggregation.defaultAggregation(null));
    }

    @Test
    void specsAreValues() {
        final SlotArena arena = SlotArena.create();
        assertSame(ReservoirSpec.defaultArena(), ReservoirSpec.alignedUniform().arena());
        assertSame(arena, ReservoirSpec.alignedUniform().withArena(arena).arena());
        assertEquals(ReservoirSpec.alignedUniform(), ReservoirSpec.alignedUniform().withArena(ReservoirSpec.defaultArena()));
        assertEquals(ReservoirSpec.fixedSizeUniform(3), ReservoirSpec.fixedSizeUniform(3));
        assertEquals(ReservoirSpec.fixedSizeUniform(3).hashCode(), ReservoirSpec.fixedSizeUniform(3).hashCode());
        assertEquals(ReservoirSpec.fixedSizeUniform(3).withFilter(ExemplarFilter.alwaysOn()),
            ReservoirSpec.fixedSizeUniform(3).withFilter(ExemplarFilter.alwaysOn()));
        assertNotEquals(ReservoirSpec.fixedSizeUniform(3), ReservoirSpec.fixedSizeUniform(4));
        assertNotEquals(ReservoirSpec.alignedUniform(), ReservoirSpec.alignedLastSeen());
        assertNotEquals(ReservoirSpec.alignedUniform(), ReservoirSpec.otelDefault());
        assertNotEquals(ReservoirSpec.alignedUniform(), ReservoirSpec.alignedUniform().withFilter(ExemplarFilter.alwaysOn()));
        assertNotEquals(ReservoirSpec.alignedUniform().withFilter(ExemplarFilter.traceBased()),
            ReservoirSpec.alignedUniform().withFilter(ExemplarFilter.alwaysOn()));
        assertNotEquals(ReservoirSpec.alignedUniform(), ReservoirSpec.alignedUniform().withArena(arena));
        assertEquals(Optional.empty(), ReservoirSpec.otelDefault().filter());
        assertEquals(Optional.of(ExemplarFilter.alwaysOff()), ReservoirSpec.otelDefault().withFilter(ExemplarFilter.alwaysOff()).filter());
        assertEquals("ReservoirSpec{fixedSizeUniform(3)}", ReservoirSpec.fixedSizeUniform(3).toString());
        assertTrue(ReservoirSpec.alignedUniform().withFilter(ExemplarFilter.traceBased()).withArena(arena).toString()
            .matches("ReservoirSpec\\{alignedUniform, filter=traceBased, arena=SlotArena@[0-9a-f]+}"));
    }

    @Test
    void aggregationsAreValuesAndKeepEqualViewsEqual() {
        final Aggregation a = ReservoirAggregation.explicitBucketHistogram(List.of(1.0, 2.0), ReservoirSpec.alignedUniform());
        final Aggregation b = ReservoirAggregation.explicitBucketHistogram(List.of(1.0, 2.0), ReservoirSpec.alignedUniform());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(View.builder().setAggregation(a).build(), View.builder().setAggregation(b).build());
        assertEquals(ReservoirAggregation.explicitBucketHistogram(List.of(0.0), ReservoirSpec.alignedUniform()),
            ReservoirAggregation.explicitBucketHistogram(List.of(-0.0), ReservoirSpec.alignedUniform()));
        assertNotEquals(a, ReservoirAggregation.explicitBucketHistogram(List.of(1.0, 3.0), ReservoirSpec.alignedUniform()));
        assertNotEquals(a, ReservoirAggregation.explicitBucketHistogram(List.of(1.0, 2.0), ReservoirSpec.alignedLastSeen()));
        assertEquals(ReservoirAggregation.base2ExponentialHistogram(ReservoirSpec.otelDefault()),
            ReservoirAggregation.base2ExponentialHistogram(160, 20, ReservoirSpec.otelDefault()));
        assertNotEquals(ReservoirAggregation.base2ExponentialHistogram(160, 20, ReservoirSpec.otelDefault()),
            ReservoirAggregation.base2ExponentialHistogram(160, 19, ReservoirSpec.otelDefault()));
        assertNotEquals(ReservoirAggregation.base2ExponentialHistogram(160, 20, ReservoirSpec.otelDefault()),
            ReservoirAggregation.base2ExponentialHistogram(159, 20, ReservoirSpec.otelDefault()));
        assertEquals(ReservoirAggregation.sum(ReservoirSpec.fixedSizeUniform(2)), ReservoirAggregation.sum(ReservoirSpec.fixedSizeUniform(2)));
        assertNotEquals(ReservoirAggregation.sum(ReservoirSpec.otelDefault()), ReservoirAggregation.lastValue(ReservoirSpec.otelDefault()));
        assertNotEquals(ReservoirAggregation.sum(ReservoirSpec.otelDefault()), Aggregation.sum());
        assertEquals("ReservoirAggregation.explicitBucketHistogram{boundaries=[1.0, 2.0], spec=ReservoirSpec{alignedUniform}}",
            a.toString());
        assertEquals("ReservoirAggregation.base2ExponentialHistogram{maxBuckets=160, maxScale=20, "
            + "spec=ReservoirSpec{otelDefault}}", ReservoirAggregation.base2ExponentialHistogram(ReservoirSpec.otelDefault()).toString());
        assertEquals("ReservoirAggregation.sum{spec=ReservoirSpec{fixedSizeUniform(2), filter=alwaysOn}}",
            ReservoirAggregation.sum(ReservoirSpec.fixedSizeUniform(2).withFilter(ExemplarFilter.alwaysOn())).toString());
    }

    @Test
    void theBoundaryListCannotBeChangedAfterwards() {
        final List<Double> boundaries = new java.util.ArrayList<>(List.of(1.0, 2.0));
        final Aggregation histogram = ReservoirAggregation.explicitBucketHistogram(boundaries, ReservoirSpec.alignedUniform());
        boundaries.set(1, 5.0);
        assertEquals(ReservoirAggregation.explicitBucketHistogram(List.of(1.0, 2.0), ReservoirSpec.alignedUniform()),
            histogram);
    }

    private static Aggregation build(final String kind, final ReservoirSpec spec) {
        switch (kind) {
            case "explicitBucketHistogram":
                return ReservoirAggregation.explicitBucketHistogram(List.of(1.0), spec);
            case "base2ExponentialHistogram":
                return ReservoirAggregation.base2ExponentialHistogram(160, 20, spec);
            case "sum":
                return ReservoirAggregation.sum(spec);
            default:
                return ReservoirAggregation.lastValue(spec);
        }
    }

    /** The reservoir the aggregation gives a double histogram without advice. */
    private static String shapeOf(final Aggregation aggregation) {
        return ((ReservoirBackedAggregation) aggregation).shapeFor(TestInstruments.histogram()).toString();
    }

    private static void assertRefused(final String messagePart, final Executable construction) {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(refused.getMessage().contains(messagePart),
            () -> "message \"" + refused.getMessage() + "\" should contain \"" + messagePart + '"');
    }
}
