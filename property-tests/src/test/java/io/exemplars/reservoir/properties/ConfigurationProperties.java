package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.AlignedLastSeenReservoir;
import io.exemplars.reservoir.AlignedUniformReservoir;
import io.exemplars.reservoir.BucketBoundaries;
import io.exemplars.reservoir.ExemplarReservoir;
import io.exemplars.reservoir.FixedSizeUniformReservoir;
import io.exemplars.reservoir.Retention;
import io.exemplars.reservoir.SeriesFilter;
import io.exemplars.reservoir.SlotArena;
import io.exemplars.reservoir.SlowestValuesReservoir;
import io.exemplars.reservoir.ValueWeightedReservoir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad configuration fails at construction, with an exception that names what is wrong: boundaries
 * that are NaN, infinite or not strictly increasing (the message names the index and the value),
 * a reservoir size that is not positive or does not fit a slab, arena sizes out of range, null
 * arguments; an exhausted arena throws {@link IllegalStateException} with a message that says so
 * and how to fix it, and recovers when a reservoir is closed.
 *
 * <p>Boundaries, indexes and sizes come from {@link ScenarioGenerator}, each case from its own seed
 * ({@link SeededCase}); the small ranges (slab sizes, arena shapes) are enumerated completely.
 */
class ConfigurationProperties {
    private static final long SEED = 20261128L;
    private static final int MAX_BOUNDARIES = 30;
    private static final int BAD_BOUNDARY_CASES = 300;
    private static final int VALID_BOUNDARY_CASES = 50;
    private static final int NON_POSITIVE_SIZE_CASES = 50;
    private static final int ARENA_SIZE_CASES = 30;
    private static final int MAX_SLAB_SLOTS_TRIED = 64;
    private static final int MAX_K_TRIED = 8;
    private static final int MAX_SLABS_TRIED = 3;

    /** How a valid boundary is spoiled. */
    enum Corruption {
        NAN, POSITIVE_INFINITY, NEGATIVE_INFINITY, EQUAL_TO_PREVIOUS, BELOW_PREVIOUS
    }

    static Stream<SeededCase> badBoundaryCases() {
        return SeededCase.stream(SEED, BAD_BOUNDARY_CASES);
    }

    static Stream<SeededCase> validBoundaryCases() {
        return SeededCase.stream(SEED, VALID_BOUNDARY_CASES);
    }

    static Stream<SeededCase> nonPositiveSizeCases() {
        return SeededCase.stream(SEED, NON_POSITIVE_SIZE_CASES);
    }

    static Stream<SeededCase> arenaSizeCases() {
        return SeededCase.stream(SEED, ARENA_SIZE_CASES);
    }

    /** Every slab size from 1 to {@value #MAX_SLAB_SLOTS_TRIED}. */
    static IntStream slabSizes() {
        return IntStream.rangeClosed(1, MAX_SLAB_SLOTS_TRIED);
    }

    /** Every k from 1 to {@value #MAX_K_TRIED} with every arena of 1 to {@value #MAX_SLABS_TRIED} slabs. */
    static Stream<Arguments> arenaShapes() {
        return IntStream.rangeClosed(1, MAX_K_TRIED).boxed()
            .flatMap(k -> IntStream.rangeClosed(1, MAX_SLABS_TRIED).mapToObj(slabs -> Arguments.of(k, slabs)));
    }

    /** Generated boundaries with at least two entries (drawn again until there are). */
    private static double[] validBoundaries(final ScenarioGenerator generator) {
        double[] boundaries;
        do {
            boundaries = generator.boundaries(MAX_BOUNDARIES);
        } while (boundaries.length < 2);
        return boundaries;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBoundaryCases")
    void badBoundaryIsNamedByIndexAndValue(final SeededCase seeded) {
        final ScenarioGenerator generator = seeded.generator();
        final double[] valid = validBoundaries(generator);
        final int where = generator.intBetween(0, MAX_BOUNDARIES - 1);
        final Corruption corruption = generator.oneOf(Corruption.class);
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("validBoundaryCases")
    void validBoundariesAreAccepted(final SeededCase seeded) {
        final double[] valid = validBoundaries(seeded.generator());
        assertEquals(valid.length + 1, BucketBoundaries.of(valid).bucketCount(), () -> Arrays.toString(valid));
    }

    @Test
    void missingOrTooManyBoundariesAreRejected() {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of((double[]) null)), "null");
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> BucketBoundaries.of(Arrays.asList(1.0, null, 3.0))), "[1]", "null");
        final double[] tooMany = new double[BucketBoundaries.MAX_BOUNDARIES + 1];
        Arrays.setAll(tooMany, i -> i);
        assertMentions(assertThrows(IllegalArgumentException.class, () -> BucketBoundaries.of(tooMany)),
            String.valueOf(tooMany.length));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonPositiveSizeCases")
    void nonPositiveReservoirSizeIsRejected(final SeededCase seeded) {
        final int k = seeded.generator().intBetween(Integer.MIN_VALUE, 0);
        final SlotArena arena = SlotArena.create(64, 1);
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> FixedSizeUniformReservoir.create(arena, k, OfferCapturer.INSTANCE)), String.valueOf(k));
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> SlowestValuesReservoir.create(arena, k, OfferCapturer.INSTANCE)), String.valueOf(k));
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> ValueWeightedReservoir.create(arena, k, OfferCapturer.INSTANCE)), String.valueOf(k));
        assertEquals(0, arena.ringsInUse(), "a rejected reservoir must not hold arena slots");
    }

    @ParameterizedTest(name = "slab of {0} slots")
    @MethodSource("slabSizes")
    void aRetainingReservoirMustFitTwoPicksInASlab(final int slabSlots) {
        final SlotArena arena = SlotArena.create(slabSlots, 4);
        final int tooBig = (slabSlots - 1) / 2 + 1; // 2k + 1 slots must fit one slab
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> SlowestValuesReservoir.create(arena, tooBig, OfferCapturer.INSTANCE, SeriesFilter.acceptAll(),
                Retention.of(Duration.ofSeconds(10)))), String.valueOf(tooBig), "retained");
        if (tooBig > 1) {
            SlowestValuesReservoir.create(arena, tooBig - 1, OfferCapturer.INSTANCE, SeriesFilter.acceptAll(),
                Retention.of(Duration.ofSeconds(10))).close();
        }
    }

    @Test
    void retentionOutOfRangeIsNamed() {
        for (final Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(-5),
            Duration.ofDays(2)}) {
            assertMentions(assertThrows(IllegalArgumentException.class, () -> Retention.of(bad)), bad.toString());
        }
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Retention.of(null)), "null");
    }

    @ParameterizedTest(name = "slab of {0} slots")
    @MethodSource("slabSizes")
    void reservoirLargerThanASlabIsRejected(final int slabSlots) {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("arenaSizeCases")
    void arenaSizesOutOfRangeAreRejected(final SeededCase seeded) {
        final int notPositive = seeded.generator().intBetween(Integer.MIN_VALUE, 0);
        assertMentions(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(notPositive, 1)),
            String.valueOf(notPositive));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(16, notPositive)),
            String.valueOf(notPositive));
        final int tooLarge = SlotArena.MAX_SLAB_SLOTS + 1;
        assertMentions(assertThrows(IllegalArgumentException.class, () -> SlotArena.create(tooLarge, 1)),
            String.valueOf(tooLarge));
    }

    @Test
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

    @ParameterizedTest(name = "k = {0}, {1} slab(s)")
    @MethodSource("arenaShapes")
    void anArenaAtItsLimitRefusesWithoutThrowingAndLendsAgainWhenAReservoirCloses(final int k, final int slabs) {
        final int slabSlots = 16;
        final SlotArena arena = SlotArena.create(slabSlots, slabs);
        final List<ExemplarReservoir<Offer>> reservoirs = new ArrayList<>();
        final int fit = slabs * (slabSlots / (k + 1)); // whole rings only: a ring never spans slabs
        for (int i = 0; i < fit; i++) {
            final ExemplarReservoir<Offer> reservoir = FixedSizeUniformReservoir.create(arena, k, OfferCapturer.INSTANCE);
            reservoir.offerDouble(i, null, Offer.ofDouble(k, i, i)); // each leases its ring
            reservoirs.add(reservoir);
        }
        assertEquals(fit, arena.ringsInUse());
        final ExemplarReservoir<Offer> refused = FixedSizeUniformReservoir.create(arena, k, OfferCapturer.INSTANCE);
        refused.offerDouble(1, null, Offer.ofDouble(k, fit, 1)); // no exception: refused, counted
        assertEquals(1, arena.refusals());
        assertEquals(0, refused.collect((list, e) -> { }, null, true), "a refused series keeps nothing");
        reservoirs.get(reservoirs.size() / 2).close();
        refused.offerDouble(2, null, Offer.ofDouble(k, fit + 1, 2)); // its next interval: slots again
        assertEquals(1, refused.collect((list, e) -> { }, null, true));
        reservoirs.add(refused);
        reservoirs.forEach(ExemplarReservoir::close);
        assertEquals(0, arena.ringsInUse());
        assertEquals(1, arena.refusals());
    }

    private static void assertMentions(final Exception thrown, final String... parts) {
        for (final String part : parts) {
            assertTrue(thrown.getMessage() != null && thrown.getMessage().contains(part),
                () -> "the message should mention '" + part + "': " + thrown.getMessage());
        }
    }
}
