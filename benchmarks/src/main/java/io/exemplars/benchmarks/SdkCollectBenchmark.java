package io.exemplars.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.data.MetricData;
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

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * A collection through the SDK of a histogram with {@value CollectBenchmark#SERIES} series, each
 * with {@value CollectBenchmark#OFFERS_PER_SERIES} measurements recorded in a sampled span since
 * the last collection: ours through a View against the SDK's built-in reservoir. Time and bytes the
 * collecting thread allocates per collection ({@link CollectorAllocation}); both include the SDK's own point building, which is the
 * same for both, so the difference is the exemplar path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {ForkedJvm.OFF_HEAP_ACCESS, ForkedJvm.EXPECT_AGRONA_UNSAFE,
    ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
@State(Scope.Benchmark)
public class SdkCollectBenchmark {
    private static final AttributeKey<Long> SERIES_KEY = AttributeKey.longKey("series");

    @Param({"BUILT_IN", "OURS"})
    public ExemplarMode mode;

    private SdkPipeline pipeline;
    private DoubleHistogram histogram;
    private Attributes[] series;
    private Context context;

    @Setup(Level.Trial)
    public void createSeries() {
        pipeline = SdkPipeline.create(mode);
        histogram = pipeline.histogram();
        context = TraceContexts.sampledSpan();
        series = new Attributes[CollectBenchmark.SERIES];
        for (int s = 0; s < series.length; s++) {
            series[s] = Attributes.of(SERIES_KEY, (long) s);
        }
    }

    @Setup(Level.Invocation)
    public void record() {
        int index = 0;
        for (final Attributes attributes : series) {
            for (int i = 0; i < CollectBenchmark.OFFERS_PER_SERIES; i++) {
                histogram.record(LatencyValues.at(index++), attributes, context);
            }
        }
    }

    @TearDown(Level.Trial)
    public void closePipeline() {
        pipeline.close();
    }

    @Benchmark
    @Threads(1)
    public Collection<MetricData> collectAllSeries(final CollectorAllocation allocation) {
        allocation.start();
        final Collection<MetricData> metrics = pipeline.collect();
        allocation.stop();
        return metrics;
    }
}
