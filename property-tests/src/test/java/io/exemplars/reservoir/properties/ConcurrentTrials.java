package io.exemplars.reservoir.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The multi-threaded experiment: {@code T} recording threads share one sampler; in each interval
 * they offer the interval's {@code n} offers between them, each offer taking the next position of
 * the global arrival order from a shared counter ({@code getAndIncrement}) just before it is
 * offered. When every thread has run out of positions, the last one to arrive at the barrier
 * collects with reset, hands the kept exemplars to the tally and rewinds the counter; then the next
 * interval starts.
 *
 * <p>Why this shape: the position is taken from one atomic counter, so it is the offer's place in
 * one global order across threads, and a sampler biased toward early or late arrivals (per thread
 * or overall) shows up in where the kept positions fall. The barrier makes each interval exact:
 * every offer of interval {@code i} happens before its collect, and none of interval {@code i + 1}
 * does. A {@link CyclicBarrier} parks waiting threads, which is right on a machine with fewer
 * cores than threads (spinning would steal the CPU from the threads still offering); a start gate
 * then lines the threads up before the interval's first position is taken.
 *
 * <p>The run also measures how much the threads really interleaved (how often consecutive
 * positions went to different threads), so a property can insist the run was concurrent at all.
 */
final class ConcurrentTrials {
    private final SamplerFactory factory;
    private final Offer[] offers;
    private final int threads;

    /**
     * @param factory makes the sampler under test
     * @param offers  the offers of one interval, indexed by arrival position
     * @param threads recording threads, at least 1
     */
    ConcurrentTrials(final SamplerFactory factory, final Offer[] offers, final int threads) {
        this.factory = factory;
        this.offers = offers;
        this.threads = threads;
    }

    /**
     * The start gate of an interval: every thread checks in, then waits until all have. Without it
     * the thread that trips the barrier would start offering while the others are still being
     * woken (tens of microseconds), and could take most of the interval's positions alone. The wait
     * is a short spin that yields, so on a machine with fewer cores than threads the threads still
     * being scheduled get the CPU.
     */
    private static void startTogether(final AtomicInteger checkedIn, final int allCheckedIn,
                                      final CyclicBarrier endOfInterval) throws BrokenBarrierException {
        checkedIn.incrementAndGet();
        while (checkedIn.get() < allCheckedIn) {
            if (endOfInterval.isBroken()) {
                throw new BrokenBarrierException(); // another thread failed: it will never check in
            }
            Thread.yield();
        }
    }

    /**
     * Runs {@code trials} intervals.
     *
     * @param trials how many intervals
     * @param tally  receives each interval's kept exemplars on the thread that collected them, one
     *               interval at a time (the list is reused: read, don't keep)
     * @return how many times, over all intervals, consecutive positions went to different threads
     */
    long run(final int trials, final Consumer<List<ExemplarSnapshot>> tally) {
        final AtomicInteger nextPosition = new AtomicInteger();
        final AtomicInteger checkedIn = new AtomicInteger();
        final int[] takenBy = new int[offers.length];
        final long[] switches = new long[1];
        final List<ExemplarSnapshot> kept = new ArrayList<>();
        final Failures failures = new Failures();
        try (SamplerUnderTest sampler = factory.create()) {
            // The barrier action runs on the last arriving thread while the others wait: the only
            // code that touches kept, takenBy's reads, switches and the tally, so none needs a lock.
            // A failure is recorded, never thrown, so every thread keeps meeting the barrier and
            // the run ends normally; the first failure is rethrown at the end.
            final CyclicBarrier endOfInterval = new CyclicBarrier(threads, () -> {
                try {
                    if (!failures.any()) {
                        kept.clear();
                        sampler.collect(true, kept);
                        tally.accept(kept);
                        for (int p = 1; p < takenBy.length; p++) {
                            switches[0] += takenBy[p] != takenBy[p - 1] ? 1 : 0;
                        }
                    }
                } catch (final RuntimeException | Error e) {
                    failures.add(e);
                } finally {
                    nextPosition.set(0);
                }
            });
            final Thread[] recorders = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                final int id = t;
                recorders[t] = new Thread(() -> {
                    try {
                        for (int trial = 0; trial < trials; trial++) {
                            startTogether(checkedIn, threads * (trial + 1), endOfInterval);
                            try {
                                int position;
                                while (!failures.any() && (position = nextPosition.getAndIncrement()) < offers.length) {
                                    takenBy[position] = id;
                                    sampler.offer(offers[position]);
                                }
                            } catch (final RuntimeException | Error e) {
                                failures.add(e);
                            }
                            endOfInterval.await();
                        }
                    } catch (final InterruptedException | BrokenBarrierException e) {
                        failures.add(e); // only if interrupted from outside: the barrier is broken for all
                    }
                }, "recorder-" + t);
                recorders[t].start();
            }
            for (final Thread recorder : recorders) {
                recorder.join();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the recording threads", e);
        }
        failures.rethrow();
        return switches[0];
    }

    /** Failures of the recording threads, first one first. */
    private static final class Failures {
        private final List<Throwable> list = new ArrayList<>();
        private volatile boolean any;

        synchronized void add(final Throwable failure) {
            list.add(failure);
            any = true;
        }

        boolean any() {
            return any;
        }

        synchronized void rethrow() {
            if (!list.isEmpty()) {
                final AssertionError error = new AssertionError("the concurrent run failed", list.get(0));
                list.stream().skip(1).forEach(error::addSuppressed);
                throw error;
            }
        }
    }
}
