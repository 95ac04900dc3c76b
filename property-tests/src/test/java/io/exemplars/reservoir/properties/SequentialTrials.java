package io.exemplars.reservoir.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The single-threaded experiment: a fresh sampler sees the same offers, in the same order, in each
 * of many intervals; after each interval a resetting collect hands the kept exemplars to a tally.
 * Any difference between intervals comes from the sampler's own randomness only.
 */
final class SequentialTrials {
    private SequentialTrials() {
    }

    /**
     * @param factory makes the sampler under test
     * @param offers  the offers of one interval, in arrival order
     * @param trials  how many intervals
     * @param tally   receives each interval's kept exemplars (the list is reused: read, don't keep)
     */
    static void run(final SamplerFactory factory, final Offer[] offers, final int trials,
                    final Consumer<List<ExemplarSnapshot>> tally) {
        final List<ExemplarSnapshot> kept = new ArrayList<>();
        try (SamplerUnderTest sampler = factory.create()) {
            for (int trial = 0; trial < trials; trial++) {
                for (final Offer offer : offers) {
                    sampler.offer(offer);
                }
                kept.clear();
                sampler.collect(true, kept);
                tally.accept(kept);
            }
        }
    }

    /**
     * @param seed  the offers' seed
     * @param count how many
     * @return offers numbered {@code 0 .. count-1}, value = number, all in interval 0
     */
    static Offer[] numberedOffers(final long seed, final int count) {
        final Offer[] offers = new Offer[count];
        for (int i = 0; i < count; i++) {
            offers[i] = Offer.numbered(seed, i, 0);
        }
        return offers;
    }

    /**
     * @param expectedPerCell the least expected count per cell the test should get
     * @param cells           number of equally likely cells
     * @param observationsPerTrial how many observations one trial adds
     * @return trials enough for {@code expectedPerCell} per cell
     */
    static int trialsFor(final int expectedPerCell, final int cells, final int observationsPerTrial) {
        return (expectedPerCell * cells + observationsPerTrial - 1) / observationsPerTrial;
    }
}
