package io.exemplars.reservoir.properties;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.ExemplarData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A reservoir seen through the OpenTelemetry SDK, as an application uses it: an
 * {@link SdkMeterProvider} with one View whose aggregation holds the reservoir, the
 * {@code alwaysOn()} exemplar filter, an instrument ({@link SdkInstrument}), and an
 * {@link InMemoryMetricReader} in DELTA temporality. An offer is recorded as a measurement; a
 * collect reads the metrics and turns each exemplar of the one point back into the offer its value
 * names ({@link InterleavedBuckets#positionOf}).
 *
 * <p>So every layer between a recording call and an exported exemplar takes part: the SDK's
 * instrument, storage and aggregator, the adapter's reservoir factory, the core reservoir, the
 * adapter's conversion to SDK exemplar data. What cannot be compared with the offer is the
 * exemplar's time (the SDK's clock) and span (none: nothing is recorded inside a span), so the
 * snapshot carries those as the SDK reported them and the check uses only which offer was kept.
 */
final class SdkPathSampler implements SamplerUnderTest {
    /** A trace id is two longs of 16 hex digits each; a span id one. */
    private static final int HEX_DIGITS_PER_LONG = 16;
    private static final int HEX_RADIX = 16;

    private final String name;
    private final SdkMeterProvider provider;
    private final InMemoryMetricReader reader;
    private final Consumer<Offer> instrument;
    private final InterleavedBuckets layout;
    private final Offer[] offers;

    private SdkPathSampler(final String name, final SdkInstrument kind, final Aggregation aggregation,
                           final InterleavedBuckets layout, final Offer[] offers) {
        this.name = name;
        this.layout = layout;
        this.offers = offers;
        this.reader = InMemoryMetricReader.createDelta();
        this.provider = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .setExemplarFilter(ExemplarFilter.alwaysOn())
            .registerView(InstrumentSelector.builder().setName(SdkInstrument.NAME).build(),
                View.builder().setAggregation(aggregation).build())
            .build();
        this.instrument = kind.create(provider.get("property-tests"));
    }

    /**
     * @param name        what the sampler is, for reports
     * @param kind        the instrument recorded into
     * @param aggregation makes the View's aggregation, once per sampler (a fresh arena each time)
     * @param layout      how values name arrival positions
     * @param offers      the interval's offers by position, as {@code kind} takes them
     * @return a factory of fresh SDK pipelines
     */
    static SamplerFactory factory(final String name, final SdkInstrument kind, final Supplier<Aggregation> aggregation,
                                  final InterleavedBuckets layout, final Offer[] offers) {
        return new SamplerFactory(name, () -> new SdkPathSampler(name, kind, aggregation.get(), layout, offers));
    }

    @Override
    public void offer(final Offer offer) {
        instrument.accept(offer);
    }

    /**
     * @param reset must be {@code true}: a DELTA reader's collect always starts a new interval
     * @param into  receives one snapshot per exemplar of the interval's point
     * @throws IllegalArgumentException for {@code reset == false}
     * @throws IllegalStateException    when the interval did not produce exactly one point
     */
    @Override
    public void collect(final boolean reset, final List<ExemplarSnapshot> into) {
        if (!reset) {
            throw new IllegalArgumentException("the SDK path reads in DELTA temporality, where every collect resets;"
                + " a collect without reset is not available");
        }
        int points = 0;
        for (final MetricData metric : reader.collectAllMetrics()) {
            for (final PointData point : metric.getData().getPoints()) {
                points++;
                int index = 0;
                for (final ExemplarData exemplar : point.getExemplars()) {
                    into.add(snapshot(index++, exemplar));
                }
            }
        }
        if (points != 1) {
            throw new IllegalStateException("an interval must produce exactly one point (one series), got " + points);
        }
    }

    /** The exemplar as the SDK reported it, its attributes the offer its value names. */
    private ExemplarSnapshot snapshot(final int index, final ExemplarData exemplar) {
        final boolean isLong = exemplar instanceof LongExemplarData;
        final long asLong;
        final double asDouble;
        if (isLong) {
            asLong = ((LongExemplarData) exemplar).getValue();
            asDouble = asLong;
        } else {
            asDouble = ((DoubleExemplarData) exemplar).getValue();
            asLong = (long) asDouble;
        }
        final Offer offer = offers[layout.positionOf(asDouble)];
        final SpanContext span = exemplar.getSpanContext();
        final boolean valid = span.isValid();
        return new ExemplarSnapshot(index, isLong, asLong, asDouble, exemplar.getEpochNanos(),
            valid ? Long.parseUnsignedLong(span.getTraceId().substring(0, HEX_DIGITS_PER_LONG), HEX_RADIX) : 0L,
            valid ? Long.parseUnsignedLong(span.getTraceId().substring(HEX_DIGITS_PER_LONG), HEX_RADIX) : 0L,
            valid ? Long.parseUnsignedLong(span.getSpanId(), HEX_RADIX) : 0L,
            valid ? span.getTraceFlags().asByte() & 0xFF : 0, offer);
    }

    @Override
    public void close() {
        provider.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
