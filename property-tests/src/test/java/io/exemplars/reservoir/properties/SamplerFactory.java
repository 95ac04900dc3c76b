package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.AlignedLastSeenReservoir;
import io.exemplars.reservoir.AlignedSlowestReservoir;
import io.exemplars.reservoir.AlignedUniformReservoir;
import io.exemplars.reservoir.BucketBoundaries;
import io.exemplars.reservoir.FixedSizeUniformReservoir;
import io.exemplars.reservoir.Retention;
import io.exemplars.reservoir.SeriesFilter;
import io.exemplars.reservoir.SlotArena;
import io.exemplars.reservoir.SlowestValuesReservoir;
import io.exemplars.reservoir.ValueWeightedReservoir;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A named way to make fresh, empty samplers of one kind. Each sampler gets its own small arena, so
 * properties never share off-heap memory.
 *
 * @param name  what the sampler is, for reports
 * @param maker makes one sampler
 */
record SamplerFactory(String name, Supplier<SamplerUnderTest> maker) {
    /** Slots of a test arena: enough for any reservoir the properties build (64 KiB off-heap). */
    private static final int ARENA_SLOTS = 1_024;
    /** Boundaries listed in a name; beyond, only the range and the count. */
    private static final int BOUNDARIES_NAMED = 8;

    /** The core's uniform fixed-size reservoir, {@code k} slots. */
    static SamplerFactory fixedSizeUniform(final int k) {
        return new SamplerFactory("FixedSizeUniformReservoir(k=" + k + ")",
            () -> new ReservoirUnderTest(FixedSizeUniformReservoir.create(arena(), k, OfferCapturer.INSTANCE)));
    }

    /** The core's uniform aligned-bucket reservoir. */
    static SamplerFactory alignedUniform(final BucketBoundaries boundaries) {
        return new SamplerFactory("AlignedUniformReservoir" + describe(boundaries),
            () -> new ReservoirUnderTest(AlignedUniformReservoir.create(arena(), boundaries, OfferCapturer.INSTANCE)));
    }

    /** The core's aligned reservoir of each bucket's largest offer. */
    static SamplerFactory alignedSlowest(final BucketBoundaries boundaries) {
        return new SamplerFactory("AlignedSlowestReservoir" + describe(boundaries),
            () -> new ReservoirUnderTest(AlignedSlowestReservoir.create(arena(), boundaries, OfferCapturer.INSTANCE)));
    }

    /** The core's last-seen aligned-bucket reservoir: deliberately biased toward the interval's end. */
    static SamplerFactory alignedLastSeen(final BucketBoundaries boundaries) {
        return new SamplerFactory("AlignedLastSeenReservoir" + describe(boundaries) + " (biased: last seen)",
            () -> new ReservoirUnderTest(AlignedLastSeenReservoir.create(arena(), boundaries, OfferCapturer.INSTANCE)));
    }

    /** The core's exact top-k reservoir, {@code k} slots. */
    static SamplerFactory slowest(final int k) {
        return new SamplerFactory("SlowestValuesReservoir(k=" + k + ")",
            () -> new ReservoirUnderTest(SlowestValuesReservoir.create(arena(), k, OfferCapturer.INSTANCE)));
    }

    /** The core's value-weighted reservoir, {@code k} slots. */
    static SamplerFactory weightedByValue(final int k) {
        return new SamplerFactory("ValueWeightedReservoir(k=" + k + ")",
            () -> new ReservoirUnderTest(ValueWeightedReservoir.create(arena(), k, OfferCapturer.INSTANCE)));
    }

    /** The uniform fixed-size reservoir with retention on the system clock, {@code k} slots. */
    static SamplerFactory fixedSizeRetaining(final int k, final Duration maxAge) {
        return new SamplerFactory("FixedSizeUniformReservoir(k=" + k + ", retainFor " + maxAge + ")",
            () -> new ReservoirUnderTest(FixedSizeUniformReservoir.create(arena(), k, OfferCapturer.INSTANCE,
                SeriesFilter.acceptAll(), Retention.of(maxAge))));
    }

    /** The slowest-k reservoir with retention on the system clock, {@code k} slots. */
    static SamplerFactory slowestRetaining(final int k, final Duration maxAge) {
        return new SamplerFactory("SlowestValuesReservoir(k=" + k + ", retainFor " + maxAge + ")",
            () -> new ReservoirUnderTest(SlowestValuesReservoir.create(arena(), k, OfferCapturer.INSTANCE,
                SeriesFilter.acceptAll(), Retention.of(maxAge))));
    }

    /** The test sources' first-k sampler: deliberately biased toward the interval's start. */
    static SamplerFactory firstK(final int k) {
        return new SamplerFactory("FirstKSampler(k=" + k + ") (biased: first seen)", () -> new FirstKSampler(k));
    }

    /**
     * @return a new, empty sampler
     */
    SamplerUnderTest create() {
        return maker.get();
    }

    @Override
    public String toString() {
        return name;
    }

    private static String describe(final BucketBoundaries boundaries) {
        final int count = boundaries.bucketCount() - 1;
        return count <= BOUNDARIES_NAMED ? boundaries.toString()
            : "[" + boundaries.boundary(0) + " .. " + boundaries.boundary(count - 1) + "] (" + count + " boundaries)";
    }

    static SlotArena arena() {
        return SlotArena.create(ARENA_SLOTS, 1);
    }
}
