package io.exemplars.otel;

import io.exemplars.reservoir.AlignedLastSeenReservoir;
import io.exemplars.reservoir.AlignedSlowestReservoir;
import io.exemplars.reservoir.AlignedUniformReservoir;
import io.exemplars.reservoir.BucketBoundaries;
import io.exemplars.reservoir.ExemplarCapturer;
import io.exemplars.reservoir.ExemplarReservoir;
import io.exemplars.reservoir.FixedSizeUniformReservoir;
import io.exemplars.reservoir.Retention;
import io.exemplars.reservoir.SeriesFilter;
import io.exemplars.reservoir.SlotArena;
import io.exemplars.reservoir.SlowestValuesReservoir;
import io.exemplars.reservoir.ValueWeightedReservoir;
import io.opentelemetry.context.Context;

/**
 * A {@link ReservoirSpec} resolved against one aggregation (and, for a histogram that follows the
 * instrument's bucket advice, one boundary list): the concrete core reservoir every series gets,
 * checked before any series exists, so that creating a series' reservoir later cannot fail on
 * configuration.
 */
final class ReservoirShape {
    /** A fixed-size reservoir's ring has one header slot in front of its {@code k} data slots. */
    private static final int FIXED_SIZE_HEADER_SLOTS = 1;
    /** A retaining aligned reservoir's ring has one trailer slot after its two banks: the rotation mark. */
    private static final int ALIGNED_TRAILER_SLOTS = 1;

    private final ReservoirSpec.Policy policy;
    private final BucketBoundaries boundaries;
    private final int size;
    private final SlotArena arena;
    /** The spec's retention, {@link Retention#none()} without. */
    private final Retention retention;

    private ReservoirShape(final ReservoirSpec.Policy policy, final BucketBoundaries boundaries, final int size,
                           final ReservoirSpec spec) {
        this.policy = policy;
        this.boundaries = boundaries;
        this.size = size;
        this.arena = spec.arena();
        this.retention = spec.maxAgeOrNull() == null ? Retention.none() : Retention.of(spec.maxAgeOrNull());
    }

    /**
     * @param spec               what the user asked for
     * @param aggregation        the aggregation's name, for messages
     * @param boundaries         the histogram's explicit boundaries, or null when the aggregation
     *                           has none (aligned reservoirs are then refused)
     * @param defaultFixedSize   what {@link ReservoirSpec#otelDefault()} means when there are no
     *                           explicit boundaries
     * @return the resolved shape
     * @throws IllegalArgumentException naming the spec when it does not fit the aggregation or its
     *                                  reservoirs do not fit one slab of the arena
     */
    static ReservoirShape resolve(final ReservoirSpec spec, final String aggregation,
                                  final BucketBoundaries boundaries, final int defaultFixedSize) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null (use ReservoirSpec.otelDefault() for the "
                + "OpenTelemetry specification's default reservoir)");
        }
        final ReservoirShape shape;
        switch (spec.policy()) {
            case OTEL_DEFAULT:
                shape = boundaries != null
                    ? new ReservoirShape(ReservoirSpec.Policy.ALIGNED_UNIFORM, boundaries, 0, spec)
                    : new ReservoirShape(ReservoirSpec.Policy.FIXED_SIZE_UNIFORM, null, defaultFixedSize, spec);
                break;
            case ALIGNED_UNIFORM:
            case ALIGNED_SLOWEST:
            case ALIGNED_LAST_SEEN:
                if (boundaries == null) {
                    throw new IllegalArgumentException(spec + " aligns exemplars to explicit histogram buckets, "
                        + "which " + aggregation + " does not have; use ReservoirSpec.fixedSizeUniform(k), "
                        + "ReservoirSpec.slowest(k), ReservoirSpec.weightedByValue(k) or ReservoirSpec.otelDefault()");
                }
                shape = new ReservoirShape(spec.policy(), boundaries, 0, spec);
                break;
            case FIXED_SIZE_UNIFORM:
            case SLOWEST:
            case WEIGHTED_BY_VALUE:
                shape = new ReservoirShape(spec.policy(), null, spec.size(), spec);
                break;
            default:
                throw new IllegalArgumentException("unknown reservoir policy in " + spec);
        }
        if (shape.slotsPerSeries() > shape.arena.maxRingSlots()) {
            throw new IllegalArgumentException(spec + " with " + aggregation + " needs " + shape.slotsPerSeries()
                + " slots per series, more than the arena's slab of " + shape.arena.maxRingSlots()
                + "; use fewer buckets or an arena with larger slabs");
        }
        return shape;
    }

    /**
     * @return whether the reservoir aligns its exemplars to histogram buckets (and so depends on
     *     the boundaries it was resolved with)
     */
    boolean aligned() {
        return !policy.fixedSize();
    }

    /**
     * @return whether the reservoirs keep exemplars across non-resetting collections
     */
    boolean retains() {
        return retention.retains();
    }

    /**
     * @return off-heap slots one series' reservoir takes from the arena
     */
    int slotsPerSeries() {
        // The core's rings: k data slots and a header, or one slot per bucket; with retention two
        // banks (k + k + header; buckets + buckets + the rotation mark's trailer).
        final int banks = retains() ? 2 : 1;
        return policy.fixedSize() ? size * banks + FIXED_SIZE_HEADER_SLOTS
            : boundaries.bucketCount() * banks + (retains() ? ALIGNED_TRAILER_SLOTS : 0);
    }

    /**
     * @param capturer reads kept offers out of the measurement context, and filters them
     * @param filter   this series' own filter (its own state), asked about draw winners after the
     *                 capturer
     * @return a new, empty reservoir for one series
     * @throws IllegalStateException when the JVM refuses the arena's first direct memory
     */
    ExemplarReservoir<Context> newReservoir(final ExemplarCapturer<Context> capturer,
                                            final SeriesFilter<Context> filter) {
        switch (policy) {
            case ALIGNED_UNIFORM:
                return AlignedUniformReservoir.create(arena, boundaries, capturer, filter, retention);
            case ALIGNED_SLOWEST:
                return AlignedSlowestReservoir.create(arena, boundaries, capturer, filter, retention);
            case ALIGNED_LAST_SEEN:
                return AlignedLastSeenReservoir.create(arena, boundaries, capturer, filter);
            case SLOWEST:
                return SlowestValuesReservoir.create(arena, size, capturer, filter, retention);
            case WEIGHTED_BY_VALUE:
                return ValueWeightedReservoir.create(arena, size, capturer, filter, retention);
            default:
                return FixedSizeUniformReservoir.create(arena, size, capturer, filter, retention);
        }
    }

    /**
     * @return the arena the series' reservoirs lease their slots from
     */
    SlotArena arena() {
        return arena;
    }

    @Override
    public String toString() {
        return policy.fixedSize() ? policy.factoryName + '(' + size + ')' + (retains() ? ", " + retention : "")
            : policy.factoryName + boundaries + (retains() ? ", " + retention : "");
    }
}
