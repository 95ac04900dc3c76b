package io.exemplars.otel;

import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator;
import io.opentelemetry.sdk.metrics.internal.aggregator.AggregatorFactory;
import io.opentelemetry.sdk.metrics.internal.descriptor.InstrumentDescriptor;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarFilterInternal;

import java.util.List;
import java.util.Objects;

/**
 * A default aggregation that decides per instrument, by its name: one aggregation (ours) for the
 * instruments whose name matches one of the patterns, another (the SDK's default) for the others.
 * What {@link ReservoirAggregation#defaultAggregation(ReservoirSpec, List)} returns.
 *
 * <h2>Why not a View per name</h2>
 * A reader's default aggregation is the one place where the SDK keeps an instrument's
 * attribute-key advice: a registered {@code View} that does not set its own attribute filter keeps
 * every attribute of the measurement (SDK {@code ViewRegistry}: advice is applied to the default
 * view only). Instrumentations such as the Java agent's HTTP metrics record all span attributes
 * and rely on that advice to keep a handful; behind a View their histograms would get a series per
 * client port. As a default aggregation this keeps both the attribute advice and the bucket
 * advice, and an application's own View for an instrument still wins over it, as over any
 * default.
 *
 * <h2>Names</h2>
 * Patterns are globs ({@link InstrumentNamePatterns}), matched as {@code InstrumentSelector.setName}
 * matches them, once per instrument and reader when the SDK creates the instrument's metric
 * storage, never on the recording path.
 */
final class InstrumentNameSelectedAggregation implements Aggregation, AggregatorFactory {
    private final AggregatorFactory selected;
    private final AggregatorFactory others;
    private final InstrumentNamePatterns patterns;

    /**
     * @param selected for the instruments a pattern matches (an {@link AggregatorFactory}, as every
     *                 SDK and adapter aggregation is)
     * @param others   for the other instruments
     * @param patterns which instruments get {@code selected}
     */
    InstrumentNameSelectedAggregation(final Aggregation selected, final Aggregation others,
                                      final InstrumentNamePatterns patterns) {
        this.selected = (AggregatorFactory) selected;
        this.others = (AggregatorFactory) others;
        this.patterns = patterns;
    }

    @Override
    public <T extends PointData> Aggregator<T> createAggregator(final InstrumentDescriptor instrument,
                                                                final ExemplarFilterInternal exemplarFilter,
                                                                final MemoryMode memoryMode) {
        return factoryFor(instrument).createAggregator(instrument, exemplarFilter, memoryMode);
    }

    @Override
    public boolean isCompatibleWithInstrument(final InstrumentDescriptor instrument) {
        return factoryFor(instrument).isCompatibleWithInstrument(instrument);
    }

    private AggregatorFactory factoryFor(final InstrumentDescriptor instrument) {
        return patterns.test(instrument.getName()) ? selected : others;
    }

    @Override
    public boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof InstrumentNameSelectedAggregation)) {
            return false;
        }
        final InstrumentNameSelectedAggregation that = (InstrumentNameSelectedAggregation) o;
        return selected.equals(that.selected) && others.equals(that.others)
            && patterns.equals(that.patterns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(selected, others, patterns);
    }

    @Override
    public String toString() {
        return "InstrumentNameSelectedAggregation{" + selected + " for instruments " + patterns
            + ", else " + others + "}";
    }
}
