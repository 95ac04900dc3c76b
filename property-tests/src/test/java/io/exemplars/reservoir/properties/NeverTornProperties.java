package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.BucketBoundaries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Never torn: while two threads offer and a third collects (alternately with and without reset),
 * every collected exemplar's value, time, trace id, span id, flags and attributes come from one
 * offer. Each offer's fields are derived from its number ({@link Offer#numbered}), so
 * {@link OfferConsistency} can tell a mix of two offers from either.
 *
 * <p>Not a statistical property: one torn exemplar fails it. Two companions show the check has
 * teeth: hand-made exemplars mixing two offers' fields are reported field by field, and a
 * deliberately unsynchronized sampler ({@link RacySampler}) run through the same concurrent
 * harness is caught tearing.
 */
class NeverTornProperties {
    /** Each reservoir is hammered at least this long... */
    private static final long MIN_RUN_MILLIS = 100;
    /** ...and on until {@value #MIN_COLLECTED} exemplars were checked, but never longer than this. */
    private static final long MAX_RUN_MILLIS = 2_000;
    /** Offers per recording thread's pool; thread {@code t} offers numbers {@code t*POOL ..}. */
    private static final int POOL = 4_096;
    private static final int RECORDERS = 2;
    /** A run must check at least this many exemplars, or it proved nothing. */
    private static final int MIN_COLLECTED = 500;
    /** Pause between collects (see {@link #pause()}). */
    private static final long PAUSE_NANOS = 2_000;
    /** Sixteen slots refill after each reset: many locked writes for a collect to overlap. */
    private static final int K = 16;
    /** Sixteen buckets over the offer numbers 0 .. 8191 (the values), 512 numbers each. */
    private static final BucketBoundaries NUMBER_BUCKETS = BucketBoundaries.of(
        511.5, 1023.5, 1535.5, 2047.5, 2559.5, 3071.5, 3583.5, 4095.5, 4607.5, 5119.5, 5631.5, 6143.5,
        6655.5, 7167.5, 7679.5);
    private static final long OFFER_SEED = 0x5EED_0005L;
    private static final String SEED = "20261126";

    @Provide
    Arbitrary<SamplerFactory> coreReservoirs() {
        return Arbitraries.of(SamplerFactory.fixedSizeUniform(K), SamplerFactory.alignedUniform(NUMBER_BUCKETS),
            SamplerFactory.alignedLastSeen(NUMBER_BUCKETS));
    }

    @Property(seed = SEED, generation = GenerationMode.EXHAUSTIVE, shrinking = ShrinkingMode.OFF)
    void collectedExemplarsAreNeverTorn(@ForAll("coreReservoirs") final SamplerFactory reservoir) {
        final HuntResult result = hunt(reservoir);
        System.out.println(reservoir + ", never torn: " + result);
        assertTrue(result.collected() >= MIN_COLLECTED, () -> "too few exemplars collected to prove anything: " + result);
        assertEquals(List.of(), result.tornExamples(), () -> "torn exemplars: " + result);
    }

    @Property(tries = 1, seed = SEED, shrinking = ShrinkingMode.OFF)
    void companionCatchesAnUnsynchronizedSampler() {
        final SamplerFactory racy = new SamplerFactory("RacySampler", RacySampler::new);
        final HuntResult result = hunt(racy);
        System.out.println(racy + " (broken on purpose), never torn: " + result);
        assertTrue(result.torn() > 0, () -> "the harness failed to catch a sampler that tears: " + result);
    }

    @Property(tries = 200, seed = SEED)
    void companionCheckReportsExactlyTheFieldsFromAnotherOffer(
        @ForAll @LongRange(min = 0, max = 1L << 40) final long baseNumber,
        @ForAll @LongRange(min = 0, max = 1L << 40) final long donorNumber,
        @ForAll final Set<ExemplarField> fromDonor,
        @ForAll final boolean attributesFromDonor) {
        Assume.that(baseNumber != donorNumber);
        final ExemplarSnapshot base = ExemplarSnapshot.of(0, Offer.numbered(OFFER_SEED, baseNumber, 0));
        final ExemplarSnapshot donor = ExemplarSnapshot.of(0, Offer.numbered(OFFER_SEED, donorNumber, 0));
        final ExemplarSnapshot torn = splice(base, donor, fromDonor, attributesFromDonor);
        // Relative to the offer the attributes name, the fields taken from the other offer are torn,
        // except one that happens to be equal in both (the 8-bit flags, 1 time in 256).
        final Set<ExemplarField> expected = EnumSet.noneOf(ExemplarField.class);
        for (final ExemplarField field : ExemplarField.values()) {
            if (fromDonor.contains(field) != attributesFromDonor && !field.of(base).equals(field.of(donor))) {
                expected.add(field);
            }
        }
        assertEquals(expected, OfferConsistency.tornFields(torn), () -> "spliced " + torn);
        assertEquals(Set.of(), OfferConsistency.tornFields(base));
    }

    /** An exemplar with the chosen fields (and maybe the attributes) of {@code donor}, the rest of {@code base}. */
    private static ExemplarSnapshot splice(final ExemplarSnapshot base, final ExemplarSnapshot donor,
                                           final Set<ExemplarField> fromDonor, final boolean attributesFromDonor) {
        final ExemplarSnapshot value = fromDonor.contains(ExemplarField.VALUE) ? donor : base;
        return new ExemplarSnapshot(base.index(), value.longValue(), value.asLong(), value.asDouble(),
            (fromDonor.contains(ExemplarField.EPOCH_NANOS) ? donor : base).epochNanos(),
            (fromDonor.contains(ExemplarField.TRACE_ID_HIGH) ? donor : base).traceIdHigh(),
            (fromDonor.contains(ExemplarField.TRACE_ID_LOW) ? donor : base).traceIdLow(),
            (fromDonor.contains(ExemplarField.SPAN_ID) ? donor : base).spanId(),
            (fromDonor.contains(ExemplarField.TRACE_FLAGS) ? donor : base).traceFlags(),
            (attributesFromDonor ? donor : base).attributes());
    }

    /**
     * What a concurrent run saw.
     *
     * @param offers       offers made by the recording threads
     * @param collects     collects made while they ran
     * @param collected    exemplars collected
     * @param torn         of which torn
     * @param tornExamples the first few torn exemplars, with the fields that do not match
     */
    record HuntResult(long offers, long collects, long collected, long torn, List<String> tornExamples) {
        @Override
        public String toString() {
            return offers + " offers, " + collects + " collects, " + collected + " exemplars collected, " + torn
                + " torn" + (tornExamples.isEmpty() ? "" : " e.g. " + tornExamples);
        }
    }

    /**
     * The harness: {@value #RECORDERS} threads offer their pools round and round while this thread
     * collects, alternating reset and no reset, and checks every exemplar; for at least
     * {@value #MIN_RUN_MILLIS} ms, then until {@value #MIN_COLLECTED} exemplars were checked (on a
     * loaded machine the recorders may get little CPU), at most {@value #MAX_RUN_MILLIS} ms.
     */
    static HuntResult hunt(final SamplerFactory factory) {
        final Offer[][] pools = new Offer[RECORDERS][POOL];
        for (int t = 0; t < RECORDERS; t++) {
            for (int i = 0; i < POOL; i++) {
                pools[t][i] = Offer.numbered(OFFER_SEED, (long) t * POOL + i, 0);
            }
        }
        final AtomicBoolean running = new AtomicBoolean(true);
        final CountDownLatch started = new CountDownLatch(RECORDERS);
        final long[] offersPerThread = new long[RECORDERS];
        final List<ExemplarSnapshot> kept = new ArrayList<>();
        final List<String> tornExamples = new ArrayList<>();
        long collects = 0;
        long collected = 0;
        long torn = 0;
        try (SamplerUnderTest sampler = factory.create()) {
            final Thread[] recorders = new Thread[RECORDERS];
            for (int t = 0; t < RECORDERS; t++) {
                final Offer[] pool = pools[t];
                final int id = t;
                recorders[t] = new Thread(() -> {
                    started.countDown();
                    long offers = 0;
                    // The volatile read of running is the only synchronization the recorder does;
                    // everything it shares with the collector goes through the sampler.
                    while (running.get()) {
                        sampler.offer(pool[(int) (offers++ & (POOL - 1))]);
                    }
                    offersPerThread[id] = offers; // published to the collector by join()
                }, "recorder-" + t);
                recorders[t].start();
            }
            await(started);
            final long start = System.nanoTime();
            final long minEnd = start + TimeUnit.MILLISECONDS.toNanos(MIN_RUN_MILLIS);
            final long maxEnd = start + TimeUnit.MILLISECONDS.toNanos(MAX_RUN_MILLIS);
            for (long now = start; now < minEnd || (collected < MIN_COLLECTED && now < maxEnd); now = System.nanoTime()) {
                kept.clear();
                sampler.collect((collects & 1) == 0, kept);
                collects++;
                pause(); // leave the recorders time to take the lock and refill between collects
                for (final ExemplarSnapshot exemplar : kept) {
                    collected++;
                    final Set<ExemplarField> fields = OfferConsistency.tornFields(exemplar);
                    if (!fields.isEmpty()) {
                        torn++;
                        if (tornExamples.size() < 3) {
                            tornExamples.add(exemplar + " differs from " + exemplar.attributes() + " in " + fields);
                        }
                    }
                }
            }
            running.set(false);
            for (final Thread recorder : recorders) {
                join(recorder);
            }
        }
        long offers = 0;
        for (final long count : offersPerThread) {
            offers += count;
        }
        return new HuntResult(offers, collects, collected, torn, tornExamples);
    }

    /**
     * Spins for {@value #PAUSE_NANOS} ns. A collector that re-locks immediately keeps winning the
     * lock it just released (the line is still in its cache) and starves the recorders' accepts,
     * which are the writes a collect could tear; yielding or parking instead would deschedule it
     * for a whole time slice.
     */
    private static void pause() {
        final long until = System.nanoTime() + PAUSE_NANOS;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void join(final Thread thread) {
        try {
            thread.join();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
