package io.exemplars.benchmarks;

import io.exemplars.otel.SpanContextCapturer;
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
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.metrics.internal.aggregator.ExplicitBucketHistogramUtils;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarReservoirFactory;
import io.prometheus.metrics.config.ExemplarsProperties;
import io.prometheus.metrics.core.exemplars.ExemplarSampler;
import io.prometheus.metrics.core.exemplars.ExemplarSamplerConfig;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every reservoir the raw offer and collect benchmarks measure, as a JMH {@code @Param} value.
 *
 * <p>Our reservoirs capture with {@code SpanContextCapturer.ALL_MEASUREMENTS_BY_REFERENCE}, as the
 * adapter does (the kept {@code SpanContext} by reference, like the SDK's own cells).
 *
 * <p>Two families, each with ours and the peers' equivalents:
 * <ul>
 *   <li>aligned: one exemplar per bucket of the OpenTelemetry default histogram layout
 *       ({@link #BOUNDARIES}, 16 buckets);</li>
 *   <li>fixed size: {@link #FIXED_SIZE} exemplars for the whole series.</li>
 * </ul>
 */
public enum ReservoirKind {
    /** Ours: one uniform random exemplar per bucket (bottom-1 keys). */
    OURS_ALIGNED_UNIFORM(Implementation.OURS, Family.ALIGNED, "aligned uniform") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new OurReservoir(AlignedUniformReservoir.create(arena, OUR_BOUNDARIES, SpanContextCapturer.ALL_MEASUREMENTS_BY_REFERENCE));
        }
    },
    /** Ours: each bucket's largest offer, exactly (value keys, one slot per bucket). */
    OURS_ALIGNED_SLOWEST(Implementation.OURS, Family.ALIGNED, "aligned slowest") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new OurReservoir(AlignedSlowestReservoir.create(arena, OUR_BOUNDARIES,
                SpanContextCapturer.ALL_MEASUREMENTS_BY_REFERENCE));
        }
    },
    /**
     * Ours: aligned uniform with retention, collected without reset (cumulative: the retaining
     * collect); its offer path must cost what the plain aligned uniform's does.
     */
    OURS_ALIGNED_UNIFORM_RETAINED(Implementation.OURS, Family.ALIGNED, "aligned uniform, retained 60 s") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new OurReservoir(AlignedUniformReservoir.create(arena, OUR_BOUNDARIES,
                SpanContextCapturer.ALL_MEASUREMENTS_BY_REFERENCE, SeriesFilter.acceptAll(),
                Retention.of(Duration.ofSeconds(60))), false);
        }
    },
    /** Ours: the last offer per bucket, the built-in's semantics on our slots. */
    OURS_ALIGNED_LAST_SEEN(Implementation.OURS, Family.ALIGNED, "aligned last-seen") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new OurReservoir(
                AlignedLastSeenReservoir.create(arena, OUR_BOUNDARIES, SpanContextCapturer.ALL_MEASUREMENTS_BY_REFERENCE));
        }
    },
    /** Ours: a uniform random k-subset (bottom-k keys). */
    OURS_FIXED_SIZE(Implementation.OURS, Family.FIXED_SIZE, "fixed-size uniform") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new OurReservoir(FixedSizeUniformReservoir.create(arena, FIXED_SIZE, SpanContextCapturer.ALL_MEASUREMENTS_BY_REFERENCE));
        }
    },
    /** Ours: the k largest values exactly (bottom-k on value keys). */
    OURS_SLOWEST(Implementation.OURS, Family.FIXED_SIZE, "fixed-size slowest") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new OurReservoir(SlowestValuesReservoir.create(arena, FIXED_SIZE, SpanContextCapturer.ALL_MEASUREMENTS_BY_REFERENCE));
        }
    },
    /** Ours: k sampled in proportion to the value (bottom-k on Efraimidis-Spirakis keys). */
    OURS_WEIGHTED(Implementation.OURS, Family.FIXED_SIZE, "fixed-size weighted by value") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new OurReservoir(ValueWeightedReservoir.create(arena, FIXED_SIZE, SpanContextCapturer.ALL_MEASUREMENTS_BY_REFERENCE));
        }
    },
    /** Ours: the slowest k with retention, collected without reset (cumulative: the retaining collect). */
    OURS_SLOWEST_RETAINED(Implementation.OURS, Family.FIXED_SIZE, "fixed-size slowest, retained 60 s") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new OurReservoir(SlowestValuesReservoir.create(arena, FIXED_SIZE, SpanContextCapturer.ALL_MEASUREMENTS_BY_REFERENCE,
                SeriesFilter.acceptAll(), Retention.of(Duration.ofSeconds(60))), false);
        }
    },
    /** The SDK's AlignedHistogramBucketExemplarReservoir (keeps the last offer per bucket). */
    OTEL_ALIGNED(Implementation.OTEL, Family.ALIGNED, "aligned (last-seen)") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new OtelBuiltInReservoir(ExemplarReservoirFactory
                .histogramBucketReservoir(Clock.getDefault(), BOUNDARIES).createDoubleExemplarReservoir());
        }
    },
    /** The SDK's SimpleFixedSizeExemplarReservoir (Algorithm R over a shared counter). */
    OTEL_FIXED_SIZE(Implementation.OTEL, Family.FIXED_SIZE, "fixed-size (Algorithm R)") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new OtelBuiltInReservoir(ExemplarReservoirFactory
                .fixedSizeReservoir(Clock.getDefault(), FIXED_SIZE, ThreadLocalRandom::current)
                .createDoubleExemplarReservoir());
        }
    },
    /** Prometheus: one exemplar per classic-histogram bucket, rate-limited. */
    PROMETHEUS_BUCKETS(Implementation.PROMETHEUS, Family.ALIGNED, "classic buckets (rate-limited)") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new PrometheusSampler(new ExemplarSampler(
                new ExemplarSamplerConfig(PROMETHEUS_DEFAULTS, prometheusUpperBounds()), PrometheusSampledSpan.INSTANCE));
        }
    },
    /** Prometheus: {@link #FIXED_SIZE} exemplars (min, max, oldest replacement), rate-limited. */
    PROMETHEUS_FIXED_SIZE(Implementation.PROMETHEUS, Family.FIXED_SIZE, "n exemplars (rate-limited)") {
        @Override
        ReservoirUnderTest create(final SlotArena arena) {
            return new PrometheusSampler(new ExemplarSampler(
                new ExemplarSamplerConfig(PROMETHEUS_DEFAULTS, FIXED_SIZE), PrometheusSampledSpan.INSTANCE));
        }
    };

    /** What a reservoir keeps, which decides who its peers are. */
    public enum Family {
        /** One exemplar per histogram bucket. */
        ALIGNED,
        /** A fixed number of exemplars per series. */
        FIXED_SIZE
    }

    /**
     * Exemplars kept by the fixed-size reservoirs: the SDK's default is the number of processors,
     * 2 on the reference machine; pinned so results do not change with the machine.
     */
    public static final int FIXED_SIZE = 2;
    /** The SDK's default explicit-bucket boundaries, used by every aligned reservoir here. */
    public static final List<Double> BOUNDARIES = ExplicitBucketHistogramUtils.DEFAULT_HISTOGRAM_BUCKET_BOUNDARIES;

    static final BucketBoundaries OUR_BOUNDARIES = BucketBoundaries.of(BOUNDARIES);
    /** Prometheus defaults: 90 ms sample interval, 7 s minimum and 70 s maximum retention. */
    private static final ExemplarsProperties PROMETHEUS_DEFAULTS = ExemplarsProperties.builder().build();

    private final Implementation implementation;
    private final Family family;
    private final String description;

    ReservoirKind(final Implementation implementation, final Family family, final String description) {
        this.implementation = implementation;
        this.family = family;
        this.description = description;
    }

    /**
     * @param arena where our reservoirs carve their slots from (ignored by the peers)
     * @return a new, empty reservoir of this kind
     */
    abstract ReservoirUnderTest create(SlotArena arena);

    /**
     * @return whose code this is
     */
    public Implementation implementation() {
        return implementation;
    }

    /**
     * @return what the reservoir keeps
     */
    public Family family() {
        return family;
    }

    /**
     * @return a short description for tables
     */
    public String description() {
        return description;
    }

    /** Prometheus classic-histogram upper bounds: the same boundaries plus the +Inf bucket it requires. */
    private static double[] prometheusUpperBounds() {
        final double[] bounds = new double[BOUNDARIES.size() + 1];
        for (int i = 0; i < BOUNDARIES.size(); i++) {
            bounds[i] = BOUNDARIES.get(i);
        }
        bounds[BOUNDARIES.size()] = Double.POSITIVE_INFINITY;
        return bounds;
    }
}
