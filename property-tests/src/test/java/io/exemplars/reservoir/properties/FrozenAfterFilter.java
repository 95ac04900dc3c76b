package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.SeriesFilter;

/**
 * A deliberately broken learning filter, for the companion of the quantile's shift property: it
 * forwards everything to a real filter but stops forwarding collections after the first
 * {@code collections}, so its threshold freezes (a rule that never rolls its window).
 */
final class FrozenAfterFilter implements SeriesFilter<Object> {
    private final SeriesFilter<Object> filter;
    private int collectionsLeft;

    FrozenAfterFilter(final SeriesFilter<Object> filter, final int collections) {
        this.filter = filter;
        this.collectionsLeft = collections;
    }

    @Override
    public boolean test(final double value, final Object attributes, final Object context) {
        return filter.test(value, attributes, context);
    }

    @Override
    public long observedKeyBound() {
        return filter.observedKeyBound();
    }

    @Override
    public void observe(final double value) {
        filter.observe(value);
    }

    @Override
    public void onCollect(final boolean reset) {
        if (collectionsLeft > 0) {
            collectionsLeft--;
            filter.onCollect(reset);
        }
    }

    @Override
    public String toString() {
        return filter + " (biased: frozen)";
    }
}
