package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.AlignedLastSeenReservoir;
import io.exemplars.reservoir.AlignedUniformReservoir;
import io.exemplars.reservoir.BucketBoundaries;
import io.exemplars.reservoir.ExemplarReservoir;
import io.exemplars.reservoir.FixedSizeUniformReservoir;
import io.exemplars.reservoir.SlotArena;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad configuration fails at construction, with an exception that names what is wrong: boundaries
 * that are NaN, infinite or not strictly increasing (the message names the index and the value),
 * a reservoir size that is not positive or does not fit a slab, arena sizes out of range, null
 * arguments; an exhausted arena throws {@link IllegalStateException} with a message that says so
 * and how to fix it, and recovers when a reservoir is closed.
 */
class ConfigurationProperties {
    private static final String SEED = "20261128";

    /** How a valid boundary is spoiled. */
    enum Corruption {
        NAN, POSITIVE_INFINITY, NEGATIVE_INFINITY, EQUAL_TO_PREVIOUS, BELOW_PREVIOUS
    }

    @Provide
    Arbitrary<double[]> validBoundaries() {
        return AlignedScenario.boundaries(30).filter(b -> b.length >= 2);
    }

    @Property(tries = 300, seed = SEED)
    void badBoundaryIsNamedByIndexAndValue(@ForAll("validBoundaries") final double[] valid,
                                           @ForAll @IntRange(min = 0, max = 29) final int where,
                                           @ForAll final Corruption corruption) {
        final boolean needsPrevious = corruption == Corruption.EQUAL_TO_PREVIOUS || corruption == Corruption.BELOW_PREVIOUS;
        final int index = needsPrevious ? 1 + where % (valid.length - 1) : where % valid.length;
        final double[] boundaries = valid.clone();
        boundaries[index] = switch (corruption) {
            case NAN -> Double.NaN;
            case POSITIVE_INFINITY -> Double.POSITIVE_INFINITY;
            case NEGATIVE_INFINITY -> Double.NEGATIVE_INFINITY;
            case EQUAL_TO_PREVIOUS -> valid[index - 1];
            case BELOW_PREVIOUS -> valid[index - 1] - Math.max(1.0, Math.abs(valid[index - 1]));
        };
        final double bad = boundaries[index];
        final IllegalArgumentException thrown =
            assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of(boundaries));
        assertMentions(thrown, "[" + index + "]", String.valueOf(bad));
        // The list form validates the same way.
        final List<Double> asList = Arrays.stream(boundaries).boxed().toList();
        assertMentions(assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of(asList)),
            "[" + index + "]", String.valueOf(bad));
    }

    @Property(tries = 50, seed = SEED)
    void validBoundariesAreAccepted(@ForAll("validBoundaries") final double[] valid) {
        assertEquals(valid.length + 1, BucketBoundaries.of(valid).bucketCount());
    }

    @Example
    void missingOrTooManyBoundariesAreRejected() {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of((double[]) null)), "null");
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> BucketBoundaries.of(Arrays.asList(1.0, null, 3.0))), "[1]", "null");
        final double[] tooMany = new double[BucketBoundaries.MAX_BOUNDARIES + 1];
        Arrays.setAll(tooMany, i -> i);
        assertMentions(assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of(tooMany)),
            String.valueOf(tooMany.length));
    }

    @Property(tries = 50, seed = SEED)
    void nonPositiveReservoirSizeIsRejected(@ForAll @IntRange(min = Integer.MIN_VALUE, max = 0) final int k) {
        final SlotArena arena = SlotArena.create(64, 1);
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> FixedSizeUniformReservoir.create(arena, k, OfferCapturer.INSTANCE)), String.valueOf(k));
        assertEquals(0, arena.ringsInUse(), "a rejected reservoir must not hold arena slots");
    }

    @Property(tries = 20, seed = SEED)
    void reservoirLargerThanASlabIsRejected(@ForAll @IntRange(min = 1, max = 64) final int slabSlots) {
        final SlotArena arena = SlotArena.create(slabSlots, 4);
        // k data slots plus one header slot must fit one slab
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> FixedSizeUniformReservoir.create(arena, slabSlots, OfferCapturer.INSTANCE)), String.valueOf(slabSlots));
        final double[] boundaries = new double[slabSlots]; // slabSlots + 1 buckets
        Arrays.setAll(boundaries, i -> i);
        assertThrows(IllegalArgumentException.class,
            () -> AlignedUniformReservoir.create(arena, BucketBoundaries.of(boundaries), OfferCapturer.INSTANCE));
        assertEquals(0, arena.ringsInUse(), "a rejected reservoir must not hold arena slots");
    }

    @Property(tries = 30, seed = SEED)
    void arenaSizesOutOfRangeAreRejected(@ForAll @IntRange(min = Integer.MIN_VALUE, max = 0) final int notPositive) {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(notPositive, 1)),
            String.valueOf(notPositive));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(16, notPositive)),
            String.valueOf(notPositive));
        final int tooLarge = SlotArena.MAX_SLAB_SLOTS + 1;
        assertMentions(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(tooLarge, 1)),
            String.valueOf(tooLarge));
    }

    @Example
    void nullArgumentsAreNamed() {
        final SlotArena arena = SlotArena.create(64, 1);
        final BucketBoundaries boundaries = BucketBoundaries.of(1.0);
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> FixedSizeUniformReservoir.create(null, 2, OfferCapturer.INSTANCE)), "arena");
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> FixedSizeUniformReservoir.<Offer>create(arena, 2, null)), "capturer");
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> AlignedUniformReservoir.create(arena, null, OfferCapturer.INSTANCE)), "boundaries");
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> AlignedLastSeenReservoir.<Offer>create(arena, boundaries, null)), "capturer");
        assertEquals(0, arena.ringsInUse(), "a rejected reservoir must not hold arena slots");
    }

    @Property(tries = 20, seed = SEED)
    void exhaustedArenaSaysSoAndRecoversWhenAReservoirCloses(@ForAll @IntRange(min = 1, max = 8) final int k,
                                                             @ForAll @IntRange(min = 1, max = 3) final int slabs) {
        final int slabSlots = 16;
        final SlotArena arena = SlotArena.create(slabSlots, slabs);
        final List<ExemplarReservoir<Offer>> reservoirs = new ArrayList<>();
        final int fit = slabs * (slabSlots / (k + 1)); // whole rings only: a ring never spans slabs
        for (int i = 0; i < fit; i++) {
            reservoirs.add(FixedSizeUniformReservoir.create(arena, k, OfferCapturer.INSTANCE));
        }
        final IllegalStateException thrown = assertThrows(IllegalStateException.class,
            () -> FixedSizeUniformReservoir.create(arena, k, OfferCapturer.INSTANCE));
        assertMentions(thrown, "exhausted", "close unused reservoirs");
        reservoirs.get(reservoirs.size() / 2).close();
        reservoirs.add(FixedSizeUniformReservoir.create(arena, k, OfferCapturer.INSTANCE)); // fits again
        reservoirs.forEach(ExemplarReservoir::close);
        assertEquals(0, arena.ringsInUse());
    }

    private static void assertMentions(final Exception thrown, final String... parts) {
        for (final String part : parts) {
            assertTrue(thrown.getMessage() != null && thrown.getMessage().contains(part),
                () -> "the message should mention '" + part + "': " + thrown.getMessage());
        }
    }
}
