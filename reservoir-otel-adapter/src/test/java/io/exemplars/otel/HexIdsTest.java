package io.exemplars.otel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HexIdsTest {
    @Test
    void parsesTheW3cExampleIds() {
        assertEquals(0x0af7651916cd43ddL, HexIds.parseLong(TestContexts.SAMPLED_TRACE_ID, 0));
        assertEquals(0x8448eb211c80319cL, HexIds.parseLong(TestContexts.SAMPLED_TRACE_ID, 16));
        assertEquals(0xb7ad6b7169203331L, HexIds.parseLong(TestContexts.SAMPLED_SPAN_ID, 0));
    }

    @Test
    void acceptsUpperCaseDigits() {
        assertEquals(0xABCDEF0123456789L, HexIds.parseLong("ABCDEF0123456789", 0));
    }

    @Test
    void encodesWithLeadingZerosInLowerCase() {
        assertEquals("00000000000000010000000000000abc", HexIds.traceId(1L, 0xABCL));
        assertEquals("ffffffffffffffff", HexIds.spanId(-1L));
        assertEquals("0000000000000000", HexIds.spanId(0L));
    }

    @Test
    void roundTripsRandomIds() {
        final SplittableRandom random = new SplittableRandom(20261122L);
        for (int i = 0; i < 10_000; i++) {
            final long high = random.nextLong();
            final long low = random.nextLong();
            final String traceId = HexIds.traceId(high, low);
            assertEquals(String.format("%016x%016x", high, low), traceId);
            assertEquals(high, HexIds.parseLong(traceId, 0));
            assertEquals(low, HexIds.parseLong(traceId, HexIds.LONG_HEX_LENGTH));
            assertEquals(low, HexIds.parseLong(HexIds.spanId(low), 0));
        }
    }
}
