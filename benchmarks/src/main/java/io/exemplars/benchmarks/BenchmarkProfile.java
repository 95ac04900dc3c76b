package io.exemplars.benchmarks;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long the comparison report measures each benchmark. Every benchmark runs in its own fork, so
 * one variant's JIT profile never shapes another's.
 *
 * <p>Each profile also says which of our benchmarks run a second time in forks without the JVM
 * flag ({@link BackendPass}): all of them for {@link #SMOKE} (so none rots on either backend) and
 * {@link #FULL}, the {@link BackendPass#KEY} ones for {@link #QUICK}.
 *
 * <p>Time budget of {@link #QUICK} on 2 cores (measured 2026-12-01: a smoke run of the 45 + 18
 * benchmarks takes 35 s, about 0.55 s each of which 0.1 s is measured, so about 0.45 s of fork
 * start-up and setup per benchmark; a quick run of 4 SDK-record benchmarks took 37 s, 9.2 s each):
 * 45 benchmarks in the flagged pass + 9 in the VarHandle pass, 54 x (3 + 5 iterations of 1 s +
 * about 1.2 s of fork start-up and per-iteration setup), is about 8.3 minutes (6.9 for the flagged
 * pass, 1.4 for the second), inside the 10-minute budget with the build. The second pass with all
 * 18 of ours would add 2.8 minutes instead of 1.4 and overrun it. Three warm-up iterations, not
 * two: each iteration of the reject-dominated benchmarks starts a fresh interval whose first offers
 * take the accept path, and the JIT needs a few iterations to stop recompiling around it.
 */
public enum BenchmarkProfile {
    /** Every benchmark once, briefly: proves nothing rots (CI). Figures are not meaningful. */
    SMOKE(1, 0, TimeValue.milliseconds(100), 1, TimeValue.milliseconds(100), BackendPass.ALL_OURS),
    /** The default: 1 fork, 3 x 1 s warmup, 5 x 1 s measurement; the key benchmarks on both backends. */
    QUICK(1, 3, TimeValue.seconds(1), 5, TimeValue.seconds(1), BackendPass.KEY),
    /**
     * 2 forks, 5 x 1 s warmup, 5 x 2 s measurement; every benchmark of ours on both backends: about
     * 25 minutes for the flagged pass and 10 more for the second, on 2 cores.
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
