package io.exemplars.reservoir;

/** {@link SeriesFilter#acceptAll()}: every candidate may be kept, no offer is observed. */
final class AcceptAllSeriesFilter implements SeriesFilter<Object> {
    static final AcceptAllSeriesFilter INSTANCE = new AcceptAllSeriesFilter();

    private AcceptAllSeriesFilter() {
    }

    @Override
    public boolean test(final double value, final Object attributes, final Object context) {
        return true;
    }

    /** @return false: accepting runs no code */
    @Override
    public boolean mayRecord() {
        return false;
    }

    @Override
    public String toString() {
        return "SeriesFilter.acceptAll()";
    }
}
