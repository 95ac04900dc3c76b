package io.exemplars.otel;

import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.internal.exemplar.DoubleExemplarReservoir;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarFilterInternal;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarReservoirFactory;
import io.opentelemetry.sdk.metrics.internal.exemplar.LongExemplarReservoir;

/**
 * Gives each series of one aggregator its own core reservoir, behind the SDK's reservoir
 * interfaces.
 *
 * <p>The capturers keep the ids in the kept {@code SpanContext} only
 * ({@link SpanContextCapturer#ALL_MEASUREMENTS_BY_REFERENCE}): {@link ExemplarDataList} builds each
 * exemplar from that reference, so parsing ids on the winner path would be wasted.
 *
 * <p>{@link #forFilter} is where the effective exemplar filter is applied. The three filters the
 * SDK offers become the capturer's eligibility check, asked only for a measurement that has won the
 * sampling draw; {@code alwaysOff()} gets the SDK's no-sample factory, so no reservoir exists and no
 * slot is taken. The SDK accepts no other filter today; should a later version add one, it is
 * applied the SDK's own way, in front of the reservoir, which is correct though not as cheap.
 *
 * <p>{@link #createDoubleExemplarReservoir()} runs on the recording thread, when a measurement
 * opens a new series. It takes no slots (a series leases them when it first keeps an exemplar, and
 * an arena at its limit refuses that without an exception), and it never throws: should the JVM
 * refuse the arena's first direct memory (counted as a refusal), the series records normally
 * without exemplars in a {@link RetryingExemplarReservoir}, which asks for that memory again at
 * each collection and becomes an ordinary series as soon as it is there.
 */
final class CoreReservoirFactory implements ExemplarReservoirFactory {
    private static final ExemplarReservoirFactory NO_SAMPLES = ExemplarReservoirFactory.noSamples();

    private final ReservoirShape shape;
    private final SpanContextCapturer capturer;
    private final MeasurementSelection selection;
    /** For a retaining shape: the aggregator's temporality as learnt at collection; else null. */
    private final TemporalitySignal temporality;

    private CoreReservoirFactory(final ReservoirShape shape, final SpanContextCapturer capturer,
                                 final MeasurementSelection selection, final TemporalitySignal temporality) {
        this.shape = shape;
        this.capturer = selection.capturer(capturer);
        this.selection = selection;
        this.temporality = temporality;
    }

    /**
     * @param shape  the reservoir each series gets
     * @param filter the effective filter: the View's override if its spec has one, else the one the
     *               SDK passed to {@code createAggregator}
     * @param selection the spec's measurement filter (each series gets its own per-series filter,
     *                  asked after the exemplar filter) and span marking
     * @param temporality for a retaining shape, the aggregator's temporality signal (null otherwise)
     * @return the factory the SDK's aggregator creates its series' reservoirs with
     */
    static ExemplarReservoirFactory forFilter(final ReservoirShape shape, final ExemplarFilterInternal filter,
                                              final MeasurementSelection selection,
                                              final TemporalitySignal temporality) {
        if (filter == ExemplarFilter.alwaysOff()) {
            return NO_SAMPLES;
        }
        if (filter == ExemplarFilter.traceBased()) {
            return new CoreReservoirFactory(shape, SpanContextCapturer.SAMPLED_SPANS_ONLY_BY_REFERENCE, selection,
                temporality);
        }
        final ExemplarReservoirFactory all = new CoreReservoirFactory(shape,
            SpanContextCapturer.ALL_MEASUREMENTS_BY_REFERENCE, selection, temporality);
        return filter == ExemplarFilter.alwaysOn() ? all : ExemplarReservoirFactory.filtered(filter, all);
    }

    @Override
    public DoubleExemplarReservoir createDoubleExemplarReservoir() {
        final CoreBackedExemplarReservoir created = newCoreBacked();
        return created != null ? created : new RetryingExemplarReservoir(this, shape.arena());
    }

    @Override
    public LongExemplarReservoir createLongExemplarReservoir() {
        final CoreBackedExemplarReservoir created = newCoreBacked();
        return created != null ? created : new RetryingExemplarReservoir(this, shape.arena());
    }

    /**
     * @return a new core-backed reservoir, or null when the JVM refused the arena's first direct
     *     memory (the arena counted the refusal, and tries the memory again at most once a second);
     *     never throws into the recording thread
     */
    CoreBackedExemplarReservoir newCoreBacked() {
        if (!shape.arena().tryPrepare()) {
            return null;
        }
        try {
            return new CoreBackedExemplarReservoir(shape.newReservoir(capturer, selection.newSeriesFilter()),
                temporality);
        } catch (final RuntimeException noMemory) { // IllegalStateException: never into the recording thread
            return null;
        }
    }

    @Override
    public String toString() {
        return "CoreReservoirFactory{" + shape + ", " + capturer + ", " + selection + '}';
    }
}
