package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reservoirs' randomness without the test-only seeding switch (this module's JVM does not set
 * it): a reseed is refused, loudly, instead of silently not applying. The seeded draws themselves
 * are exercised by property-tests, whose JVM sets the switch ({@code SeededSamplingTest}).
 */
class SamplingRandomTest {

    @Test
    void aReseedWithoutTheSwitchFailsNamingIt() {
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> SamplingRandom.reseedThisThread(42L));
        assertTrue(refused.getMessage().contains("-D" + SamplingRandom.SEEDABLE_PROPERTY + "=true"),
            refused.getMessage());
    }

    @Test
    void boundedDrawsStayInTheirBounds() {
        for (int i = 0; i < 10_000; i++) {
            final long bounded = SamplingRandom.nextLong(3);
            final int small = SamplingRandom.nextInt(5);
            final double unit = SamplingRandom.nextDouble();
            assertTrue(bounded >= 0 && bounded < 3, "nextLong(3) gave " + bounded);
            assertTrue(small >= 0 && small < 5, "nextInt(5) gave " + small);
            assertTrue(unit >= 0.0 && unit < 1.0, "nextDouble() gave " + unit);
            assertTrue(SampleKeys.next() >= 0, "a key must be non-negative");
        }
    }
}
