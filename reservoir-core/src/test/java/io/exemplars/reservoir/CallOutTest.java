package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16: user code (filters, capturers, afterStore) never runs under our locks, and cannot re-enter. */
class CallOutTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** A series filter that records into another reservoir (a metric of its own decisions) before it answers. */
    private static final class RecordingFilter implements SeriesFilter<TestContext> {
        private final AtomicInteger calls = new AtomicInteger();
        volatile ExemplarReservoir<TestContext> target;

        @Override
        public boolean test(final double value, final Object attributes, final TestContext context) {
            calls.incrementAndGet();
            target.offerDouble(value, null, new TestContext(context.offer + 1_000));
            return true;
        }
    }

    @Test
    void aFilterThatRecordsIntoAnotherSeriesWithTheSameFilterEndsAndItsNestedRecordKeepsNoExemplar() {
        final SlotArena arena = SlotArena.create(64, 4);
        final RecordingFilter filter = new RecordingFilter();
        final FixedSizeUniformReservoir<TestContext> a = FixedSizeUniformReservoir.create(arena, 2, TestContext.CAPTURER, filter);
        final FixedSizeUniformReservoir<TestContext> b = FixedSizeUniformReservoir.create(arena, 2, TestContext.CAPTURER, filter);
        filter.target = b; // a's filter records into b, whose filter records into b: without a guard, without end
        assertTimeoutPreemptively(DEADLINE, () -> {
            for (int i = 0; i < 100; i++) {
                a.offerDouble(i, null, new TestContext(i));
            }
        });
        final List<CollectedCopy> keptA = CollectedCopy.collect(a, true);
        assertEquals(2, keptA.size());
        assertEquals(0, CollectedCopy.collect(b, true).size(), "b is only ever offered from inside a's filter");
        // Only a's winners ask the filter: a record made from inside it never reaches b's filter (without
        // the guard, b's filter would recurse until the stack overflows: thousands of calls).
        assertTrue(filter.calls.get() >= 2 && filter.calls.get() <= 100, "filter calls: " + filter.calls.get());
    }

    @Test
    void aCapturerThatRecordsIntoItsOwnSlotUnderTheLockDoesNotDeadlock() {
        final SlotArena arena = SlotArena.create(64, 4);
        final AlignedUniformReservoir<TestContext>[] self = newArray();
        final ExemplarCapturer<TestContext> reentrant = new TestContext.Capturer() {
            @Override
            public long epochNanos(final TestContext context) {
                self[0].offerDouble(0.5, null, new TestContext(context.offer + 1_000)); // same bucket, same slot
                return context.epochNanos();
            }
        };
        self[0] = AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3), reentrant);
        assertTimeoutPreemptively(DEADLINE, () -> self[0].offerDouble(0.5, null, new TestContext(7)));
        final List<CollectedCopy> kept = CollectedCopy.collect(self[0], true);
        assertTrue(kept.size() == 1 && kept.get(0).cameFrom(7), "the outer offer is kept, the nested one is not");
    }

    @SuppressWarnings("unchecked")
    private static AlignedUniformReservoir<TestContext>[] newArray() {
        return new AlignedUniformReservoir[1];
    }

    /** afterStore runs with every lock released: a collection from another thread proceeds while it blocks. */
    @Test
    void afterStoreRunsOnceForAStoredOfferWithNoLockHeld() throws Exception {
        final SlotArena arena = SlotArena.create(64, 4);
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger afterStores = new AtomicInteger();
        final ExemplarCapturer<TestContext> blocking = new TestContext.Capturer() {
            @Override
            public boolean actsAfterStore() {
                return true;
            }

            @Override
            public void afterStore(final TestContext context) {
                afterStores.incrementAndGet();
                if (context.offer != 1) {
                    return;
                }
                inside.countDown();
                try {
                    release.await(); // blocks like a span whose setAttribute waits on I/O
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        final FixedSizeUniformReservoir<TestContext> reservoir = FixedSizeUniformReservoir.create(arena, 1, blocking);
        final Thread recorder = new Thread(() -> reservoir.offerDouble(1, null, new TestContext(1)));
        recorder.start();
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            final List<CollectedCopy> kept = CollectedCopy.collect(reservoir, true);
            assertTrue(kept.size() == 1 && kept.get(0).cameFrom(1), "collected while afterStore blocks");
            reservoir.offerDouble(2, null, new TestContext(2)); // another recorder's store, not waiting either
        });
        release.countDown();
        recorder.join(10_000);
        assertEquals(2, afterStores.get(), "once per stored offer");
        CollectedCopy.collect(reservoir, true);
        final ExemplarCapturer<TestContext> notActing = new TestContext.Capturer() {
            @Override
            public void afterStore(final TestContext context) {
                afterStores.incrementAndGet();
            }
        };
        FixedSizeUniformReservoir.create(arena, 1, notActing).offerDouble(4, null, new TestContext(4));
        assertEquals(2, afterStores.get(), "not called unless the capturer acts after a store");
    }
}
