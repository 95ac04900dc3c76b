package io.exemplars.benchmarks;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.List;

/**
 * How long the comparison report measures each benchmark. Every benchmark runs in its own fork, so
 * one variant's JIT profile never shapes another's.
 *
 * <p>Each profile also says which of our benchmarks run a second time in forks without the JVM
 * flag ({@link BackendPass}): all of them for {@link #SMOKE} (so none rots on either backend) and
 * {@link #FULL}, the {@link BackendPass#KEY} ones for {@link #QUICK}.
 *
 * <p>Time budget of {@link #QUICK} on 2 cores: each benchmark costs its iterations plus about
 * 1.2 s of fork start-up and per-iteration setup (measured 2026-12-01: a smoke run takes about
 * 0.45 s of that per benchmark; a quick run of 4 SDK-record benchmarks with 1 s iterations took
 * 9.2 s each). The flagged pass has 69 benchmarks (the 24 selection-filter variants are left out
 * of the quick profile, {@link #excludes()}; the SDK record at 8 threads, 5 modes, is in) and the
 * VarHandle pass 9, so the quick profile's iterations are 500 ms: 78 x (8 x 0.5 s + 1.2 s), about
 * 6.8 minutes; then the memory per series (1,000 and 10,000 series, about 15 s) and the short
 * service section (4 modes x about 25 s), about 8.8 minutes, inside the 10-minute budget with the
 * build. Three warm-up
 * iterations, not two: each iteration of the reject-dominated benchmarks starts a fresh interval
 * whose first offers take the accept path, and the JIT needs a few iterations to stop recompiling
 * around it.
 */
public enum BenchmarkProfile {
    /** Every benchmark once, briefly: proves nothing rots (CI). Figures are not meaningful. */
    SMOKE(1, 0, TimeValue.milliseconds(100), 1, TimeValue.milliseconds(100), BackendPass.ALL_OURS),
    /** The default: 1 fork, 3 x 500 ms warmup, 5 x 500 ms measurement; the key benchmarks on both backends. */
    QUICK(1, 3, TimeValue.milliseconds(500), 5, TimeValue.milliseconds(500), BackendPass.KEY),
    /**
     * 2 forks, 5 x 1 s warmup, 5 x 2 s measurement; every benchmark of ours on both backends: about
     * 28 minutes for the flagged pass and 12 more for the second, on 2 cores; then memory per series
     * up to 100,000 series (about 2 minutes) and the full service benchmark (about 7 minutes).
     */
    FULL(2, 5, TimeValue.seconds(1), 5, TimeValue.seconds(2), BackendPass.ALL_OURS);

    private final int forks;
    private final int warmupIterations;
    private final TimeValue warmupTime;
    private final int measurementIterations;
    private final TimeValue measurementTime;
    private final BackendPass backendPass;

    BenchmarkProfile(final int forks, final int warmupIterations, final TimeValue warmupTime,
                     final int measurementIterations, final TimeValue measurementTime,
                     final BackendPass backendPass) {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupTime = warmupTime;
        this.measurementIterations = measurementIterations;
        this.measurementTime = measurementTime;
        this.backendPass = backendPass;
    }

    /**
     * @return patterns of the benchmarks this profile leaves out: the selection filters' variants
     *     for {@link #QUICK} (they run in {@link #FULL} and {@link #SMOKE}), so the quick profile has
     *     room for the service and memory sections in its 10-minute budget
     */
    List<String> excludes() {
        return this == QUICK ? List.of("\\.Selection[A-Za-z]*Benchmark\\.") : List.of();
    }

    /**
     * @return the service benchmark's settings for this profile
     */
    ServiceSettings serviceSettings() {
        return switch (this) {
            case SMOKE -> ServiceSettings.SMOKE;
            case QUICK -> ServiceSettings.QUICK;
            case FULL -> ServiceSettings.FULL;
        };
    }

    /**
     * @return which of our benchmarks run a second time, without the JVM flag
     */
    BackendPass backendPass() {
        return backendPass;
    }

    /**
     * @param builder JMH options under construction
     * @return the builder with this profile's forks and iterations
     */
    ChainedOptionsBuilder apply(final ChainedOptionsBuilder builder) {
        return builder.forks(forks)
            .warmupIterations(warmupIterations).warmupTime(warmupTime)
            .measurementIterations(measurementIterations).measurementTime(measurementTime);
    }

    /**
     * @return the profile in words, for the report
     */
    String description() {
        return forks + " fork" + (forks == 1 ? "" : "s") + " x (" + warmupIterations + " x " + warmupTime
            + " warmup + " + measurementIterations + " x " + measurementTime + " measurement) per benchmark, -prof gc";
    }
}
