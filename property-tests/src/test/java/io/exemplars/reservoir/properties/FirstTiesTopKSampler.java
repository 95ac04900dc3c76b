package io.exemplars.reservoir.properties;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A deliberately biased "slowest k" sampler, for the companion tests: it keeps the {@code k}
 * largest values exactly, but breaks ties by arrival, keeping the first of equal values (a newcomer
 * must be strictly larger than the smallest kept value to enter), the natural mistake of a top-k
 * heap. Synchronized, never torn, resets cleanly: only its tie-breaking is wrong.
 */
final class FirstTiesTopKSampler implements SamplerUnderTest {
    private static final Comparator<Offer> BY_VALUE = Comparator.comparingDouble(FirstTiesTopKSampler::value);

    private final int k;
    private final List<Offer> kept = new ArrayList<>();

    /**
     * @param k how many offers to keep per interval
     */
    FirstTiesTopKSampler(final int k) {
        this.k = k;
    }

    private static double value(final Offer offer) {
        return offer.isLong() ? offer.longValue() : offer.doubleValue();
    }

    @Override
    public synchronized void offer(final Offer offer) {
        if (kept.size() < k) {
            kept.add(offer);
            return;
        }
        final Offer smallest = kept.stream().min(BY_VALUE).orElseThrow();
        if (value(offer) > value(smallest)) {
            kept.set(kept.indexOf(smallest), offer);
        }
    }

    @Override
    public synchronized void collect(final boolean reset, final List<ExemplarSnapshot> into) {
        for (int i = 0; i < kept.size(); i++) {
            into.add(ExemplarSnapshot.of(i, kept.get(i)));
        }
        if (reset) {
            kept.clear();
        }
    }

    @Override
    public void close() {
        // on-heap only
    }

    @Override
    public String toString() {
        return "FirstTiesTopKSampler{k=" + k + "}";
    }
}
