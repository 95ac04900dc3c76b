package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A series filter sees the draw winners (and only lets through what it accepts), a thinned sample of offers, and each collection. */
class SeriesFilterTest {
    private static final int OFFERS = 64_000;

    /** Accepts values above 50; observes about one offer in 64; counts everything. */
    static final class CountingFilter implements SeriesFilter<TestContext> {
        final AtomicInteger tested = new AtomicInteger();
        final AtomicInteger observed = new AtomicInteger();
        final AtomicInteger collections = new AtomicInteger();

        @Override
        public boolean test(final double value, final Object attributes, final TestContext context) {
            tested.incrementAndGet();
            return value > 50;
        }

        @Override
        public long observedKeyBound() {
            return Long.MAX_VALUE / 64;
        }

        @Override
        public void observe(final double value) {
            observed.incrementAndGet();
        }

        @Override
        public void onCollect(final boolean reset) {
            collections.incrementAndGet();
        }
    }

    @Test
    void everyReservoirAppliesItsSeriesFilterToWinnersAndShowsItAThinnedSample() {
        final List<Function<CountingFilter, ExemplarReservoir<TestContext>>> reservoirs = List.of(
            f -> AlignedUniformReservoir.create(SlotArena.create(), BucketBoundaries.of(1000), TestContext.CAPTURER, f),
            f -> FixedSizeUniformReservoir.create(SlotArena.create(), 4, TestContext.CAPTURER, f),
            f -> AlignedLastSeenReservoir.create(SlotArena.create(), BucketBoundaries.of(1000), TestContext.CAPTURER, f));
        for (final Function<CountingFilter, ExemplarReservoir<TestContext>> create : reservoirs) {
            final CountingFilter filter = new CountingFilter();
            final ExemplarReservoir<TestContext> reservoir = create.apply(filter);
            for (int i = 0; i < OFFERS; i++) {
                reservoir.offerDouble(i % 100, null, new TestContext(i));
            }
            final List<CollectedCopy> kept = CollectedCopy.collect(reservoir, true);
            assertTrue(!kept.isEmpty() && kept.stream().allMatch(e -> e.doubleValue > 50), reservoir + ": " + kept.size());
            // one in 64 expected: 1000 of 64,000, with a wide margin (binomial sd about 31)
            assertTrue(filter.observed.get() > 800 && filter.observed.get() < 1200, "observed " + filter.observed);
            assertEquals(1, filter.collections.get());
            reservoir.close();
        }
    }

    @Test
    void aThrowingSeriesFilterDropsTheCandidateAndNeverReachesTheCaller() {
        final SeriesFilter<TestContext> throwing = new SeriesFilter<>() {
            @Override
            public boolean test(final double value, final Object attributes, final TestContext context) {
                throw new IllegalStateException("boom");
            }

            @Override
            public long observedKeyBound() {
                return Long.MAX_VALUE;
            }

            @Override
            public void observe(final double value) {
                throw new IllegalStateException("boom");
            }
        };
        final ExemplarReservoir<TestContext> reservoir =
            FixedSizeUniformReservoir.create(SlotArena.create(), 2, TestContext.CAPTURER, throwing);
        for (int i = 0; i < 100; i++) {
            reservoir.offerDouble(i, null, new TestContext(i));
        }
        assertEquals(0, CollectedCopy.collect(reservoir, true).size());
    }
}
