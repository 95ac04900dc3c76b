package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.FixedSizeUniformReservoir;
import io.exemplars.reservoir.ManualClockRetention;
import io.exemplars.reservoir.SeriesFilter;
import io.exemplars.reservoir.SlowestValuesReservoir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention ({@code Retention}, {@code ReservoirSpec.retainFor}): non-resetting collections share
 * the exemplars, never export one older than {@code maxAge}, and each interval's pick stays uniform.
 * The reservoirs run on a manual clock (epoch nanoseconds), which is also the capture time
 * ({@link ClockCapturer}); {@code maxAge} = 10 s, so intervals are 5 s.
 *
 * <p><b>Two collectors, sparse stream.</b> {@value #STEPS} steps of a generated case
 * ({@link SeededCase}): the clock moves on by 0 to 4 s; with probability 0.3 one or two offers
 * arrive; then two threads collect at the same time (started together by a barrier), without
 * reset. Both must see the same exemplars; none may be older than {@code maxAge}; and a collection
 * with no offer since the previous one and nothing expired must see everything the previous one
 * saw (collections take nothing away). Companion: the same run on a reservoir without retention (a
 * collection takes what it finds, as the SDK's do) fails the "same exemplars" check; one that keeps
 * its exemplars without an age limit fails the "not older than maxAge" check.
 * {@link AlignedRetentionProperties} runs the same checks on the aligned reservoirs.
 *
 * <p><b>Per-interval uniformity.</b> A uniform reservoir of k = 1: in each of {@value #INTERVALS}
 * clock intervals it is offered {@value #PER_INTERVAL} offers and collected in the middle of the
 * interval (nothing reset); the first collection of the next interval rotates, and must export the
 * previous interval's pick. Its position among the interval's offers is tested with chi-square at
 * p = 0.001 (df 9, 60 expected per cell). Companion: {@link FirstKSampler} (which, never reset,
 * keeps showing its first offer) is rejected by the same check.
 */
class RetentionProperties {
    static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final long SECOND = 1_000_000_000L;
    static final long INTERVAL = MAX_AGE.toNanos() / 2;
    /** An epoch time with interval boundaries at multiples of 5 s (2026-11-01T00:00:00Z). */
    static final long START = 1_793_491_200L * SECOND;
    private static final long SEED = 20261202L;
    private static final long OFFER_SEED = 0x5EED_0031L;
    private static final int CASES = 4;
    static final int STEPS = 300;
    private static final int PER_INTERVAL = 10;
    private static final int INTERVALS = 600;

    /** A sampler factory on a clock. */
    record ClockedSampler(String name, Function<LongSupplier, SamplerUnderTest> maker) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ClockedSampler retainingUniform(final int k) {
        return new ClockedSampler("FixedSizeUniformReservoir(k=" + k + ", retainFor 10 s)",
            clock -> new ReservoirUnderTest(FixedSizeUniformReservoir.create(SamplerFactory.arena(), k,
                new ClockCapturer(clock), SeriesFilter.acceptAll(), ManualClockRetention.of(MAX_AGE, clock))));
    }

    static ClockedSampler retainingSlowest(final int k) {
        return new ClockedSampler("SlowestValuesReservoir(k=" + k + ", retainFor 10 s)",
            clock -> new ReservoirUnderTest(SlowestValuesReservoir.create(SamplerFactory.arena(), k,
                new ClockCapturer(clock), SeriesFilter.acceptAll(), ManualClockRetention.of(MAX_AGE, clock))));
    }

    static Stream<SeededCase> cases() {
        return SeededCase.stream(SEED, CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void twoConcurrentCollectorsShareTheExemplarsOfASparseStreamNoneTooOld(final SeededCase seeded) {
        for (final ClockedSampler sampler : List.of(retainingUniform(2), retainingSlowest(1))) {
            final SparseRun run = sparseRun(sampler, seeded, false);
            System.out.println(sampler + ", " + seeded + ": " + run);
            assertEquals(0, run.disagreements(), () -> "the two collectors saw different exemplars: " + run);
            assertEquals(0, run.tooOld(), () -> "exemplars older than maxAge: " + run);
            assertEquals(0, run.takenAway(), () -> "a collection took exemplars away: " + run);
            assertTrue(run.nonEmpty() > STEPS / 4, () -> "too few collections saw an exemplar to prove anything: " + run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void companionWithoutRetentionTheCollectorsTakeFromEachOther(final SeededCase seeded) {
        final ClockedSampler plain = new ClockedSampler("FixedSizeUniformReservoir(k=2), no retention, collect and reset",
            clock -> new ResettingEveryCollect(new ReservoirUnderTest(FixedSizeUniformReservoir.create(
                SamplerFactory.arena(), 2, new ClockCapturer(clock)))));
        final SparseRun run = sparseRun(plain, seeded, true);
        System.out.println(plain + " (companion), " + seeded + ": " + run);
        assertTrue(run.disagreements() > 0, () -> "the shared-exemplars check must be able to fail: " + run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void companionWithoutAnAgeLimitOldExemplarsAreCaught(final SeededCase seeded) {
        final ClockedSampler keepsForever = new ClockedSampler("FixedSizeUniformReservoir(k=2), no retention, never reset",
            clock -> new ReservoirUnderTest(FixedSizeUniformReservoir.create(SamplerFactory.arena(), 2,
                new ClockCapturer(clock))));
        final SparseRun run = sparseRun(keepsForever, seeded, false);
        System.out.println(keepsForever + " (companion), " + seeded + ": " + run);
        assertTrue(run.tooOld() > 0, () -> "the age check must be able to fail: " + run);
    }

    /** What a sparse run observed. */
    record SparseRun(int collections, int nonEmpty, int disagreements, int tooOld, int takenAway) {
    }

    static SparseRun sparseRun(final ClockedSampler factory, final SeededCase seeded, final boolean companion) {
        final ScenarioGenerator generator = seeded.generator();
        final AtomicLong clock = new AtomicLong(START + generator.longBetween(0, INTERVAL));
        int nonEmpty = 0;
        int disagreements = 0;
        int tooOld = 0;
        int takenAway = 0;
        long number = 0;
        List<ExemplarSnapshot> previous = List.of();
        try (SamplerUnderTest sampler = factory.maker().apply(clock::get)) {
            for (int step = 0; step < STEPS; step++) {
                clock.addAndGet(generator.longBetween(0, 4 * SECOND));
                boolean offered = false;
                if (generator.intBetween(0, 9) < 3) {
                    for (int i = generator.intBetween(1, 2); i > 0; i--) {
                        sampler.offer(Offer.ofDouble(OFFER_SEED, number, generator.intBetween(1, 1000)));
                        number++;
                        offered = true;
                    }
                }
                final long now = clock.get();
                final List<List<ExemplarSnapshot>> seen = collectTogether(sampler);
                final List<Long> first = numbers(seen.get(0));
                disagreements += first.equals(numbers(seen.get(1))) ? 0 : 1;
                for (final List<ExemplarSnapshot> one : seen) {
                    tooOld += (int) one.stream().filter(e -> e.epochNanos() < now - MAX_AGE.toNanos()).count();
                }
                nonEmpty += first.isEmpty() ? 0 : 1;
                if (!offered && !companion) {
                    // With no offer since, only an exemplar that has expired may be missing now.
                    for (final ExemplarSnapshot e : previous) {
                        if (!first.contains(e.offer().number()) && e.epochNanos() >= now - MAX_AGE.toNanos()) {
                            takenAway++;
                        }
                    }
                }
                previous = seen.get(0);
            }
        }
        return new SparseRun(STEPS, nonEmpty, disagreements, tooOld, takenAway);
    }

    private static List<Long> numbers(final List<ExemplarSnapshot> exemplars) {
        return exemplars.stream().map(e -> e.offer().number()).sorted().collect(Collectors.toList());
    }

    /** Two threads collect without reset at the same moment; returns what each saw. */
    private static List<List<ExemplarSnapshot>> collectTogether(final SamplerUnderTest sampler) {
        final List<List<ExemplarSnapshot>> seen = List.of(new ArrayList<>(), new ArrayList<>());
        final CyclicBarrier start = new CyclicBarrier(2);
        final Thread[] collectors = new Thread[2];
        for (int c = 0; c < 2; c++) {
            final List<ExemplarSnapshot> into = seen.get(c);
            collectors[c] = new Thread(() -> {
                try {
                    start.await();
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
                sampler.collect(false, into);
            }, "collector-" + c);
            collectors[c].start();
        }
        for (final Thread collector : collectors) {
            try {
                collector.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return seen;
    }

    @Test
    void eachIntervalsPickIsUniformOverItsOffers() {
        final UniformityVerdict verdict = intervalVerdict(retainingUniform(1));
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @Test
    void companionDetectsAFirstSeenSamplerThatIsNeverReset() {
        final UniformityVerdict verdict = intervalVerdict(new ClockedSampler("FirstKSampler(k=1) (biased: first seen)",
            clock -> new FirstKSampler(1)));
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    private static UniformityVerdict intervalVerdict(final ClockedSampler factory) {
        return UniformityCheck.check(factory + ", position of the exported pick among its interval's "
            + PER_INTERVAL + " offers, " + INTERVALS + " intervals", () -> {
                final CellCounts counts = CellCounts.ofSingleDraws(PER_INTERVAL);
                final AtomicLong clock = new AtomicLong(START);
                final List<ExemplarSnapshot> kept = new ArrayList<>();
                try (SamplerUnderTest sampler = factory.maker().apply(clock::get)) {
                    for (int interval = 0; interval < INTERVALS; interval++) {
                        final long start = START + interval * INTERVAL;
                        for (int i = 0; i < PER_INTERVAL; i++) {
                            clock.set(start + (i + 1) * (INTERVAL / (PER_INTERVAL + 2)));
                            sampler.offer(Offer.ofDouble(OFFER_SEED, (long) interval * PER_INTERVAL + i, i));
                            if (i == PER_INTERVAL / 2) {
                                kept.clear();
                                sampler.collect(false, kept); // mid-interval: takes nothing away
                            }
                        }
                        clock.set(start + INTERVAL + 1); // the next interval: this collection rotates
                        kept.clear();
                        sampler.collect(false, kept);
                        assertEquals(1, kept.size(), "the previous interval's pick is exported");
                        counts.add((int) (kept.get(0).offer().number() % PER_INTERVAL));
                    }
                }
                return counts;
            });
    }

    /** A sampler whose every collection resets, whatever it is asked: collect-and-reset, as the SDK's reservoirs. */
    record ResettingEveryCollect(SamplerUnderTest delegate) implements SamplerUnderTest {
        @Override
        public void offer(final Offer offer) {
            delegate.offer(offer);
        }

        @Override
        public void collect(final boolean reset, final List<ExemplarSnapshot> into) {
            delegate.collect(true, into);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
