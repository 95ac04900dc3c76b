package io.exemplars.benchmarks;

/**
 * Whose code a measured variant runs: ours, or one of the two peers the report compares against.
 */
public enum Implementation {
    /** This project's reservoirs. */
    OURS("ours"),
    /** The OpenTelemetry Java SDK's built-in reservoirs. */
    OTEL("OTel Java SDK built-in"),
    /** Prometheus client_java's ExemplarSampler. */
    PROMETHEUS("Prometheus ExemplarSampler");

    private final String label;

    Implementation(final String label) {
        this.label = label;
    }

    /**
     * @return a human-readable name for tables and charts
     */
    public String label() {
        return label;
    }
}
