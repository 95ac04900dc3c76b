package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultArenaLimitTest {
    @Test
    void aFractionOfTheDirectLimitBetweenFloorAndCeiling() {
        assertEquals(8L << 20, DefaultArenaLimit.ofDirectMemoryLimit(64L << 20));
        assertEquals(DefaultArenaLimit.FLOOR_BYTES, DefaultArenaLimit.ofDirectMemoryLimit(2L << 20));
        assertEquals(DefaultArenaLimit.CEILING_BYTES, DefaultArenaLimit.ofDirectMemoryLimit(64L << 30));
        assertTrue(DefaultArenaLimit.jvmDirectMemoryLimit() > 0);
    }

    @Test
    void sizesParseWithSuffixesAndBadOnesNameThePropertyAndValue() {
        assertEquals(4096, DefaultArenaLimit.parse("4096"));
        assertEquals(512L << 10, DefaultArenaLimit.parse("512k"));
        assertEquals(8L << 20, DefaultArenaLimit.parse(" 8M "));
        assertEquals(1L << 30, DefaultArenaLimit.parse("1g"));
        for (final String bad : new String[] {"", "m", "-1m", "0", "lots", "99999999999g"}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DefaultArenaLimit.parse(bad));
            assertTrue(e.getMessage().contains(DefaultArenaLimit.PROPERTY) && e.getMessage().contains("'" + bad + "'"),
                e.getMessage());
        }
    }
}
