package io.exemplars.reservoir;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How long a bottom-k reservoir ({@link FixedSizeUniformReservoir}, {@link SlowestValuesReservoir},
 * {@link ValueWeightedReservoir}) or an aligned one ({@link AlignedUniformReservoir},
 * {@link AlignedSlowestReservoir}) keeps its exemplars across collections that do not reset
 * (cumulative temporality, where every scrape of a pull exporter is a collection). The rules below
 * are those of a bottom-k reservoir's whole pick; an aligned reservoir applies them bucket by bucket
 * (each bucket's current and previous pick, each bucket rotated only when its current pick holds
 * something; see {@link SlotRing#collectAlignedRetaining}).
 *
 * <h2>Intervals end by time</h2>
 * Time is cut into intervals of length {@code L = maxAge / 2}, aligned to the epoch (interval
 * {@code i} is {@code [i L, (i + 1) L)} of the clock). The reservoir keeps two picks: the
 * <em>current</em> one, the bottom-k of the offers since the last rotation, and the
 * <em>previous</em> one. A rotation happens at the first collection that finds the clock in a later
 * interval than the last rotation, and only when the current pick holds something: the current pick
 * becomes the previous one (replacing it) and the current one starts empty. So there is at most one
 * rotation per interval however many collectors there are, and when a rotation happens depends on
 * the clock and the collections, never on the keys: each pick is an exact bottom-k (uniform,
 * slowest or weighted) of its window of offers. The reject path is untouched (the rotation runs
 * in the collector, under the reservoir lock).
 *
 * <h2>What a non-resetting collection exports</h2>
 * The current pick's exemplars captured (their {@link ExemplarCapturer#epochNanos}) no earlier than
 * {@code maxAge} ago, if there is one; else the previous pick's such exemplars. Collections take
 * nothing away: two collectors with no offer between them see the same exemplars. An exemplar stays
 * until a newer pick replaces it or it is older than {@code maxAge}; no exported exemplar is older
 * than {@code maxAge} (by the reservoir's clock against the capture time). When nothing is left to
 * export and the current pick is empty, the collection gives the reservoir's slots back to the arena.
 *
 * <h2>Resetting collections (delta temporality)</h2>
 * A collection with {@code reset = true} exports the current pick only and empties both picks, as a
 * reservoir without retention does: retention is a no-op under delta temporality, so every
 * exemplar lies inside the point's window.
 *
 * <h2>Cost</h2>
 * A retaining reservoir leases {@code 2k + 1} slots instead of {@code k + 1} (aligned:
 * {@code 2 * buckets + 1} instead of {@code buckets}); offers are unchanged.
 */
public final class Retention {
    /** The shortest {@code maxAge} accepted: intervals of at least one millisecond. */
    public static final Duration MIN_MAX_AGE = Duration.ofMillis(2);
    /** The longest {@code maxAge} accepted. */
    public static final Duration MAX_MAX_AGE = Duration.ofDays(1);

    /** The system clock in epoch nanoseconds (millisecond resolution); one instance, so equal retentions compare equal. */
    private static final LongSupplier SYSTEM_CLOCK = () -> System.currentTimeMillis() * 1_000_000L;
    private static final Retention NONE = new Retention(Duration.ZERO, SYSTEM_CLOCK);

    private final Duration maxAge;
    private final long maxAgeNanos;
    private final long intervalNanos;
    private final LongSupplier clock;

    private Retention(final Duration maxAge, final LongSupplier clock) {
        this.maxAge = maxAge;
        this.maxAgeNanos = maxAge.toNanos();
        this.intervalNanos = maxAgeNanos / 2;
        this.clock = clock;
    }

    /**
     * @return no retention: a non-resetting collection keeps the current pick as it is, with no
     *     rotation and no age limit (the behaviour of every reservoir before retention existed)
     */
    public static Retention none() {
        return NONE;
    }

    /**
     * @param maxAge the most an exported exemplar's age may be, {@link #MIN_MAX_AGE} to {@link #MAX_MAX_AGE}
     * @return retention for {@code maxAge}, on the system clock
     * @throws IllegalArgumentException naming {@code maxAge} when it is null or out of range
     */
    public static Retention of(final Duration maxAge) {
        return of(maxAge, SYSTEM_CLOCK);
    }

    /** The same with a clock of the test's (epoch nanoseconds). */
    static Retention of(final Duration maxAge, final LongSupplier epochNanosClock) {
        if (maxAge == null || maxAge.compareTo(MIN_MAX_AGE) < 0 || maxAge.compareTo(MAX_MAX_AGE) > 0) {
            throw new IllegalArgumentException("retention maxAge must be in [" + MIN_MAX_AGE + ", " + MAX_MAX_AGE
                + "], was " + maxAge);
        }
        return new Retention(maxAge, ReservoirArguments.requireNonNull(epochNanosClock, "clock"));
    }

    /**
     * @return whether this retention keeps exemplars across collections ({@code false} for {@link #none()})
     */
    public boolean retains() {
        return maxAgeNanos > 0;
    }

    /**
     * @return the maximum age ({@link Duration#ZERO} for {@link #none()})
     */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * @return the interval length, {@code maxAge / 2} ({@link Duration#ZERO} for {@link #none()})
     */
    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    long nowEpochNanos() {
        return clock.getAsLong();
    }

    /** The clock interval {@code now} falls in; at least 1 (0 marks "no rotation yet"). */
    long intervalAt(final long nowEpochNanos) {
        return Math.max(1L, Math.floorDiv(nowEpochNanos, intervalNanos));
    }

    /** The oldest capture time still exported at {@code now}. */
    long notBefore(final long nowEpochNanos) {
        return nowEpochNanos - maxAgeNanos;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Retention && ((Retention) o).maxAge.equals(maxAge) && ((Retention) o).clock == clock;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAge, clock);
    }

    @Override
    public String toString() {
        return retains() ? "Retention{maxAge=" + maxAge + ", interval=" + interval() + '}' : "Retention{none}";
    }
}
