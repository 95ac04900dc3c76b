package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseExpiryTest {
    @Test
    void parsesUnitsAndIsoDurations() {
        assertEquals(Duration.ofMillis(500), LeaseExpiry.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), LeaseExpiry.parse(" 90S "));
        assertEquals(Duration.ofMinutes(5), LeaseExpiry.parse("5m"));
        assertEquals(Duration.ofHours(1), LeaseExpiry.parse("1h"));
        assertEquals(Duration.ofMinutes(5), LeaseExpiry.parse("PT5M"));
    }

    @Test
    void refusesNamingThePropertyAndTheValue() {
        for (final String bad : new String[] {"", "5", "0ms", "-1s", "25h", "soon", "PT0S", "1.5s"}) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeaseExpiry.parse(bad));
            assertTrue(e.getMessage().startsWith(LeaseExpiry.PROPERTY + " must be a duration")
                && e.getMessage().endsWith("was '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void aRetainingLeaseLastsTwiceItsMaxAgeWhenThatIsLonger() {
        final long threeMinutes = LeaseExpiry.DEFAULT.toNanos();
        assertEquals(threeMinutes, LeaseExpiry.forRetention(Retention.none(), threeMinutes));
        assertEquals(threeMinutes, LeaseExpiry.forRetention(Retention.of(Duration.ofSeconds(60)), threeMinutes));
        assertEquals(Duration.ofMinutes(10).toNanos(),
            LeaseExpiry.forRetention(Retention.of(Duration.ofMinutes(5)), threeMinutes));
    }
}
