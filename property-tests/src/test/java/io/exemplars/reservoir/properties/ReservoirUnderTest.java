package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.ExemplarReservoir;

import java.util.List;

/**
 * A core reservoir seen as a {@link SamplerUnderTest}: offers go straight to it, collects copy each
 * exemplar into an {@link ExemplarSnapshot}.
 */
final class ReservoirUnderTest implements SamplerUnderTest {
    private final ExemplarReservoir<Offer> reservoir;

    ReservoirUnderTest(final ExemplarReservoir<Offer> reservoir) {
        this.reservoir = reservoir;
    }

    @Override
    public void offer(final Offer offer) {
        offer.offerTo(reservoir);
    }

    @Override
    public void collect(final boolean reset, final List<ExemplarSnapshot> into) {
        reservoir.collect(ExemplarSnapshot.INTO_LIST, into, reset);
    }

    @Override
    public void close() {
        reservoir.close();
    }

    @Override
    public String toString() {
        return reservoir.toString();
    }
}
