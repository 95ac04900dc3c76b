package io.exemplars.reservoir.properties;

import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

import java.util.function.Consumer;

/**
 * The instrument an {@link SdkPathSampler} records into, and the measurements it takes: a
 * {@code long} counter takes {@link InterleavedBuckets#longOffers long offers}, a {@code double}
 * histogram {@link InterleavedBuckets#doubleOffers double offers}. Either way the measurement's
 * value names its arrival position.
 */
enum SdkInstrument {
    /** {@code LongCounter.add(value)}: the counter of the fixed-size property (a sum, or any View). */
    LONG_COUNTER {
        @Override
        Consumer<Offer> create(final Meter meter) {
            final LongCounter counter = meter.counterBuilder(NAME).build();
            return offer -> counter.add(offer.longValue());
        }

        @Override
        Offer[] offers(final InterleavedBuckets layout, final long seed) {
            return layout.longOffers(seed);
        }
    },
    /** {@code DoubleHistogram.record(value)}: the histogram of the aligned property. */
    DOUBLE_HISTOGRAM {
        @Override
        Consumer<Offer> create(final Meter meter) {
            final DoubleHistogram histogram = meter.histogramBuilder(NAME).build();
            return offer -> histogram.record(offer.doubleValue());
        }

        @Override
        Offer[] offers(final InterleavedBuckets layout, final long seed) {
            return layout.doubleOffers(seed);
        }
    };

    /** The instrument's name, which the samplers' Views select. */
    static final String NAME = "arrival.position";

    /**
     * @param meter where to create the instrument
     * @return records one offer's measurement (no attributes, the current context); allocates
     *     nothing per call
     */
    abstract Consumer<Offer> create(Meter meter);

    /**
     * @param layout the interval's offers and buckets
     * @param seed   the offers' seed
     * @return the interval's offers in the value type this instrument takes, by arrival position
     */
    abstract Offer[] offers(InterleavedBuckets layout, long seed);
}
