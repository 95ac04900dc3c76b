package io.exemplars.demo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoOptionsTest {

    @Test
    void defaultsAreLoopbackAndTheIssuesRates() {
        final DemoOptions options = DemoOptions.parse(new String[0], 99L);
        assertEquals("127.0.0.1", options.bind());
        assertEquals(8080, options.port());
        assertEquals(9464, options.metricsPort());
        assertFalse(options.generateTraffic());
        assertEquals(99L, options.seed());
        assertEquals(0.05, options.usersSlowRate());
        assertEquals(0.10, options.ordersSlowRate());
        assertEquals(0.02, options.checkoutErrorRate());
        assertEquals(10_000, options.traceCapacity());
    }

    @Test
    void everyFlagIsParsed() {
        final DemoOptions options = DemoOptions.parse(new String[] {
            "--bind", "::1", "--port", "0", "--metrics-port", "0", "--generate-traffic", "--traffic-rate", "2.5",
            "--seed", "-7", "--users-slow-rate", "1", "--orders-slow-rate", "0", "--checkout-error-rate", "0.5",
            "--trace-capacity", "3", "--help"}, 99L);
        assertEquals("::1", options.bind());
        assertEquals(0, options.port());
        assertEquals(0, options.metricsPort());
        assertTrue(options.generateTraffic());
        assertEquals(2.5, options.trafficRate());
        assertEquals(-7L, options.seed());
        assertEquals(1.0, options.usersSlowRate());
        assertEquals(0.0, options.ordersSlowRate());
        assertEquals(0.5, options.checkoutErrorRate());
        assertEquals(3, options.traceCapacity());
        assertTrue(options.help());
    }

    @Test
    void badValuesFailNamingTheFlagAndTheValue() {
        assertRejected("--port 65536", "--port", "65536");
        assertRejected("--metrics-port -1", "--metrics-port", "-1");
        assertRejected("--users-slow-rate 1.5", "--users-slow-rate", "1.5");
        assertRejected("--orders-slow-rate NaN", "--orders-slow-rate", "NaN");
        assertRejected("--checkout-error-rate x", "--checkout-error-rate", "x");
        assertRejected("--traffic-rate 0", "--traffic-rate", "0");
        assertRejected("--trace-capacity 0", "--trace-capacity", "0");
        assertRejected("--seed 1.5", "--seed", "1.5");
        assertRejected("--port 9000 --metrics-port 9000", "--metrics-port", "9000");
        assertRejected("--verbose", "--verbose", "unknown");
        assertRejected("--port", "--port", "needs a value");
    }

    private static void assertRejected(String args, String flag, String value) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoOptions.parse(args.split(" "), 0L), args);
        assertTrue(e.getMessage().contains(flag) && e.getMessage().contains(value), e.getMessage());
    }
}
