package io.exemplars.benchmarks;

import io.exemplars.reservoir.SlotMemoryBackend;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

import java.util.Locale;
import java.util.Map;

/**
 * One JMH result as the report uses it: which benchmark method, which variant, on which slot-memory
 * backend, how many threads, the time per operation and the bytes allocated per operation.
 *
 * @param method     the benchmark method as {@code Class.method}, e.g. {@code OfferBenchmark.rejectOneThread}
 * @param variant    the {@code kind} or {@code mode} parameter, empty when the benchmark has none
 * @param backend    the slot-memory backend the fork was started for ({@link ForkedJvm#backendOf}, checked
 *                   inside the fork by {@link ExpectedBackend}), null when its JVM options named none;
 *                   the peers' and the floor's figures do not depend on it
 * @param threads    threads that ran the method concurrently
 * @param nsPerOp    time per operation per thread, nanoseconds: the median of the measured
 *                   iterations (on a small, noisy machine one disturbed iteration moves a mean
 *                   far more than a median)
 * @param nsError    half the spread (max - min) of the measured iterations, 0 with one iteration
 * @param bytesPerOp bytes allocated per operation: the collecting thread's own count where the
 *                   benchmark keeps one ({@link CollectorAllocation}), else {@code -prof gc}'s
 *                   {@code gc.alloc.rate.norm} (NaN without it)
 */
public record Measurement(String method, String variant, SlotMemoryBackend backend, int threads, double nsPerOp,
                          double nsError, double bytesPerOp) {
    /** JMH's name for the normalised allocation rate of the GC profiler. */
    private static final String ALLOCATION_PER_OP = "gc.alloc.rate.norm";
    /** Percentile of the iteration scores reported as the figure. */
    private static final double MEDIAN = 50.0;
    /** The JMH parameters that name a variant, in the order they are looked up. */
    private static final String[] VARIANT_PARAMS = {"kind", "mode"};

    /**
     * @param result one benchmark's result (all forks and iterations aggregated)
     * @return the measurement
     * @throws IllegalArgumentException if the benchmark did not report in nanoseconds per operation
     */
    public static Measurement of(final RunResult result) {
        final BenchmarkParams params = result.getParams();
        final Result<?> primary = result.getPrimaryResult();
        if (!"ns/op".equals(primary.getScoreUnit())) {
            throw new IllegalArgumentException(
                params.getBenchmark() + " reports " + primary.getScoreUnit() + ", the report expects ns/op");
        }
        final Statistics iterations = primary.getStatistics();
        return new Measurement(shortName(params.getBenchmark()), variant(params),
            ForkedJvm.backendOf(params.getJvmArgs()), params.getThreads(), iterations.getPercentile(MEDIAN),
            (iterations.getMax() - iterations.getMin()) / 2, bytesPerOp(result.getSecondaryResults()));
    }

    /** {@code io.exemplars.benchmarks.OfferBenchmark.rejectOneThread} becomes {@code OfferBenchmark.rejectOneThread}. */
    static String shortName(final String benchmark) {
        final int method = benchmark.lastIndexOf('.');
        final int type = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    /** The value of the parameter that names the variant ({@code kind} or {@code mode}), or empty. */
    static String variant(final BenchmarkParams params) {
        for (final String name : VARIANT_PARAMS) {
            final String value = params.getParam(name);
            if (value != null) {
                return value;
            }
        }
        return "";
    }

    /** Older JMH versions prefix secondary results with a middle dot; match on the suffix. */
    private static double bytesPerOp(final Map<String, ?> secondary) {
        final Result<?> collectorBytes = (Result<?>) secondary.get(CollectorAllocation.BYTES_COUNTER);
        final Result<?> collects = (Result<?>) secondary.get(CollectorAllocation.COLLECTS_COUNTER);
        if (collectorBytes != null && collects != null && collects.getScore() > 0) {
            return collectorBytes.getScore() / collects.getScore();
        }
        for (final Map.Entry<String, ?> entry : secondary.entrySet()) {
            if (entry.getKey().endsWith(ALLOCATION_PER_OP)) {
                return ((Result<?>) entry.getValue()).getScore();
            }
        }
        return Double.NaN;
    }

    /**
     * @param method  a benchmark method as {@code Class.method}
     * @param variant a variant name, or empty
     * @return {@code true} when this is that benchmark and variant
     */
    public boolean is(final String method, final String variant) {
        return this.method.equals(method) && this.variant.equals(variant);
    }

    /**
     * @param other another measurement, may be null
     * @return this time per operation divided by the other's (below 1: this is faster), NaN without
     *     the other
     */
    public double timeOver(final Measurement other) {
        return other == null ? Double.NaN : nsPerOp / other.nsPerOp;
    }

    /**
     * @return the backend as a variant label, {@code backend=var_handle} or {@code backend=agrona_unsafe}
     *     ({@code backend=unknown} when the fork's options named none)
     */
    public String backendLabel() {
        return backendLabel(backend);
    }

    /**
     * @param backend a backend, or null when unknown
     * @return it as a variant label, e.g. {@code backend=var_handle}
     */
    static String backendLabel(final SlotMemoryBackend backend) {
        return "backend=" + (backend == null ? "unknown" : backend.name().toLowerCase(Locale.ROOT));
    }
}
