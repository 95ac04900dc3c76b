package io.exemplars.reservoir;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Opens {@link Retention}'s package-private clock to the retention properties, which drive
 * intervals with a clock of their own instead of waiting for real ones to pass.
 */
public final class ManualClockRetention {
    private ManualClockRetention() {
    }

    /**
     * @param maxAge         as for {@link Retention#of(Duration)}
     * @param epochNanosClock the clock the reservoir reads at collection (epoch nanoseconds)
     * @return the retention
     */
    public static Retention of(final Duration maxAge, final LongSupplier epochNanosClock) {
        return Retention.of(maxAge, epochNanosClock);
    }
}
