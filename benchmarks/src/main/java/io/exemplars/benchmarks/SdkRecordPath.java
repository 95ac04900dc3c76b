package io.exemplars.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * What the SDK record benchmarks share: {@code DoubleHistogram.record(value, attributes)} inside a
 * sampled span made current, on 1 and 2 threads recording to the same series, each iteration
 * starting with a collection (a fresh exemplar interval settling into its steady state, as a real
 * export interval does). A subclass says which pipeline ({@link #newPipeline()}) and carries its
 * own {@code @Param} and {@code @Fork}; JMH generates the inherited benchmark methods under the
 * subclass's name.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public abstract class SdkRecordPath {
    /** The one series every thread records to. */
    private static final Attributes ROUTE = Attributes.of(AttributeKey.stringKey("http.route"), "/checkout");

    private SdkPipeline pipeline;
    private DoubleHistogram histogram;

    /** Makes the sampled span current on the benchmark thread, as instrumentation would. */
    @State(Scope.Thread)
    public static class CurrentSpan {
        private io.opentelemetry.context.Scope scope;

        @Setup(Level.Iteration)
        public void enter() {
            scope = TraceContexts.sampledSpan().makeCurrent();
        }

        @TearDown(Level.Iteration)
        public void exit() {
            scope.close();
        }
    }

    /**
     * @return the provider, reader and histogram this benchmark records to (its parameters are set)
     */
    abstract SdkPipeline newPipeline();

    @Setup(Level.Trial)
    public void createPipeline() {
        pipeline = newPipeline();
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
    public void oneThread(final CurrentSpan span, final ValueCursor values) {
        record(values);
    }

    @Benchmark
    @Threads(2)
    public void twoThreads(final CurrentSpan span, final ValueCursor values) {
        record(values);
    }

    /** One record of the next value to the one series, in the current span. */
    final void record(final ValueCursor values) {
        histogram.record(values.next(), ROUTE);
    }
}
