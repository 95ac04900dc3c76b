package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.BucketBoundaries;
import io.exemplars.reservoir.SeededSampling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The seeding the properties rely on ({@link SamplerSeedExtension}): the reservoirs' own draws
 * repeat from a seed, for every kind of draw (random keys, weighted keys, tie-breaks between equal
 * value keys), on the test's thread and on a thread it starts; another seed draws other picks.
 */
class SeededSamplingTest {
    private static final long SEED = 0x5EED_0042L;
    private static final long OFFER_SEED = 0x5EED_0043L;
    /** Intervals per run: the chance that two seeds agree on all of them is negligible. */
    private static final int TRIALS = 200;
    private static final int OFFERS = 40;

    static Stream<Arguments> samplers() {
        final Offer[] numbered = SequentialTrials.numberedOffers(OFFER_SEED, OFFERS);
        final Offer[] allEqual = new Offer[OFFERS];
        for (int i = 0; i < OFFERS; i++) {
            allEqual[i] = Offer.ofDouble(OFFER_SEED, i, 1.0); // equal value keys: only tie-breaks choose
        }
        return Stream.of(
            Arguments.of(SamplerFactory.fixedSizeUniform(3), numbered),
            Arguments.of(SamplerFactory.alignedUniform(BucketBoundaries.of(10, 20, 30)), numbered),
            Arguments.of(SamplerFactory.weightedByValue(3), numbered),
            Arguments.of(SamplerFactory.slowest(2), allEqual),
            Arguments.of(SamplerFactory.alignedSlowest(BucketBoundaries.of(10)), allEqual));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void theSameSeedDrawsTheSamePicks(final SamplerFactory factory, final Offer[] offers) {
        SeededSampling.reseed(SEED);
        final List<List<Long>> first = picks(factory, offers);
        SeededSampling.reseed(SEED);
        assertEquals(first, picks(factory, offers), "the same seed, the same picks in every interval");
        SeededSampling.reseed(SEED + 1);
        assertNotEquals(first, picks(factory, offers), "another seed, other picks");
    }

    @Test
    void aThreadStartedAfterTheSeedDrawsAStreamSplitFromIt() throws InterruptedException {
        final SamplerFactory factory = SamplerFactory.fixedSizeUniform(3);
        final Offer[] offers = SequentialTrials.numberedOffers(OFFER_SEED, OFFERS);
        SeededSampling.reseed(SEED);
        final List<List<Long>> first = picksOnANewThread(factory, offers);
        SeededSampling.reseed(SEED);
        assertEquals(first, picksOnANewThread(factory, offers), "the same seed, the same stream for the started thread");
        SeededSampling.reseed(SEED);
        assertNotEquals(first, picks(factory, offers), "the started thread's stream is not its starter's");
    }

    /** Each interval's kept offers, by span id (unique per offer), in the order the collect gives them. */
    private static List<List<Long>> picks(final SamplerFactory factory, final Offer[] offers) {
        final List<List<Long>> picks = new ArrayList<>();
        SequentialTrials.run(factory, offers, TRIALS, kept -> {
            final List<Long> interval = new ArrayList<>();
            kept.forEach(exemplar -> interval.add(exemplar.spanId()));
            picks.add(interval);
        });
        return picks;
    }

    private static List<List<Long>> picksOnANewThread(final SamplerFactory factory, final Offer[] offers)
        throws InterruptedException {
        final AtomicReference<List<List<Long>>> picks = new AtomicReference<>();
        final Thread thread = new Thread(() -> picks.set(picks(factory, offers)), "seeded-sampler");
        thread.start();
        thread.join();
        return picks.get();
    }
}
