package io.exemplars.benchmarks;

import io.exemplars.otel.ReservoirAggregation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.View;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * {@link SdkRecordBenchmark}'s record path (a sampled span current, one series, traceBased filter,
 * our aligned uniform reservoir through a View) with each {@link SelectionVariant} as the View's
 * measurement filter (parameter {@code mode}, the report's variant). The span is a wrapped span
 * context, not a recording SDK span: {@code errorsOnly()} finds no error and {@code markSpans()}
 * has nothing to mark, so those rows show the cost of asking, not of reading a status or writing an
 * attribute (both only for stored winners).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkedJvm.OFF_HEAP_ACCESS, ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
@State(Scope.Benchmark)
public class SelectionSdkRecordBenchmark {
    private static final Attributes ROUTE = Attributes.of(AttributeKey.stringKey("http.route"), "/checkout");

    @Param
    public SelectionVariant mode;

    private SdkPipeline pipeline;
    private DoubleHistogram histogram;

    @Setup(Level.Trial)
    public void createPipeline() {
        pipeline = SdkPipeline.create(builder -> builder.setExemplarFilter(ExemplarFilter.traceBased())
            .registerView(InstrumentSelector.builder().setName(SdkPipeline.HISTOGRAM_NAME).build(),
                View.builder().setAggregation(ReservoirAggregation.explicitBucketHistogram(mode.spec())).build()));
        histogram = pipeline.histogram();
    }

    @Setup(Level.Iteration)
    public void startInterval(final Blackhole sink) {
        sink.consume(pipeline.collect());
    }

    @TearDown(Level.Trial)
    public void closePipeline() {
        pipeline.close();
    }

    @Benchmark
    @Threads(1)
    public void oneThread(final SdkRecordBenchmark.CurrentSpan span, final ValueCursor values) {
        histogram.record(values.next(), ROUTE);
    }

    @Benchmark
    @Threads(2)
    public void twoThreads(final SdkRecordBenchmark.CurrentSpan span, final ValueCursor values) {
        histogram.record(values.next(), ROUTE);
    }
}
