package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.SeededSampling;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;

/**
 * Seeds the reservoirs' own randomness before every test of this module (registered for all of
 * them through {@code META-INF/services} and {@code junit-platform.properties}), from the test's
 * unique id: the same test, or the same case of a parameterized one, draws the same keys in every
 * run. With the inputs already seeded ({@link SeededCase}), a single-threaded experiment, its
 * statistic and its verdict then repeat exactly; a concurrent one repeats each thread's draws (the
 * threads a test starts split their streams from the test's), though not the interleaving.
 *
 * <p>The seed is printed with the test's id (surefire keeps it in {@code *-output.txt}).
 */
public final class SamplerSeedExtension implements BeforeEachCallback {
    /** Mixed into every test's seed: change it to run the whole suite on other draws. */
    static final long SUITE_SEED = 0x0E8E_3A1A_5EED_0001L;

    @Override
    public void beforeEach(final ExtensionContext context) {
        final String test = context.getUniqueId();
        final long seed = seedOf(test);
        SeededSampling.reseed(seed);
        System.out.printf("sampler seed 0x%016XL for %s%n", seed, test);
    }

    /**
     * @param testId a test's unique id
     * @return its sampler seed: the SplitMix64 mix of the id's 64-bit FNV-1a hash and {@link #SUITE_SEED}
     */
    static long seedOf(final String testId) {
        long hash = 0xCBF29CE484222325L; // FNV-1a offset basis
        for (final byte b : testId.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * 0x100000001B3L; // FNV-1a prime
        }
        return SplitMix64.mix(hash ^ SUITE_SEED);
    }
}
