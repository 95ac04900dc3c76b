package io.exemplars.reservoir.properties;

import java.util.Arrays;
import java.util.List;

/**
 * A deliberately biased fixed-size sampler, for the companion tests: it keeps the first {@code k}
 * offers of each interval, the classic mistake of a reservoir that fills up and then stops looking.
 * Its bias is toward the start of the interval, the mirror image of the last-seen reservoir's.
 *
 * <p>Correct in everything but the sampling (never torn, resets cleanly), so a property that fails
 * on it fails because of its bias. A test double, not a production sampler: it simply synchronizes
 * every call, since its cost is irrelevant.
 */
final class FirstKSampler implements SamplerUnderTest {
    private final Offer[] kept;
    private int count;

    /**
     * @param k how many offers to keep per interval
     */
    FirstKSampler(final int k) {
        this.kept = new Offer[k];
    }

    @Override
    public synchronized void offer(final Offer offer) {
        if (count < kept.length) {
            kept[count++] = offer;
        }
    }

    @Override
    public synchronized void collect(final boolean reset, final List<ExemplarSnapshot> into) {
        for (int i = 0; i < count; i++) {
            into.add(ExemplarSnapshot.of(i, kept[i]));
        }
        if (reset) {
            Arrays.fill(kept, null);
            count = 0;
        }
    }

    @Override
    public void close() {
        // on-heap only: nothing to release
    }

    @Override
    public String toString() {
        return "FirstKSampler{k=" + kept.length + "}";
    }
}
