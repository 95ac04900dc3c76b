package io.exemplars.otel;

import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.InstrumentValueType;
import io.opentelemetry.sdk.metrics.internal.descriptor.Advice;
import io.opentelemetry.sdk.metrics.internal.descriptor.InstrumentDescriptor;

import java.util.List;

/**
 * Instrument descriptors built by hand, for tests that ask an aggregation directly what it does
 * for one instrument, including advice the SDK's builders would refuse.
 */
final class TestInstruments {
    private TestInstruments() {
    }

    /**
     * @param type   the instrument type
     * @param advice bucket-boundary advice, or null for none
     * @return a double instrument named {@code test.instrument} with that advice
     */
    static InstrumentDescriptor descriptor(final InstrumentType type, final List<Double> advice) {
        return InstrumentDescriptor.create("test.instrument", "", "", type, InstrumentValueType.DOUBLE,
            Advice.builder().setExplicitBucketBoundaries(advice).build());
    }

    /**
     * @return a double histogram with no advice
     */
    static InstrumentDescriptor histogram() {
        return descriptor(InstrumentType.HISTOGRAM, null);
    }
}
