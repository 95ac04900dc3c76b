package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectMemoryHeadroomTest {
    private static final long MIB = 1L << 20;

    @Test
    void allocatesOnlyWhileAnEighthOfTheLimitStaysFree() {
        assertTrue(DirectMemoryHeadroom.allows(64 * MIB, 0, MIB));
        assertTrue(DirectMemoryHeadroom.allows(64 * MIB, 55 * MIB, MIB), "8 MiB left after it: exactly the reserve");
        assertFalse(DirectMemoryHeadroom.allows(64 * MIB, 55 * MIB + 1, MIB), "one byte into the reserve");
        assertFalse(DirectMemoryHeadroom.allows(64 * MIB, 64 * MIB, MIB));
        assertTrue(DirectMemoryHeadroom.allows(MIB), "this test JVM has room for a slab");
    }
}
