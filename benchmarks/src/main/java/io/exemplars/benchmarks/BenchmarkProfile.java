package io.exemplars.benchmarks;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long the comparison report measures each benchmark. Every benchmark runs in its own fork, so
 * one variant's JIT profile never shapes another's.
 *
 * <p>Time budget of {@link #QUICK} on 2 cores: 45 benchmarks x (3 + 5 iterations of 1 s, plus about
 * 1.5 s of fork start-up and per-iteration setup) is about 7 minutes, inside the 10-minute budget
 * with the build. Three warm-up iterations, not two: each iteration of the reject-dominated
 * benchmarks starts a fresh interval whose first offers take the accept path, and the JIT needs
 * a few iterations to stop recompiling around it.
 */
public enum BenchmarkProfile {
    /** Every benchmark once, briefly: proves nothing rots (CI). Figures are not meaningful. */
    SMOKE(1, 0, TimeValue.milliseconds(100), 1, TimeValue.milliseconds(100), BackendPass.ALL_OURS),
    /** The default: 1 fork, 3 x 1 s warmup, 5 x 1 s measurement; the key benchmarks on both backends. */
    QUICK(1, 3, TimeValue.seconds(1), 5, TimeValue.seconds(1), BackendPass.KEY),
    /** 2 forks, 5 x 1 s warmup, 5 x 2 s measurement; every benchmark of ours on both backends. */
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
