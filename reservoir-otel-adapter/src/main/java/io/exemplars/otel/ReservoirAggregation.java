package io.exemplars.otel;

import io.opentelemetry.sdk.metrics.Aggregation;

import java.util.List;

/**
 * Aggregations for OpenTelemetry Java SDK Views, with the exemplar reservoir chosen per View.
 *
 * <pre>{@code
 * SdkMeterProvider.builder()
 *     .registerView(InstrumentSelector.builder().setName("http.server.request.duration").build(),
 *         View.builder().setAggregation(
 *             ReservoirAggregation.explicitBucketHistogram(ReservoirSpec.alignedUniform())).build())
 * }</pre>
 *
 * <p>Each factory returns an {@link Aggregation} that {@code View.builder().setAggregation(...)}
 * accepts. It aggregates exactly like the SDK's aggregation of the same kind (it creates the SDK's
 * own aggregator) and keeps exemplars in the reservoir its {@link ReservoirSpec} names, under the
 * spec's exemplar filter if it has one, else the meter provider's. Every series of every
 * instrument the View selects gets its own reservoir.
 *
 * <h2>SDK versions</h2>
 * The SDK has no public reservoir hook; these aggregations use its internal aggregator and
 * exemplar interfaces, which change between releases. They are tested with
 * {@value #TESTED_SDK_RANGE} (patch releases included). A newer 1.x minor release is accepted
 * when every internal the adapter uses is still there, with one {@code java.util.logging} warning
 * (logger {@code io.exemplars.otel.SdkInternals}) naming the tested range and the version found;
 * an SDK that does not say its version (repackaged) is judged by its internals alone, without a
 * warning.
 *
 * <h2>An SDK the adapter cannot serve: fail open</h2>
 * When the SDK on the classpath is older than {@value #OLDEST_SUPPORTED_SDK_VERSION}, of another
 * major version, or its internals do not fit, every factory returns the SDK's own aggregation of
 * the same shape ({@code Aggregation.explicitBucketHistogram(boundaries)},
 * {@code base2ExponentialBucketHistogram(maxBuckets, maxScale)}, {@code sum()},
 * {@code lastValue()}, and {@code defaultAggregation()} for the factories that follow the
 * instrument's advice or pick per instrument), so metrics flow with the SDK's built-in exemplar
 * reservoirs, and one {@code java.util.logging} warning per JVM (logger
 * {@code io.exemplars.otel.ReservoirAggregation}) names the version found, the tested range, what
 * did not fit, and that the built-in reservoirs apply. {@link #status()} tells which case holds.
 * An add-on that picks exemplars must not cost a service its telemetry. With
 * {@code -D}{@value #STRICT_PROPERTY}{@code =true} the factories throw {@link IllegalStateException}
 * naming the tested range, the version found and what does not fit instead, so the problem shows
 * when the View is built (for tests and builds that want a broken fit to fail).
 *
 * <p>An internal missing only when first used (which no check before can see) breaks when an
 * instrument is registered or first records: that instrument then continues with the SDK's own
 * aggregation or reservoir of the same shape, with a warning, strict mode or not.
 *
 * <h2>Errors</h2>
 * Bad arguments fail here, with {@link IllegalArgumentException} naming the bad value. Nothing
 * later throws: not instrument registration (a View that selects an instrument its kind does not
 * support is ignored for it with the SDK's usual warning, as for the SDK's own aggregations), not
 * the SDK's duplicate-metric diagnostics, and never a recording call.
 */
public final class ReservoirAggregation {
    /** The oldest opentelemetry-sdk-metrics version the adapter supports. */
    public static final String OLDEST_SUPPORTED_SDK_VERSION = "1.56.0";
    /**
     * The newest opentelemetry-sdk-metrics version the adapter is tested with (and built against).
     * Newer minor releases of the same major version are accepted when their internals fit, with
     * one warning.
     */
    public static final String NEWEST_TESTED_SDK_VERSION = "1.68.0";
    /** The tested range, as messages name it. */
    public static final String TESTED_SDK_RANGE =
        "OpenTelemetry SDK " + OLDEST_SUPPORTED_SDK_VERSION + " to " + NEWEST_TESTED_SDK_VERSION;

    /**
     * The system property that turns fail-open off: with {@code true}, every factory throws
     * {@link IllegalStateException} when the SDK on the classpath cannot be served.
     */
    public static final String STRICT_PROPERTY = "io.exemplars.otel.strict";

    /** The SDK's default {@code maxBuckets} for base-2 exponential histograms. */
    public static final int DEFAULT_EXPONENTIAL_MAX_BUCKETS = 160;
    /** The SDK's default {@code maxScale} for base-2 exponential histograms. */
    public static final int DEFAULT_EXPONENTIAL_MAX_SCALE = 20;
    /** Smallest {@code maxBuckets} the SDK accepts. */
    public static final int MIN_EXPONENTIAL_MAX_BUCKETS = 2;
    /** Smallest {@code maxScale} the SDK accepts. */
    public static final int MIN_EXPONENTIAL_SCALE = -10;
    /** Largest {@code maxScale} the SDK accepts. */
    public static final int MAX_EXPONENTIAL_SCALE = 20;

    private ReservoirAggregation() {
    }

    /**
     * An explicit-bucket histogram, like {@code Aggregation.explicitBucketHistogram(boundaries)}.
     *
     * @param boundaries finite, strictly increasing bucket boundaries (inclusive upper bounds), at
     *                   most {@code BucketBoundaries.MAX_BOUNDARIES}
     * @param spec       the reservoir; {@link ReservoirSpec#alignedUniform()} is the usual choice
     * @return the aggregation, for {@code View.builder().setAggregation}
     * @throws IllegalArgumentException naming the bad boundary (index and value) or spec
     * @throws IllegalStateException    in strict mode ({@value #STRICT_PROPERTY}), when the SDK on the
     *                                  classpath cannot be served; see the class documentation
     */
    public static Aggregation explicitBucketHistogram(final List<Double> boundaries, final ReservoirSpec spec) {
        return FailOpen.served() ? new ExplicitBucketHistogramWithReservoir(boundaries, spec)
            : SdkEquivalent.explicitBucketHistogram(boundaries, spec);
    }

    /**
     * An explicit-bucket histogram with each instrument's own buckets: its bucket-boundary advice
     * ({@code DoubleHistogramBuilder.setExplicitBucketBoundariesAdvice}, as the HTTP semantic
     * conventions set for {@code http.server.request.duration}) when it has one, else the SDK's
     * default boundaries. Aligned reservoirs align to the boundaries used.
     *
     * <p>This differs from the SDK's {@code Aggregation.explicitBucketHistogram()}, which ignores
     * advice (only the SDK's default aggregation honours it): here the user picks a reservoir, not
     * a histogram shape, so plugging one in keeps the histogram the instrument would have had
     * without the View. Give the boundaries ({@link #explicitBucketHistogram(List, ReservoirSpec)})
     * to override the advice.
     *
     * <p>The spec is checked here against the SDK's default boundaries (every instrument without
     * advice needs them). Advice is resolved per instrument at registration and never fails it:
     * advice that an aligned reservoir cannot cover (more than
     * {@code BucketBoundaries.MAX_BOUNDARIES} boundaries, or more buckets than one slab of the
     * spec's arena) keeps its buckets and records no exemplars, with one warning; see
     * {@code ExplicitBucketHistogramWithReservoir}.
     *
     * @param spec the reservoir; {@link ReservoirSpec#alignedUniform()} is the usual choice
     * @return the aggregation, for {@code View.builder().setAggregation}
     * @throws IllegalArgumentException naming the bad spec, or the spec whose reservoir does not
     *                                  fit the SDK's default boundaries in its arena
     * @throws IllegalStateException    in strict mode ({@value #STRICT_PROPERTY}), when the SDK on the
     *                                  classpath cannot be served; see the class documentation
     */
    public static Aggregation explicitBucketHistogram(final ReservoirSpec spec) {
        return FailOpen.served() ? ExplicitBucketHistogramWithReservoir.withInstrumentAdvice(spec)
            : SdkEquivalent.explicitBucketHistogramWithAdvice(spec);
    }

    /**
     * A base-2 exponential histogram, like {@code Aggregation.base2ExponentialBucketHistogram}.
     * Exponential buckets move with the scale, so only fixed-size reservoirs apply;
     * {@link ReservoirSpec#otelDefault()} keeps {@code min(20, maxBuckets)} exemplars.
     *
     * @param maxBuckets positive (and negative) buckets, at least {@value #MIN_EXPONENTIAL_MAX_BUCKETS}
     * @param maxScale   the largest (and initial) scale, {@value #MIN_EXPONENTIAL_SCALE} to
     *                   {@value #MAX_EXPONENTIAL_SCALE}
     * @param spec       the reservoir: {@link ReservoirSpec#otelDefault()} or
     *                   {@link ReservoirSpec#fixedSizeUniform(int)}
     * @return the aggregation, for {@code View.builder().setAggregation}
     * @throws IllegalArgumentException naming the bad value
     * @throws IllegalStateException    in strict mode ({@value #STRICT_PROPERTY}), when the SDK on the
     *                                  classpath cannot be served; see the class documentation
     */
    public static Aggregation base2ExponentialHistogram(final int maxBuckets, final int maxScale,
                                                        final ReservoirSpec spec) {
        return FailOpen.served() ? new Base2ExponentialHistogramWithReservoir(maxBuckets, maxScale, spec)
            : SdkEquivalent.base2ExponentialHistogram(maxBuckets, maxScale, spec);
    }

    /**
     * A base-2 exponential histogram with the SDK's defaults ({@value #DEFAULT_EXPONENTIAL_MAX_BUCKETS}
     * buckets, scale {@value #DEFAULT_EXPONENTIAL_MAX_SCALE}).
     *
     * @param spec the reservoir: {@link ReservoirSpec#otelDefault()} or
     *             {@link ReservoirSpec#fixedSizeUniform(int)}
     * @return the aggregation, for {@code View.builder().setAggregation}
     * @throws IllegalArgumentException naming the bad spec
     * @throws IllegalStateException    in strict mode ({@value #STRICT_PROPERTY}), when the SDK on the
     *                                  classpath cannot be served; see the class documentation
     */
    public static Aggregation base2ExponentialHistogram(final ReservoirSpec spec) {
        return base2ExponentialHistogram(DEFAULT_EXPONENTIAL_MAX_BUCKETS, DEFAULT_EXPONENTIAL_MAX_SCALE, spec);
    }

    /**
     * A sum, like {@code Aggregation.sum()}: counters, up-down counters and histograms.
     *
     * @param spec the reservoir: {@link ReservoirSpec#otelDefault()} (one exemplar) or
     *             {@link ReservoirSpec#fixedSizeUniform(int)}
     * @return the aggregation, for {@code View.builder().setAggregation}
     * @throws IllegalArgumentException naming the bad spec
     * @throws IllegalStateException    in strict mode ({@value #STRICT_PROPERTY}), when the SDK on the
     *                                  classpath cannot be served; see the class documentation
     */
    public static Aggregation sum(final ReservoirSpec spec) {
        return FailOpen.served() ? new SumWithReservoir(spec) : SdkEquivalent.sum(spec);
    }

    /**
     * A last value, like {@code Aggregation.lastValue()}: gauges.
     *
     * @param spec the reservoir: {@link ReservoirSpec#otelDefault()} (one exemplar) or
     *             {@link ReservoirSpec#fixedSizeUniform(int)}
     * @return the aggregation, for {@code View.builder().setAggregation}
     * @throws IllegalArgumentException naming the bad spec
     * @throws IllegalStateException    in strict mode ({@value #STRICT_PROPERTY}), when the SDK on the
     *                                  classpath cannot be served; see the class documentation
     */
    public static Aggregation lastValue(final ReservoirSpec spec) {
        return FailOpen.served() ? new LastValueWithReservoir(spec) : SdkEquivalent.lastValue(spec);
    }

    /**
     * The SDK's default aggregation, like {@code Aggregation.defaultAggregation()}, with our
     * reservoirs: for each instrument, what the SDK's default picks for it. Histograms get an
     * explicit-bucket histogram with the instrument's bucket advice, else the SDK's default
     * boundaries (as {@link #explicitBucketHistogram(ReservoirSpec)}); counters and up-down
     * counters, synchronous and observable, a sum; gauges, synchronous and observable, a last
     * value. It fits every instrument, so one View turns our reservoirs on everywhere:
     *
     * <pre>{@code
     * .registerView(InstrumentSelector.builder().setName("*").build(),
     *     View.builder().setAggregation(ReservoirAggregation.defaultAggregation(ReservoirSpec.otelDefault())).build())
     * }</pre>
     *
     * <p>Spec: {@link ReservoirSpec#otelDefault()} keeps its meaning per aggregation (aligned
     * uniform for histograms, fixed-size uniform of 1 for sums and last values);
     * {@link ReservoirSpec#fixedSizeUniform(int)} applies to all; an aligned spec
     * ({@link ReservoirSpec#alignedUniform()}, {@link ReservoirSpec#alignedSlowest()},
     * {@link ReservoirSpec#alignedLastSeen()}) applies to histograms, and the instruments
     * aggregated as sums or last values get what {@code otelDefault()} gives them
     * ({@code alignedSlowest()}: {@code slowest(1)}), under the spec's filter and retention, in its arena.
     *
     * @param spec the reservoir
     * @return the aggregation, for {@code View.builder().setAggregation}
     * @throws IllegalArgumentException naming the bad spec, or the spec whose reservoir does not
     *                                  fit the SDK's default boundaries in its arena
     * @throws IllegalStateException    in strict mode ({@value #STRICT_PROPERTY}), when the SDK on the
     *                                  classpath cannot be served; see the class documentation
     */
    public static Aggregation defaultAggregation(final ReservoirSpec spec) {
        return FailOpen.served() ? new DefaultAggregationWithReservoir(spec) : SdkEquivalent.defaultAggregation(spec);
    }

    /**
     * A default aggregation for a metric reader ({@code MetricReader.getDefaultAggregation},
     * {@code DefaultAggregationSelector}) that applies our reservoirs by instrument name: the
     * instruments whose name matches one of {@code instrumentNamePatterns} get
     * {@link #defaultAggregation(ReservoirSpec)}, the others the SDK's
     * {@code Aggregation.defaultAggregation()}.
     *
     * <p>Use this as a reader's default rather than in a {@code View} when the instruments carry
     * attribute-key advice (the OpenTelemetry Java agent's HTTP, RPC and database metrics do): the
     * SDK applies that advice to the default aggregation only, and a View without its own
     * attribute filter would keep every attribute the instrumentation records (its series would
     * multiply, for example per client port). Bucket advice is kept either way. An application's
     * View for an instrument replaces a reader's default, this one included, as usual.
     *
     * @param spec                   the reservoir, as for {@link #defaultAggregation(ReservoirSpec)}
     * @param instrumentNamePatterns instrument names with {@code *} (any run of characters) and
     *                               {@code ?} (one character) wildcards, matched case-sensitively as
     *                               {@code InstrumentSelector.setName} matches; at least one, none empty
     * @return the aggregation, for a reader's default-aggregation selector
     * @throws IllegalArgumentException naming the bad spec, or the pattern list and the index of the
     *                                  empty pattern
     * @throws IllegalStateException    in strict mode ({@value #STRICT_PROPERTY}), when the SDK on the
     *                                  classpath cannot be served; see the class documentation
     */
    public static Aggregation defaultAggregation(final ReservoirSpec spec, final List<String> instrumentNamePatterns) {
        final InstrumentNamePatterns patterns = InstrumentNamePatterns.of(instrumentNamePatterns);
        final Aggregation selected = defaultAggregation(spec);
        return status().isActive()
            ? new InstrumentNameSelectedAggregation(selected, Aggregation.defaultAggregation(), patterns)
            : selected;
    }

    /**
     * Whether the factories return aggregations with our reservoirs on this JVM's SDK, or the SDK's
     * own (fail-open), and why. Never throws, never logs.
     *
     * @return the status: {@link ReservoirStatus#isActive()}, the SDK version found, and the problem
     *     when inactive (or the first instrument whose reservoirs broke at run time)
     */
    public static ReservoirStatus status() {
        return FailOpen.status();
    }

    /**
     * @return the opentelemetry-sdk-metrics version on the classpath, as the adapter detected it
     *     ({@code "unknown"} when the jar does not say)
     */
    public static String detectedSdkVersion() {
        return SdkInternals.get().version();
    }
}
