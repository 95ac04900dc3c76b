package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.AlignedSlowestReservoir;
import io.exemplars.reservoir.AlignedUniformReservoir;
import io.exemplars.reservoir.BucketBoundaries;
import io.exemplars.reservoir.ManualClockRetention;
import io.exemplars.reservoir.SeriesFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.exemplars.reservoir.properties.RetentionProperties.INTERVAL;
import static io.exemplars.reservoir.properties.RetentionProperties.MAX_AGE;
import static io.exemplars.reservoir.properties.RetentionProperties.START;
import static io.exemplars.reservoir.properties.RetentionProperties.STEPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention on the aligned reservoirs ({@code ReservoirSpec.alignedUniform().retainFor},
 * {@code alignedSlowest().retainFor}): the checks of {@link RetentionProperties}, bucket by bucket.
 * Manual clock (also the capture time, {@link ClockCapturer}); {@code maxAge} = 10 s, intervals 5 s.
 *
 * <p><b>Two collectors, sparse stream.</b> {@link RetentionProperties#sparseRun} on four buckets
 * ({@code [100, 400, 800]}, values 1 to 1000): two threads collect at the same moment after each
 * step; they must see the same exemplars, none older than {@code maxAge}, and a collection with no
 * offer since the previous one must lose nothing that has not expired. Companions: the aligned
 * uniform reservoir without retention, reset at every collection, fails "the same exemplars"; never
 * reset, it fails "none older than maxAge".
 *
 * <p><b>Per-interval uniformity, per bucket.</b> In each of {@value #INTERVALS} clock intervals the
 * retaining aligned uniform reservoir gets {@value #PER_INTERVAL} offers alternating between two
 * buckets ({@value #PER_BUCKET} each), is collected in the middle of the interval (nothing reset)
 * and again in the next interval, whose first collection rotates and must export each bucket's pick
 * of the interval just ended. The pick's position among its bucket's offers is tested with
 * chi-square at p = 0.001 over the two independent groups (df = 2 ({@value #PER_BUCKET} - 1),
 * {@value #INTERVALS} / {@value #PER_BUCKET} = 120 expected per cell). Companion: a per-bucket
 * sampler that keeps a bucket's first offer and is never reset
 * ({@link FirstTiesPerBucketSampler} on equal values) is rejected by the same check.
 */
class AlignedRetentionProperties {
    private static final long SEED = 20261205L;
    private static final long OFFER_SEED = 0x5EED_0152L;
    private static final int CASES = 4;
    private static final BucketBoundaries SPARSE_BOUNDARIES = BucketBoundaries.of(100, 400, 800);
    /** Two buckets, (-inf, 10] and (10, +inf). */
    private static final BucketBoundaries TWO_BUCKETS = BucketBoundaries.of(10);
    private static final double[] BUCKET_VALUES = {1.0, 100.0};
    private static final int PER_INTERVAL = 10;
    private static final int PER_BUCKET = PER_INTERVAL / 2;
    private static final int INTERVALS = 600;

    static Stream<SeededCase> cases() {
        return SeededCase.stream(SEED, CASES);
    }

    static RetentionProperties.ClockedSampler retainingAlignedUniform(final BucketBoundaries boundaries) {
        return new RetentionProperties.ClockedSampler("AlignedUniformReservoir" + boundaries + ", retainFor 10 s",
            clock -> new ReservoirUnderTest(AlignedUniformReservoir.create(SamplerFactory.arena(), boundaries,
                new ClockCapturer(clock), SeriesFilter.acceptAll(), ManualClockRetention.of(MAX_AGE, clock))));
    }

    static RetentionProperties.ClockedSampler retainingAlignedSlowest(final BucketBoundaries boundaries) {
        return new RetentionProperties.ClockedSampler("AlignedSlowestReservoir" + boundaries + ", retainFor 10 s",
            clock -> new ReservoirUnderTest(AlignedSlowestReservoir.create(SamplerFactory.arena(), boundaries,
                new ClockCapturer(clock), SeriesFilter.acceptAll(), ManualClockRetention.of(MAX_AGE, clock))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void twoConcurrentCollectorsShareEveryBucketsExemplarNoneTooOld(final SeededCase seeded) {
        for (final RetentionProperties.ClockedSampler sampler : List.of(retainingAlignedUniform(SPARSE_BOUNDARIES),
            retainingAlignedSlowest(SPARSE_BOUNDARIES))) {
            final RetentionProperties.SparseRun run = RetentionProperties.sparseRun(sampler, seeded, false);
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
        final RetentionProperties.ClockedSampler plain = new RetentionProperties.ClockedSampler(
            "AlignedUniformReservoir, no retention, collect and reset",
            clock -> new RetentionProperties.ResettingEveryCollect(new ReservoirUnderTest(
                AlignedUniformReservoir.create(SamplerFactory.arena(), SPARSE_BOUNDARIES, new ClockCapturer(clock)))));
        final RetentionProperties.SparseRun run = RetentionProperties.sparseRun(plain, seeded, true);
        System.out.println(plain + " (companion), " + seeded + ": " + run);
        assertTrue(run.disagreements() > 0, () -> "the shared-exemplars check must be able to fail: " + run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void companionWithoutAnAgeLimitOldExemplarsAreCaught(final SeededCase seeded) {
        final RetentionProperties.ClockedSampler keepsForever = new RetentionProperties.ClockedSampler(
            "AlignedSlowestReservoir, no retention, never reset",
            clock -> new ReservoirUnderTest(AlignedSlowestReservoir.create(SamplerFactory.arena(), SPARSE_BOUNDARIES,
                new ClockCapturer(clock))));
        final RetentionProperties.SparseRun run = RetentionProperties.sparseRun(keepsForever, seeded, false);
        System.out.println(keepsForever + " (companion), " + seeded + ": " + run);
        assertTrue(run.tooOld() > 0, () -> "the age check must be able to fail: " + run);
    }

    @Test
    void eachIntervalsPickIsUniformOverItsBucketsOffers() {
        final UniformityVerdict verdict = intervalVerdict(retainingAlignedUniform(TWO_BUCKETS));
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @Test
    void companionDetectsAFirstSeenPerBucketSamplerThatIsNeverReset() {
        final UniformityVerdict verdict = intervalVerdict(new RetentionProperties.ClockedSampler(
            "FirstTiesPerBucketSampler (biased: first seen per bucket, never reset)",
            clock -> new FirstTiesPerBucketSampler(TWO_BUCKETS)));
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    private static UniformityVerdict intervalVerdict(final RetentionProperties.ClockedSampler factory) {
        return UniformityCheck.check(factory + ", position of each bucket's exported pick among its "
            + PER_BUCKET + " offers of the interval, " + INTERVALS + " intervals", () -> {
                final CellCounts counts = CellCounts.ofIndependentGroups(PER_BUCKET, PER_BUCKET);
                final AtomicLong clock = new AtomicLong(START);
                final List<ExemplarSnapshot> kept = new ArrayList<>();
                try (SamplerUnderTest sampler = factory.maker().apply(clock::get)) {
                    for (int interval = 0; interval < INTERVALS; interval++) {
                        final long start = START + interval * INTERVAL;
                        for (int i = 0; i < PER_INTERVAL; i++) {
                            clock.set(start + (i + 1) * (INTERVAL / (PER_INTERVAL + 2)));
                            sampler.offer(Offer.ofDouble(OFFER_SEED, (long) interval * PER_INTERVAL + i,
                                BUCKET_VALUES[i % 2]));
                            if (i == PER_INTERVAL / 2) {
                                kept.clear();
                                sampler.collect(false, kept); // mid-interval: takes nothing away
                            }
                        }
                        clock.set(start + INTERVAL + 1); // the next interval: this collection rotates
                        kept.clear();
                        sampler.collect(false, kept);
                        assertEquals(2, kept.size(), "each bucket's pick of the interval just ended is exported");
                        for (final ExemplarSnapshot exemplar : kept) {
                            final int position = (int) (exemplar.offer().number() % PER_INTERVAL);
                            assertEquals(exemplar.index(), position % 2, "an exemplar of its own bucket");
                            counts.add(exemplar.index(), position / 2);
                        }
                    }
                }
                return counts;
            });
    }
}
