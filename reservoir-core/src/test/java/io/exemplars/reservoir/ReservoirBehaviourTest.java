package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReservoirBehaviourTest {
    private static final BucketBoundaries BOUNDARIES = BucketBoundaries.of(0, 5, 10);

    /** Every reservoir kind, built over a fresh arena with a given capturer. */
    enum Kind {
        ALIGNED_UNIFORM(c -> AlignedUniformReservoir.create(SlotArena.create(), BOUNDARIES, c)),
        ALIGNED_LAST_SEEN(c -> AlignedLastSeenReservoir.create(SlotArena.create(), BOUNDARIES, c)),
        FIXED_SIZE_UNIFORM(c -> FixedSizeUniformReservoir.create(SlotArena.create(), 4, c)),
        SLOWEST(c -> SlowestValuesReservoir.create(SlotArena.create(), 4, c)),
        WEIGHTED(c -> ValueWeightedReservoir.create(SlotArena.create(), 4, c)),
        FIXED_SIZE_RETAINING(c -> FixedSizeUniformReservoir.create(SlotArena.create(), 4, c,
            SeriesFilter.acceptAll(), Retention.of(java.time.Duration.ofDays(1), () -> TestContext.EPOCH_NANOS + 1_000)));

        private final Function<ExemplarCapturer<TestContext>, ExemplarReservoir<TestContext>> factory;

        Kind(final Function<ExemplarCapturer<TestContext>, ExemplarReservoir<TestContext>> factory) {
            this.factory = factory;
        }

        ExemplarReservoir<TestContext> create() {
            return factory.apply(TestContext.CAPTURER);
        }

        ExemplarReservoir<TestContext> create(final ExemplarCapturer<TestContext> capturer) {
            return factory.apply(capturer);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void keepsAConsistentCopyOfTheOfferWithItsAttributeReference(final Kind kind) {
        final ExemplarReservoir<TestContext> reservoir = kind.create();
        final Object attributes = new Object();
        reservoir.offerDouble(7.5, attributes, new TestContext(42));
        final List<CollectedCopy> out = CollectedCopy.collect(reservoir, true);
        assertEquals(1, out.size());
        final CollectedCopy e = out.get(0);
        assertEquals(7.5, e.doubleValue);
        assertTrue(!e.longValue && e.cameFrom(42));
        assertSame(attributes, e.attributes);
        if (kind == Kind.ALIGNED_UNIFORM || kind == Kind.ALIGNED_LAST_SEEN) {
            assertEquals(2, e.index, "7.5 is in (5, 10]");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void longValuesAreKeptExactly(final Kind kind) {
        final ExemplarReservoir<TestContext> reservoir = kind.create();
        reservoir.offerLong(Long.MAX_VALUE - 1, null, new TestContext(1));
        final CollectedCopy e = CollectedCopy.collect(reservoir, true).get(0);
        assertTrue(e.longValue);
        assertEquals(Long.MAX_VALUE - 1, e.longValueBits);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void nanIsDroppedAndNegativeZeroStoredAsZero(final Kind kind) {
        final ExemplarReservoir<TestContext> reservoir = kind.create();
        reservoir.offerDouble(Double.NaN, null, new TestContext(1));
        assertEquals(0, CollectedCopy.collect(reservoir, true).size());
        reservoir.offerDouble(-0.0, null, new TestContext(2));
        if (kind == Kind.WEIGHTED) {
            assertEquals(0, CollectedCopy.collect(reservoir, true).size(), "a weight of 0 is never kept");
            return;
        }
        final CollectedCopy e = CollectedCopy.collect(reservoir, true).get(0);
        assertEquals(0L, Double.doubleToRawLongBits(e.doubleValue), "-0.0 is stored as +0.0");
    }

    @Test
    void infinitiesGoToTheFirstAndLastBucket() {
        for (final Kind kind : new Kind[] {Kind.ALIGNED_UNIFORM, Kind.ALIGNED_LAST_SEEN}) {
            final ExemplarReservoir<TestContext> reservoir = kind.create();
            reservoir.offerDouble(Double.NEGATIVE_INFINITY, null, new TestContext(1));
            reservoir.offerDouble(Double.POSITIVE_INFINITY, null, new TestContext(2));
            final List<CollectedCopy> out = CollectedCopy.collect(reservoir, true);
            assertEquals(2, out.size());
            assertEquals(0, out.get(0).index);
            assertEquals(Double.NEGATIVE_INFINITY, out.get(0).doubleValue);
            assertEquals(3, out.get(1).index);
            assertEquals(Double.POSITIVE_INFINITY, out.get(1).doubleValue);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void resettingCollectEmptiesTheReservoirAndKeepingCollectDoesNot(final Kind kind) {
        final ExemplarReservoir<TestContext> reservoir = kind.create();
        reservoir.offerDouble(1, null, new TestContext(1));
        assertEquals(1, CollectedCopy.collect(reservoir, false).size());
        assertEquals(1, CollectedCopy.collect(reservoir, true).size());
        assertEquals(0, CollectedCopy.collect(reservoir, true).size());
    }

    /**
     * The collecting thread's scratch must not keep a measurement's objects alive once a collection
     * ends, whether the visitor returns or throws. A visitor that (wrongly) keeps the flyweight
     * shows what the scratch still references: after the collection, nothing.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCollectionLeavesNoMeasurementReferencedByTheScratch(final Kind kind) {
        for (final boolean visitorThrows : new boolean[] {false, true}) {
            final ExemplarReservoir<TestContext> reservoir = kind.create();
            final double[] values = {1, 6, 12}; // one per bucket; all positive, so the weighted kind keeps each
            for (int i = 0; i < values.length; i++) {
                reservoir.offerDouble(values[i], new Object(), new TestContext(i + 1));
            }
            final CollectedExemplar[] kept = new CollectedExemplar[1];
            final int[] visits = new int[1];
            try {
                reservoir.collect((unused, exemplar) -> {
                    assertNotNull(exemplar.attributes(), "a visited exemplar has its attributes");
                    kept[0] = exemplar;
                    visits[0]++;
                    if (visitorThrows) {
                        throw new IllegalStateException("the visitor fails at its first exemplar");
                    }
                }, null, true);
            } catch (final IllegalStateException expected) {
                assertTrue(visitorThrows);
            }
            assertEquals(visitorThrows ? 1 : 3, visits[0], kind + ", visitor throws: " + visitorThrows);
            assertNull(kept[0].attributes(), kind + ", visitor throws: " + visitorThrows);
            assertNull(kept[0].contextReference(), kind + ", visitor throws: " + visitorThrows);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aThrowingCapturerNeverReachesTheCaller(final Kind kind) {
        final ExemplarReservoir<TestContext> reservoir = kind.create(new TestContext.Capturer() {
            @Override
            public long spanId(final TestContext context) {
                throw new IllegalStateException("boom");
            }
        });
        reservoir.offerDouble(1, null, new TestContext(1));
        reservoir.offerLong(2, null, new TestContext(2));
        assertEquals(0, CollectedCopy.collect(reservoir, true).size());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void ineligibleOrThrowingFilterKeepsNothing(final Kind kind) {
        final ExemplarReservoir<TestContext> none = kind.create(new TestContext.Capturer() {
            @Override
            public boolean isEligible(final Object attributes, final TestContext context) {
                return false;
            }
        });
        final ExemplarReservoir<TestContext> throwing = kind.create(new TestContext.Capturer() {
            @Override
            public boolean isEligible(final Object attributes, final TestContext context) {
                throw new IllegalStateException("boom");
            }
        });
        for (int i = 0; i < 100; i++) {
            none.offerDouble(i, null, new TestContext(i));
            throwing.offerDouble(i, null, new TestContext(i));
        }
        assertEquals(0, CollectedCopy.collect(none, true).size());
        assertEquals(0, CollectedCopy.collect(throwing, true).size());
    }

    @Test
    void filterSeesOnlyWinningCandidates() {
        final int[] asked = new int[1];
        final ExemplarReservoir<TestContext> reservoir = FixedSizeUniformReservoir.create(SlotArena.create(), 1,
            new TestContext.Capturer() {
                @Override
                public boolean isEligible(final Object attributes, final TestContext context) {
                    asked[0]++;
                    return true;
                }
            });
        final int offers = 100_000;
        for (int i = 0; i < offers; i++) {
            reservoir.offerDouble(i, null, new TestContext(i));
        }
        // Expected winning candidates for k = 1: the harmonic number H(n) ~ ln(n) + 0.58 = 12.1.
        assertTrue(asked[0] >= 1 && asked[0] < 60, "filter asked " + asked[0] + " times for " + offers + " offers");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void offersAfterCloseAreIgnored(final Kind kind) {
        final ExemplarReservoir<TestContext> reservoir = kind.create();
        reservoir.offerDouble(1, null, new TestContext(1));
        reservoir.close();
        reservoir.offerDouble(2, null, new TestContext(2));
        reservoir.offerLong(3, null, new TestContext(3));
        assertEquals(0, CollectedCopy.collect(reservoir, true).size());
        assertEquals(0, CollectedCopy.collect(reservoir, true).size());
        reservoir.offerDouble(2, null, new TestContext(2));
        assertEquals(0, CollectedCopy.collect(reservoir, false).size(), "a reset must not reopen a closed reservoir");
    }

    @Test
    void fixedSizeKeepsEveryOfferUntilFullThenExactlyK() {
        final FixedSizeUniformReservoir<TestContext> reservoir =
            FixedSizeUniformReservoir.create(SlotArena.create(), 4, TestContext.CAPTURER);
        for (int i = 0; i < 3; i++) {
            reservoir.offerLong(i, null, new TestContext(i));
        }
        assertEquals(3, CollectedCopy.collect(reservoir, false).size());
        for (int i = 3; i < 10_000; i++) {
            reservoir.offerLong(i, null, new TestContext(i));
        }
        final List<CollectedCopy> out = CollectedCopy.collect(reservoir, true);
        assertEquals(4, out.size());
        final Set<Long> offers = new HashSet<>();
        final Set<Integer> indices = new HashSet<>();
        for (final CollectedCopy e : out) {
            assertTrue(e.cameFrom(e.longValueBits), "payload belongs to the offer of its value");
            offers.add(e.longValueBits);
            indices.add(e.index);
        }
        assertEquals(4, offers.size());
        assertEquals(Set.of(0, 1, 2, 3), indices);
    }

    @Test
    void lastSeenKeepsTheLatestOfferPerBucket() {
        final AlignedLastSeenReservoir<TestContext> reservoir =
            AlignedLastSeenReservoir.create(SlotArena.create(), BOUNDARIES, TestContext.CAPTURER);
        for (int i = 0; i < 100; i++) {
            reservoir.offerDouble(1 + (i % 4), null, new TestContext(i));
        }
        final List<CollectedCopy> out = CollectedCopy.collect(reservoir, true);
        assertEquals(1, out.size());
        assertTrue(out.get(0).cameFrom(99));
    }

    @Test
    void offerToBucketUsesTheGivenBucketAndDropsOutOfRangeIndices() {
        final AlignedUniformReservoir<TestContext> reservoir =
            AlignedUniformReservoir.create(SlotArena.create(), BOUNDARIES, TestContext.CAPTURER);
        reservoir.offerDoubleToBucket(-1, 1, null, new TestContext(1));
        reservoir.offerDoubleToBucket(4, 1, null, new TestContext(1));
        reservoir.offerLongToBucket(17, 1, null, new TestContext(1));
        reservoir.offerDoubleToBucket(1, Double.NaN, null, new TestContext(1));
        assertEquals(0, CollectedCopy.collect(reservoir, true).size());
        reservoir.offerDoubleToBucket(3, 42, null, new TestContext(5));
        reservoir.offerLongToBucket(0, -3, null, new TestContext(6));
        final List<CollectedCopy> out = CollectedCopy.collect(reservoir, true);
        assertEquals(2, out.size());
        assertEquals(0, out.get(0).index);
        assertEquals(-3, out.get(0).longValueBits);
        assertEquals(3, out.get(1).index);
    }

    @Test
    void uniformBucketKeepsOneOfItsOwnOffers() {
        final AlignedUniformReservoir<TestContext> reservoir =
            AlignedUniformReservoir.create(SlotArena.create(), BOUNDARIES, TestContext.CAPTURER);
        for (int i = 0; i < 1000; i++) {
            reservoir.offerLong(i % 20, null, new TestContext(i));
        }
        final List<CollectedCopy> out = CollectedCopy.collect(reservoir, true);
        assertEquals(4, out.size());
        for (final CollectedCopy e : out) {
            assertEquals(BOUNDARIES.bucketIndex(e.longValueBits), e.index);
            final long offer = e.epochNanos - new TestContext(0).epochNanos();
            assertEquals(offer % 20, e.longValueBits);
            assertTrue(e.cameFrom(offer));
        }
    }

    @Test
    void aWeightedReservoirWhoseRunHeldAnotherSeriesPayloadKeepsItsOffers() {
        // One ring's worth of slots: the weighted reservoir (header + 3) gets the run the aligned one
        // (4 buckets) used, whose bucket 0 held a trace id that reads as 2^1023 where the weighted
        // header keeps its reject scale. A new lease must not inherit it: it would reject everything.
        final SlotArena arena = SlotArena.create(4, 1);
        final AlignedUniformReservoir<TestContext> aligned =
            AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3), TestContext.CAPTURER);
        final long hugeTraceIdHigh = 0x6FE0_0000_0000_0000L; // | 0x1000... in TestContext: 0x7FE0... = 2^1023
        aligned.offerDouble(0.5, null, new TestContext(hugeTraceIdHigh));
        assertEquals(1, CollectedCopy.collect(aligned, true).size()); // kept, empty
        assertEquals(0, CollectedCopy.collect(aligned, true).size()); // idle: the run goes back
        assertEquals(0, arena.bytesInUse());

        // Its first winner claims the run but stores nothing (its capturer throws): the threshold,
        // and with it the reject scale, is never published before the next offers read the header.
        final ExemplarCapturer<TestContext> failingOnce = new TestContext.Capturer() {
            @Override
            public long epochNanos(final TestContext context) {
                if (context.offer == 1) {
                    throw new IllegalStateException("offer 1 cannot be captured");
                }
                return super.epochNanos(context);
            }
        };
        final ValueWeightedReservoir<TestContext> weighted = ValueWeightedReservoir.create(arena, 3, failingOnce);
        weighted.offerDouble(1.0, null, new TestContext(1));
        assertEquals(4 * SlotLayout.SLOT_LENGTH, arena.bytesInUse(), "the first winner claimed the run");
        weighted.offerDouble(2.0, null, new TestContext(2));
        weighted.offerDouble(3.0, null, new TestContext(3));
        final List<CollectedCopy> kept = CollectedCopy.collect(weighted, true);
        assertEquals(2, kept.size(), "a reservoir with free slots keeps every positive offer it can capture");
        assertEquals(0, arena.refusals());
    }
}
