package io.exemplars.otel.autoconfigure;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PoissonBinomialTailTest {

    @Test
    void equalProbabilitiesGiveTheBinomialTail() {
        final double[] p = new double[10];
        Arrays.fill(p, 0.1);
        // P(X >= 3) for Binomial(10, 0.1) = 1 - (0.9^10 + 10 * 0.1 * 0.9^9 + 45 * 0.01 * 0.9^8)
        final double expected = 1 - (Math.pow(0.9, 10) + 10 * 0.1 * Math.pow(0.9, 9) + 45 * 0.01 * Math.pow(0.9, 8));
        assertEquals(expected, PoissonBinomialTail.atLeast(p, 3), 1e-12);
        assertEquals(1.0, PoissonBinomialTail.atLeast(p, 0), 1e-12);
        assertEquals(1e-10, PoissonBinomialTail.atLeast(p, 10), 1e-22);
    }

    @Test
    void mixedProbabilities() {
        // Two trials, 0.5 and 0.25: P(X >= 1) = 1 - 0.5 * 0.75; P(X >= 2) = 0.125.
        assertEquals(0.625, PoissonBinomialTail.atLeast(new double[] {0.5, 0.25}, 1), 1e-12);
        assertEquals(0.125, PoissonBinomialTail.atLeast(new double[] {0.5, 0.25}, 2), 1e-12);
        assertEquals(0.0, PoissonBinomialTail.atLeast(new double[] {0.5, 0.25}, 3), 1e-12);
    }

    @Test
    void refusesAProbabilityOutsideTheUnitInterval() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> PoissonBinomialTail.atLeast(new double[] {0.5, 1.5}, 1));
        assertEquals("probability 1 must be in [0, 1], was 1.5", e.getMessage());
    }
}
