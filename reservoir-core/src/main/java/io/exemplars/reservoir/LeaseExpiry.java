package io.exemplars.reservoir;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How long a reservoir's lease on arena slots stays its own without being renewed. A lease counts
 * from its reservoir's last collection (or creation): every collection renews it; one whose
 * reservoir has not been collected for longer than its expiry may be taken back by the arena when another reservoir asks for
 * slots the arena cannot otherwise give (under pressure only: an expired lease is never taken back
 * for its own sake). So a meter provider closed without a final collection, or a series the SDK
 * forgot, stops costing the live series anything after the expiry, with no garbage collection
 * needed.
 *
 * <p>The expiry is {@value #PROPERTY} when set (a duration such as {@code 500ms}, {@code 90s},
 * {@code 5m}, {@code 1h} or ISO-8601 {@code PT5M}), for every lease. When it is not set, a lease
 * lasts {@link #DEFAULT} (3 minutes), and a retaining reservoir's lease ({@link Retention}) at least
 * twice its {@code maxAge}, so a scraper that reads it less often than the default still finds its
 * exemplars.
 */
public final class LeaseExpiry {
    /** System property: the lease expiry of every arena created after it is set. */
    public static final String PROPERTY = "io.exemplars.reservoir.lease.expiry";
    /** The expiry when {@value #PROPERTY} is not set. */
    public static final Duration DEFAULT = Duration.ofMinutes(3);
    /** The shortest expiry accepted: a millisecond. */
    public static final Duration MIN = Duration.ofMillis(1);
    /** The longest expiry accepted: a day (longer is "never", which the Cleaner already is). */
    public static final Duration MAX = Duration.ofDays(1);

    private LeaseExpiry() {
    }

    /**
     * @return the expiry in nanoseconds: {@value #PROPERTY} when set, else {@link #DEFAULT}
     * @throws IllegalArgumentException naming the property and its value when it is set but not a
     *                                  duration in [{@link #MIN}, {@link #MAX}]
     */
    static long configuredNanos() {
        final String configured = System.getProperty(PROPERTY);
        return configured == null ? DEFAULT.toNanos() : parse(configured).toNanos();
    }

    /** @return whether {@value #PROPERTY} is set (it then applies to every lease, retaining or not) */
    static boolean configured() {
        return System.getProperty(PROPERTY) != null;
    }

    /**
     * @param retention   a reservoir's retention
     * @param expiryNanos the arena's expiry
     * @return the default expiry of that reservoir's lease: the arena's, or twice the retention's
     *     {@code maxAge} when that is longer
     */
    static long forRetention(final Retention retention, final long expiryNanos) {
        return retention.retains() ? Math.max(expiryNanos, 2 * retention.maxAge().toNanos()) : expiryNanos;
    }

    /** A duration such as {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h} or {@code PT5M}. */
    static Duration parse(final String text) {
        final String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Duration parsed = null;
        try {
            if (trimmed.startsWith("pt")) {
                parsed = Duration.parse(trimmed);
            } else if (trimmed.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(trimmed.substring(0, trimmed.length() - 2)));
            } else if (!trimmed.isEmpty()) {
                final TimeUnit unit = unit(trimmed.charAt(trimmed.length() - 1));
                if (unit != null) {
                    parsed = Duration.ofNanos(unit.toNanos(Long.parseLong(trimmed.substring(0, trimmed.length() - 1))));
                }
            }
        } catch (final NumberFormatException | DateTimeParseException | ArithmeticException notADuration) {
            parsed = null; // reported below
        }
        if (parsed == null || parsed.compareTo(MIN) < 0 || parsed.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(PROPERTY + " must be a duration from 1ms to 24h (for example 500ms, "
                + "90s, 5m, 1h or PT5M), was '" + text + "'");
        }
        return parsed;
    }

    private static TimeUnit unit(final char suffix) {
        switch (suffix) {
            case 's':
                return TimeUnit.SECONDS;
            case 'm':
                return TimeUnit.MINUTES;
            case 'h':
                return TimeUnit.HOURS;
            default:
                return null;
        }
    }
}
