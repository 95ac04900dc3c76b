package io.exemplars.benchmarks;

import io.exemplars.otel.ReservoirAggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.View;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link SdkRecordBenchmark}'s record path (a sampled span current, one series, traceBased filter,
 * our aligned uniform reservoir through a View) with each {@link SelectionVariant} as the View's
 * measurement filter (parameter {@code mode}, the report's variant). The span is a wrapped span
 * context, not a recording SDK span: {@code errorsOnly()} finds no error and {@code markSpans()}
 * has nothing to mark, so those rows show the cost of asking, not of reading a status or writing an
 * attribute (both only for stored winners).
 */
@Fork(value = 1, jvmArgsAppend = {ForkedJvm.OFF_HEAP_ACCESS, ForkedJvm.HEAP_MIN, ForkedJvm.HEAP_MAX})
public class SelectionSdkRecordBenchmark extends SdkRecordPath {
    @Param
    public SelectionVariant mode;

    @Override
    SdkPipeline newPipeline() {
        return SdkPipeline.create(builder -> builder.setExemplarFilter(ExemplarFilter.traceBased())
            .registerView(InstrumentSelector.builder().setName(SdkPipeline.HISTOGRAM_NAME).build(),
                View.builder().setAggregation(ReservoirAggregation.explicitBucketHistogram(mode.spec())).build()));
    }
}
