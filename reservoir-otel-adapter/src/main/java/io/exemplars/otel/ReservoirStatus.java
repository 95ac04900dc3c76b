package io.exemplars.otel;

import java.util.Optional;

/**
 * Whether the adapter's exemplar reservoirs are in use on this JVM's OpenTelemetry SDK, and if
 * not, why: what {@link ReservoirAggregation#status()} answers.
 *
 * <ul>
 *   <li><b>Active</b>: the SDK on the classpath is served (its version is accepted and every SDK
 *       internal the adapter uses fits), so every {@link ReservoirAggregation} factory returns an
 *       aggregation with our reservoirs. {@link #problem()} is empty, unless an instrument's
 *       reservoirs broke at run time (an SDK internal missing only when first used): that
 *       instrument then runs on the SDK's built-in reservoir and {@link #problem()} names it.</li>
 *   <li><b>Inactive</b>: the SDK is outside the tested range or its internals do not fit. The
 *       factories return the SDK's own aggregation of the same shape, so metrics flow with the
 *       SDK's built-in exemplar reservoirs; {@link #problem()} says what did not fit.</li>
 * </ul>
 *
 * <p>Immutable; a later call of {@link ReservoirAggregation#status()} may return a newer status
 * (after a break at run time).
 */
public final class ReservoirStatus {
    private final boolean active;
    private final String sdkVersion;
    private final String problem;

    ReservoirStatus(final boolean active, final String sdkVersion, final String problem) {
        this.active = active;
        this.sdkVersion = sdkVersion;
        this.problem = problem;
    }

    /**
     * @return true when the factories return aggregations with our reservoirs; false when they
     *     return the SDK's own (built-in reservoirs), because the SDK is not served
     */
    public boolean isActive() {
        return active;
    }

    /**
     * @return the opentelemetry-sdk-metrics version found ({@code "unknown"} when its jar does not say)
     */
    public String sdkVersion() {
        return sdkVersion;
    }

    /**
     * @return when inactive, why (the tested range, the version found and what did not fit); when
     *     active, the first instrument whose reservoirs broke at run time, if any; else empty
     */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * @return one line for logs, e.g. {@code active on OpenTelemetry SDK 1.68.0} or
     *     {@code inactive on OpenTelemetry SDK 1.55.0 (the SDK's built-in exemplar reservoirs apply): ...}
     */
    @Override
    public String toString() {
        if (active) {
            return "active on OpenTelemetry SDK " + sdkVersion + (problem == null ? "" : "; " + problem);
        }
        return "inactive on OpenTelemetry SDK " + sdkVersion + " (the SDK's built-in exemplar reservoirs apply): "
            + problem;
    }
}
