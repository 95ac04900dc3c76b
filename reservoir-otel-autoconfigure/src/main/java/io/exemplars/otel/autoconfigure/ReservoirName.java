package io.exemplars.otel.autoconfigure;

import io.exemplars.otel.ReservoirSpec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The values of {@code otel.exemplars.reservoir}, each naming one {@link ReservoirSpec} factory.
 * Names are matched without regard to case, like the SDK's own
 * {@code otel.metrics.exemplar.filter}.
 */
enum ReservoirName {
    /** {@link ReservoirSpec#otelDefault()}: the specification's reservoir for each aggregation. */
    OTEL_DEFAULT("otel_default", false),
    /** {@link ReservoirSpec#alignedUniform()}: one uniform pick per histogram bucket. */
    ALIGNED_UNIFORM("aligned_uniform", false),
    /** {@link ReservoirSpec#alignedSlowest()}: each histogram bucket's largest measurement of the interval. */
    ALIGNED_SLOWEST("aligned_slowest", false),
    /**
     * {@link ReservoirSpec#alignedLastSeen()}: the latest measurement per bucket (the SDK's way);
     * kept as a value while that spec is deprecated, for configurations that name it.
     */
    ALIGNED_LAST_SEEN("aligned_last_seen", false),
    /** {@link ReservoirSpec#fixedSizeUniform(int)}: a uniform k-subset; k from the size key. */
    FIXED_SIZE_UNIFORM("fixed_size_uniform", true),
    /** {@link ReservoirSpec#slowest(int)}: the k largest measurements of the interval; k from the size key. */
    SLOWEST("slowest", true),
    /** {@link ReservoirSpec#weightedByValue(int)}: k measurements picked in proportion to their value. */
    WEIGHTED_BY_VALUE("weighted_by_value", true);

    private final String configName;
    private final boolean takesSize;

    ReservoirName(final String configName, final boolean takesSize) {
        this.configName = configName;
        this.takesSize = takesSize;
    }

    /** @return the name as configured, e.g. {@code aligned_uniform} */
    String configName() {
        return configName;
    }

    /** @return whether the reservoir needs {@code otel.exemplars.reservoir.size} (and others refuse it) */
    boolean takesSize() {
        return takesSize;
    }

    /**
     * @return whether the reservoir can take {@code otel.exemplars.reservoir.retain} (every one but
     *     the last-seen reservoir, which keeps each bucket's latest measurement)
     */
    boolean canRetain() {
        return this != ALIGNED_LAST_SEEN;
    }

    /** @return the names that take a size, comma-separated, for error messages */
    static String sizedNames() {
        return Arrays.stream(values()).filter(ReservoirName::takesSize).map(ReservoirName::configName)
            .collect(Collectors.joining(", "));
    }

    /** @return the names that can retain, comma-separated, for error messages */
    static String retainingNames() {
        return Arrays.stream(values()).filter(ReservoirName::canRetain).map(ReservoirName::configName)
            .collect(Collectors.joining(", "));
    }

    /**
     * @param size k for the names that {@link #takesSize()}; ignored by the others (which never get one)
     * @return the spec this name stands for
     * @throws IllegalArgumentException when {@code size} is out of the fixed-size range
     */
    @SuppressWarnings("deprecation") // aligned_last_seen stays configurable until the spec is removed
    ReservoirSpec spec(final int size) {
        switch (this) {
            case ALIGNED_UNIFORM:
                return ReservoirSpec.alignedUniform();
            case ALIGNED_SLOWEST:
                return ReservoirSpec.alignedSlowest();
            case ALIGNED_LAST_SEEN:
                return ReservoirSpec.alignedLastSeen();
            case FIXED_SIZE_UNIFORM:
                return ReservoirSpec.fixedSizeUniform(size);
            case SLOWEST:
                return ReservoirSpec.slowest(size);
            case WEIGHTED_BY_VALUE:
                return ReservoirSpec.weightedByValue(size);
            case OTEL_DEFAULT:
            default:
                return ReservoirSpec.otelDefault();
        }
    }

    /**
     * @param value a configured name (trimmed)
     * @return the reservoir it names, if any
     */
    static Optional<ReservoirName> find(final String value) {
        final String lower = value.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(name -> name.configName.equals(lower)).findFirst();
    }

    /** @return every accepted name, comma-separated, for error messages */
    static String allNames() {
        return Arrays.stream(values()).map(ReservoirName::configName).collect(Collectors.joining(", "));
    }
}
