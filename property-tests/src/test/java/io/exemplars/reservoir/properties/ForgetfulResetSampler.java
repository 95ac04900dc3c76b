package io.exemplars.reservoir.properties;

import java.util.List;

/**
 * A deliberately broken decorator, for the companion of the reset property: it ignores the reset
 * flag, so every collect is cumulative and old intervals' exemplars come back.
 */
final class ForgetfulResetSampler implements SamplerUnderTest {
    private final SamplerUnderTest delegate;

    ForgetfulResetSampler(final SamplerUnderTest delegate) {
        this.delegate = delegate;
    }

    @Override
    public void offer(final Offer offer) {
        delegate.offer(offer);
    }

    @Override
    public void collect(final boolean reset, final List<ExemplarSnapshot> into) {
        delegate.collect(false, into); // the bug on purpose: the reset is dropped
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate + " with its resets ignored";
    }
}
