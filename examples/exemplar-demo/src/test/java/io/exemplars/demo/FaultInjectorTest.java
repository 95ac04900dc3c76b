package io.exemplars.demo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes' default rates come out of the same draw the end-to-end test uses with raised rates.
 * Frequency checks are two-sided binomial tests at significance p = 0.001 (|z| <= 3.29, normal
 * approximation, n p >= 1000), with fixed seeds.
 */
class FaultInjectorTest {

    private static final int DRAWS = 100_000;
    private static final double Z_P001_TWO_SIDED = 3.2905;
    private static final long SEED = 20261122L;

    @Test
    void defaultRatesStrikeAtTheirRate() {
        assertTrue(frequencyMatches(new FaultInjector(DemoOptions.DEFAULT_USERS_SLOW_RATE, SEED, 0),
                DemoOptions.DEFAULT_USERS_SLOW_RATE));
        assertTrue(frequencyMatches(new FaultInjector(DemoOptions.DEFAULT_ORDERS_SLOW_RATE, SEED, 1),
                DemoOptions.DEFAULT_ORDERS_SLOW_RATE));
        assertTrue(frequencyMatches(new FaultInjector(DemoOptions.DEFAULT_CHECKOUT_ERROR_RATE, SEED, 2),
                DemoOptions.DEFAULT_CHECKOUT_ERROR_RATE));
    }

    @Test
    void theFrequencyCheckCatchesAnInjectorThatStrikesTooOften() {
        // A deliberately biased injector: 6% where 5% is claimed.
        assertFalse(frequencyMatches(new FaultInjector(0.06, SEED, 0), DemoOptions.DEFAULT_USERS_SLOW_RATE));
        // And one that strikes too rarely: 1.6% where 2% is claimed.
        assertFalse(frequencyMatches(new FaultInjector(0.016, SEED, 2), DemoOptions.DEFAULT_CHECKOUT_ERROR_RATE));
    }

    @Test
    void extremeRatesAreExact() {
        final FaultInjector never = new FaultInjector(0.0, SEED, 0);
        final FaultInjector always = new FaultInjector(1.0, SEED, 0);
        for (int i = 0; i < 1000; i++) {
            assertFalse(never.strikes());
            assertTrue(always.strikes());
        }
    }

    @Test
    void durationsStayInRangeAndReachBothEnds() {
        final FaultInjector injector = new FaultInjector(0.5, SEED, 0);
        boolean sawMin = false;
        boolean sawMax = false;
        for (int i = 0; i < 10_000; i++) {
            final long millis = injector.millisBetween(700, 710);
            assertTrue(millis >= 700 && millis <= 710, "drew " + millis);
            sawMin |= millis == 700;
            sawMax |= millis == 710;
        }
        assertTrue(sawMin && sawMax);
    }

    @Test
    void sameSeedSameSequenceAndRoutesDrawIndependently() {
        final FaultInjector a = new FaultInjector(0.5, SEED, 1);
        final FaultInjector b = new FaultInjector(0.5, SEED, 1);
        final FaultInjector otherRoute = new FaultInjector(0.5, SEED, 2);
        final StringBuilder sa = new StringBuilder();
        final StringBuilder sb = new StringBuilder();
        final StringBuilder so = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            sa.append(a.strikes() ? '1' : '0');
            sb.append(b.strikes() ? '1' : '0');
            so.append(otherRoute.strikes() ? '1' : '0');
        }
        assertEquals(sa.toString(), sb.toString());
        assertNotEquals(sa.toString(), so.toString());
    }

    @Test
    void rateOutsideZeroOneFailsNamingTheValue() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FaultInjector(1.25, SEED, 0));
        assertTrue(e.getMessage().contains("1.25"), e.getMessage());
    }

    private static boolean frequencyMatches(FaultInjector injector, double claimedRate) {
        int strikes = 0;
        for (int i = 0; i < DRAWS; i++) {
            if (injector.strikes()) {
                strikes++;
            }
        }
        final double expected = DRAWS * claimedRate;
        final double z = (strikes - expected) / Math.sqrt(expected * (1.0 - claimedRate));
        return Math.abs(z) <= Z_P001_TWO_SIDED;
    }
}
