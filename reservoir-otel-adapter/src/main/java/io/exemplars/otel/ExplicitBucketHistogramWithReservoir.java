package io.exemplars.otel;

import io.exemplars.reservoir.BucketBoundaries;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.ExplicitBucketHistogramUtils;
import io.opentelemetry.sdk.metrics.internal.descriptor.InstrumentDescriptor;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarReservoirFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SDK's explicit-bucket histogram (recording min and max, the SDK's default) with our
 * reservoirs. Counters and histograms, like the SDK's.
 *
 * <h2>Boundaries</h2>
 * With boundaries given by the user, every instrument gets them. Without
 * ({@link #withInstrumentAdvice}), each instrument gets its bucket-boundary advice
 * ({@code setExplicitBucketBoundariesAdvice}) when it has one, else the SDK's default boundaries,
 * as the SDK's default aggregation does; aligned reservoirs align to the boundaries used. The
 * boundaries, and so the reservoir, are then known only per instrument: the spec is checked when
 * the aggregation is built (against the SDK's default boundaries, which any instrument may need),
 * and each distinct advice list is resolved once, at the first instrument that has it.
 *
 * <h2>Advice the adapter cannot use</h2>
 * Instrument registration must not fail, so an advice list is never an error:
 * <ul>
 *   <li>Advice the SDK itself refuses (it validates advice when it is set, so only an instrument
 *       described by hand can carry it): the histogram uses the SDK's default boundaries, with a
 *       warning.</li>
 *   <li>Advice the SDK accepts but an aligned reservoir cannot cover (more than
 *       {@link BucketBoundaries#MAX_BOUNDARIES} boundaries, or more buckets than one slab of the
 *       spec's arena): the histogram keeps the advice's buckets, exactly as the SDK would aggregate
 *       it, and the instrument gets no exemplars, with a warning naming the fix. The metric stays
 *       what dashboards expect; only exemplars are missing, as when the arena is exhausted.</li>
 * </ul>
 * Each warning is logged once per advice list and aggregation.
 */
final class ExplicitBucketHistogramWithReservoir extends ReservoirBackedAggregation {
    static final String NAME = "explicitBucketHistogram";
    /** What {@link #toString()} shows as the boundaries of a histogram that follows the advice. */
    static final String ADVICE_ELSE_SDK_DEFAULT = "instrument advice, else SDK default";

    private static final Logger LOGGER = Logger.getLogger(ExplicitBucketHistogramWithReservoir.class.getName());

    /** The user's boundaries, or the SDK's default ones when the histogram follows the advice. */
    private final Buckets fixed;
    /** Resolved advice lists; null when the user gave boundaries. */
    private final ConcurrentMap<List<Double>, Buckets> byAdvice;

    /**
     * @param boundaries finite, strictly increasing bucket boundaries, used for every instrument
     * @param spec       the reservoir spec
     * @throws IllegalArgumentException naming the bad boundary (index and value) or spec
     */
    ExplicitBucketHistogramWithReservoir(final List<Double> boundaries, final ReservoirSpec spec) {
        this(Buckets.validated(boundaries, spec), spec, false);
    }

    /**
     * @param spec the reservoir spec
     * @return a histogram with each instrument's bucket advice, else the SDK's default boundaries
     *     (the SDK's own list, so they follow it)
     * @throws IllegalArgumentException naming the bad spec, or the spec that does not fit the
     *                                  SDK's default boundaries
     */
    static ExplicitBucketHistogramWithReservoir withInstrumentAdvice(final ReservoirSpec spec) {
        return new ExplicitBucketHistogramWithReservoir(
            Buckets.validated(ExplicitBucketHistogramUtils.DEFAULT_HISTOGRAM_BUCKET_BOUNDARIES, spec), spec, true);
    }

    private ExplicitBucketHistogramWithReservoir(final Buckets fixed, final ReservoirSpec spec,
                                                 final boolean followsAdvice) {
        super(NAME, List.of("boundaries"), List.of(followsAdvice ? ADVICE_ELSE_SDK_DEFAULT : fixed.list), spec,
            Aggregation.explicitBucketHistogram(), followsAdvice ? Aggregation.defaultAggregation()
                : SdkEquivalent.builtInExplicitBucketHistogram(fixed.list));
        this.fixed = fixed;
        this.byAdvice = followsAdvice ? new ConcurrentHashMap<>() : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    <T extends PointData> Aggregator<T> newAggregator(final InstrumentDescriptor instrument,
                                                      final ExemplarReservoirFactory reservoirs,
                                                      final MemoryMode memoryMode) {
        return (Aggregator<T>) SdkInternals.get().newExplicitBucketHistogram(bucketsFor(instrument).array,
            reservoirs, memoryMode);
    }

    /**
     * @return the SDK's histogram-bucket reservoir for the instrument's boundaries, as the SDK's
     *     explicit-bucket histogram creates it
     */
    @Override
    ExemplarReservoirFactory builtInReservoirs(final InstrumentDescriptor instrument) {
        return ExemplarReservoirFactory.histogramBucketReservoir(Clock.getDefault(), bucketsFor(instrument).list);
    }

    /**
     * @return the reservoir aligned to the instrument's boundaries (or the spec's fixed-size one),
     *     or null when an aligned reservoir cannot cover its advice
     */
    @Override
    ReservoirShape shapeFor(final InstrumentDescriptor instrument) {
        return bucketsFor(instrument).shape;
    }

    /**
     * @param instrument an instrument the View selected
     * @return the boundaries it gets, and its reservoir; never throws
     */
    Buckets bucketsFor(final InstrumentDescriptor instrument) {
        if (byAdvice == null) {
            return fixed;
        }
        final List<Double> advice = instrument.getAdvice().getExplicitBucketBoundaries();
        return advice == null ? fixed : byAdvice.computeIfAbsent(advice, list -> adviceBuckets(list, instrument));
    }

    /** Resolves one advice list; see the class documentation for what cannot be used. */
    private Buckets adviceBuckets(final List<Double> advice, final InstrumentDescriptor instrument) {
        final List<Double> list = Collections.unmodifiableList(new ArrayList<>(advice));
        final double[] array;
        try {
            array = ExplicitBucketHistogramUtils.createBoundaryArray(list);
        } catch (final RuntimeException sdkRefuses) { // IllegalArgumentException, or a null boundary
            LOGGER.log(Level.WARNING, "reservoir-otel-adapter: instrument " + instrument.getName()
                + " has bucket-boundary advice the SDK refuses (" + sdkRefuses.getMessage() + "): " + advice
                + "; its histogram uses the SDK's default boundaries " + fixed.list);
            return fixed;
        }
        if (!fixed.shape.aligned()) {
            return new Buckets(list, array, fixed.shape); // a fixed-size reservoir does not depend on them
        }
        try {
            return new Buckets(list, array, ReservoirShape.resolve(spec(), NAME, BucketBoundaries.of(list), 0));
        } catch (final IllegalArgumentException cannotAlign) {
            LOGGER.log(Level.WARNING, "reservoir-otel-adapter: instrument " + instrument.getName() + " keeps its "
                + "bucket-boundary advice (" + list.size() + " boundaries), but " + spec() + " cannot align "
                + "exemplars to it (" + cannotAlign.getMessage() + "); it records no exemplars. Use "
                + "ReservoirSpec.fixedSizeUniform(k), an arena with larger slabs, or explicit boundaries.");
            return new Buckets(list, array, null);
        }
    }

    /** One boundary list in the three forms the histogram and its reservoir use, computed once. */
    static final class Buckets {
        /** The boundaries, immutable, as {@code toString} and {@code equals} see them. */
        final List<Double> list;
        /** The SDK's boundary array, for its aggregator. */
        final double[] array;
        /** The reservoir each series gets, or null for none. */
        final ReservoirShape shape;

        private Buckets(final List<Double> list, final double[] array, final ReservoirShape shape) {
            this.list = list;
            this.array = array;
            this.shape = shape;
        }

        /**
         * Our checks first (their messages name the index and value), then the SDK's own; then the
         * spec against them.
         *
         * @throws IllegalArgumentException naming the bad boundary or spec
         */
        static Buckets validated(final List<Double> boundaries, final ReservoirSpec spec) {
            final BucketBoundaries checked = BucketBoundaries.of(boundaries);
            final List<Double> copy = new ArrayList<>(checked.bucketCount() - 1);
            for (final double boundary : checked.toArray()) {
                copy.add(boundary); // normalised: -0.0 is 0.0, so equal histograms compare equal
            }
            return new Buckets(Collections.unmodifiableList(copy), ExplicitBucketHistogramUtils.createBoundaryArray(copy),
                ReservoirShape.resolve(spec, NAME, checked, 0));
        }
    }
}
