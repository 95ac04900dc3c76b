package io.exemplars.otel;

import io.exemplars.reservoir.Retention;
import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.sdk.metrics.ExemplarFilter;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which exemplar reservoir a {@link ReservoirAggregation} keeps for each of its time series, which
 * exemplar filter decides what may be kept, and which off-heap arena the reservoirs live in.
 *
 * <p>A spec is an immutable value: two specs that choose the same reservoir, filter and arena are
 * equal, which is what keeps two equal {@code View}s equal.
 *
 * <h2>Reservoirs</h2>
 * <ul>
 *   <li>{@link #alignedUniform()}: one exemplar per histogram bucket, a uniform random pick among
 *       the bucket's measurements of the collection interval. Explicit-bucket histograms only.</li>
 *   <li>{@link #alignedSlowest()}: one exemplar per histogram bucket, exactly the bucket's largest
 *       measurement of the interval (ties broken uniformly): the highest non-empty bucket shows the
 *       series' slowest request. Explicit-bucket histograms only.</li>
 *   <li>{@link #alignedLastSeen()} (deprecated for removal): one exemplar per bucket, always the
 *       bucket's latest measurement (what the SDK's built-in reservoir does, as fast without a
 *       View). Explicit-bucket histograms only.</li>
 *   <li>{@link #fixedSizeUniform(int)}: up to {@code k} exemplars, a uniform random k-subset of the
 *       series' measurements of the interval. Any aggregation.</li>
 *   <li>{@link #slowest(int)}: the {@code k} largest measurements of the series' interval, exactly
 *       (the slowest requests of a latency histogram), ties broken uniformly. Any aggregation.</li>
 *   <li>{@link #weightedByValue(int)}: {@code k} measurements sampled without replacement with
 *       probability proportional to the value; values {@code <= 0} are never kept. Any
 *       aggregation.</li>
 *   <li>{@link #otelDefault()}: the reservoir the OpenTelemetry specification recommends for the
 *       aggregation: aligned uniform for explicit-bucket histograms, fixed-size uniform of
 *       {@code min(20, maxBuckets)} for base-2 exponential histograms, fixed-size uniform of 1 for
 *       sums and last values.</li>
 * </ul>
 *
 * <h2>Retention</h2>
 * {@link #retainFor(Duration)} on any spec but {@link #alignedLastSeen()} keeps exemplars across
 * collections for cumulative readers (Prometheus): scrapes stop taking exemplars from one another,
 * from a reader's first collection on. Intervals of {@code maxAge / 2} end by the
 * clock; see {@link Retention} for the exact rules. Under a delta reader retention is a no-op
 * (see {@link #retainFor(Duration)}).
 *
 * <h2>Filter</h2>
 * Without {@link #withFilter}, the {@code ExemplarFilter} of the {@code SdkMeterProvider} applies.
 * With it, the given filter replaces the provider's for the Views that use this spec: for instance
 * {@code alwaysOn()} on one latency histogram of a service that keeps the provider at
 * {@code traceBased()}, or {@code alwaysOff()} on a high-cardinality metric. {@code alwaysOff()},
 * from the provider or the View, installs no reservoir at all.
 *
 * <h2>Measurement filter and marked spans</h2>
 * {@link #withMeasurementFilter} narrows which measurements may become exemplars (errors only, a
 * threshold, a probability, above an adaptive quantile, or your own rule), on top of the
 * {@code ExemplarFilter}; {@link #markSpans()} sets {@code exemplar = true} on the spans of kept
 * measurements, for tail sampling. Built-in measurement filters are compared by value, your own by
 * their {@code equals} (a lambda: identity).
 *
 * <h2>Arena</h2>
 * Reservoirs lease their slots from {@link #defaultArena()}, shared by every spec that does not
 * choose its own with {@link #withArena}. A series holds slots from its first kept exemplar of an
 * interval to the interval's collection (without {@link #retainFor}, every collection resets, so
 * returns them). A lease its series' collections stopped renewing (a provider closed without a
 * final collection, a retaining provider closed after its scrapes) is taken back by the arena
 * when it needs the memory, after {@code -Dio.exemplars.reservoir.lease.expiry} (3 minutes by
 * default, or twice {@code maxAge}). The default arena's limit follows the JVM's direct-memory limit
 * ({@code SlotArena.create()}); at the limit a series records without exemplars until its next
 * collection, when it asks again. The arena's {@code bytesInUse()}, {@code bytesReserved()}, {@code bytesLimit()} and
 * {@code refusals()} show what the exemplars cost.
 */
public final class ReservoirSpec {
    /**
     * Base-2 exponential histograms keep at most this many exemplars under {@link #otelDefault()}
     * (fewer when the histogram has fewer buckets): the OpenTelemetry specification's default.
     */
    public static final int OTEL_DEFAULT_EXPONENTIAL_MAX_SIZE = 20;
    /**
     * Sums and last values keep this many exemplars under {@link #otelDefault()}. The specification
     * allows the number of CPUs instead, to spread contention; these reservoirs reject on a read of
     * one word and never contend, so the specification's plain default of 1 is kept.
     */
    public static final int OTEL_DEFAULT_FIXED_SIZE = 1;

    /**
     * Created on first use rather than in a static initializer: an invalid
     * {@code -Dio.exemplars.reservoir.arena.maxBytes} must fail the configuration call that needs
     * the arena, with its message, and never the initialization of this class.
     */
    private static SlotArena defaultArena;
    private static final ReservoirSpec OTEL_DEFAULT = new ReservoirSpec(Policy.OTEL_DEFAULT, 0, null, null, null);
    private static final ReservoirSpec ALIGNED_UNIFORM =
        new ReservoirSpec(Policy.ALIGNED_UNIFORM, 0, null, null, null);
    private static final ReservoirSpec ALIGNED_SLOWEST =
        new ReservoirSpec(Policy.ALIGNED_SLOWEST, 0, null, null, null);
    private static final ReservoirSpec ALIGNED_LAST_SEEN =
        new ReservoirSpec(Policy.ALIGNED_LAST_SEEN, 0, null, null, null);

    /** The reservoir families a spec can name. */
    enum Policy {
        OTEL_DEFAULT("otelDefault"),
        ALIGNED_UNIFORM("alignedUniform"),
        ALIGNED_SLOWEST("alignedSlowest"),
        ALIGNED_LAST_SEEN("alignedLastSeen"),
        FIXED_SIZE_UNIFORM("fixedSizeUniform"),
        SLOWEST("slowest"),
        WEIGHTED_BY_VALUE("weightedByValue");

        final String factoryName;

        Policy(final String factoryName) {
            this.factoryName = factoryName;
        }

        /** A spec of {@code k} exemplars per series (whatever the buckets), on the bottom-k engine. */
        boolean fixedSize() {
            return this == FIXED_SIZE_UNIFORM || this == SLOWEST || this == WEIGHTED_BY_VALUE;
        }
    }

    private final Policy policy;
    private final int size;
    private final ExemplarFilter filter;
    private final SlotArena arena;
    /** {@link #retainFor}'s maximum age, or null for no retention. */
    private final Duration maxAge;
    /** The measurement filter and span marking ({@link #withMeasurementFilter}, {@link #markSpans()}). */
    private final MeasurementSelection selection;

    private ReservoirSpec(final Policy policy, final int size, final ExemplarFilter filter, final SlotArena arena,
                          final Duration maxAge) {
        this(policy, size, filter, arena, maxAge, MeasurementSelection.NONE);
    }

    private ReservoirSpec(final Policy policy, final int size, final ExemplarFilter filter, final SlotArena arena,
                          final Duration maxAge, final MeasurementSelection selection) {
        this.policy = policy;
        this.size = size;
        this.filter = filter;
        this.arena = arena;
        this.maxAge = maxAge;
        this.selection = selection;
    }

    /**
     * @return the reservoir the OpenTelemetry specification recommends for whichever aggregation
     *     the spec is used with (see the class documentation)
     */
    public static ReservoirSpec otelDefault() {
        return OTEL_DEFAULT;
    }

    /**
     * @return one exemplar per bucket, a uniform random pick among the bucket's measurements of
     *     the interval; the default for explicit-bucket histograms
     */
    public static ReservoirSpec alignedUniform() {
        return ALIGNED_UNIFORM;
    }

    /**
     * The slowest request of each bucket: one exemplar per histogram bucket, exactly the bucket's
     * largest measurement of the interval, ties broken uniformly at random
     * ({@link io.exemplars.reservoir.AlignedSlowestReservoir}). The highest non-empty bucket always
     * shows the series' slowest request, and, one per bucket line, every exemplar survives
     * OpenMetrics (Prometheus), unlike {@link #slowest(int)} with {@code k > 1}, whose exemplars in
     * one bucket the Prometheus exporter reduces to the latest. Rejecting a measurement costs a
     * bucket lookup, one read and a compare, with no random draw. NaN is dropped, infinities are
     * the edge buckets' extremes, {@code -0.0} is {@code 0.0}.
     *
     * @return the spec; explicit-bucket histograms only
     */
    public static ReservoirSpec alignedSlowest() {
        return ALIGNED_SLOWEST;
    }

    /**
     * @return one exemplar per bucket, the bucket's latest measurement: the SDK's built-in
     *     behaviour, biased toward the end of the interval; for compatibility and comparison
     * @deprecated for removal: every measurement writes, and even with the store skipped when the
     *     bucket is busy and the ids kept by reference it does not beat the SDK's own built-in
     *     reservoir at the same job (short runs: about 51 against 44 ns per offer on one thread),
     *     which needs no View at all. For last-seen semantics, leave the histogram on the SDK's
     *     default aggregation; for honest exemplars use {@link #alignedUniform()}. The core's
     *     {@code AlignedLastSeenReservoir} stays, as the biased baseline of the property tests and
     *     benchmarks.
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public static ReservoirSpec alignedLastSeen() {
        return ALIGNED_LAST_SEEN;
    }

    /**
     * @param k how many exemplars each series keeps, at least 1 and less than the arena's slab size
     *          ({@link SlotArena#DEFAULT_SLAB_SLOTS} for the default arena)
     * @return up to {@code k} exemplars per series, a uniform random k-subset of the interval
     * @throws IllegalArgumentException naming {@code k} when it is out of range
     */
    public static ReservoirSpec fixedSizeUniform(final int k) {
        requireSizeFits(Policy.FIXED_SIZE_UNIFORM, k, defaultArena(), null);
        return new ReservoirSpec(Policy.FIXED_SIZE_UNIFORM, k, null, null, null);
    }

    /**
     * The slowest requests: the {@code k} largest measurements of each series' interval, exactly,
     * ties broken uniformly at random ({@link io.exemplars.reservoir.SlowestValuesReservoir}). On a
     * histogram the {@code k} exemplars are the whole series' (not one per bucket), so they sit in
     * its highest buckets.
     *
     * @param k how many exemplars each series keeps, at least 1 and less than the arena's slab size
     * @return the spec
     * @throws IllegalArgumentException naming {@code k} when it is out of range
     */
    public static ReservoirSpec slowest(final int k) {
        requireSizeFits(Policy.SLOWEST, k, defaultArena(), null);
        return new ReservoirSpec(Policy.SLOWEST, k, null, null, null);
    }

    /**
     * {@code k} measurements per series and interval sampled without replacement with probability
     * proportional to the value (Efraimidis-Spirakis, {@link io.exemplars.reservoir.ValueWeightedReservoir}):
     * a 2-second request is twice as likely to be an exemplar as a 1-second one. Measurements
     * {@code <= 0} are never kept.
     *
     * @param k how many exemplars each series keeps, at least 1 and less than the arena's slab size
     * @return the spec
     * @throws IllegalArgumentException naming {@code k} when it is out of range
     */
    public static ReservoirSpec weightedByValue(final int k) {
        requireSizeFits(Policy.WEIGHTED_BY_VALUE, k, defaultArena(), null);
        return new ReservoirSpec(Policy.WEIGHTED_BY_VALUE, k, null, null, null);
    }

    /**
     * Keeps exemplars across collections that do not reset, for cumulative temporality (every
     * Prometheus scrape is a collection): any number of scrapers see the same exemplars; an
     * exemplar stays until a newer interval's pick replaces it or it is older than {@code maxAge};
     * no exported exemplar is older than {@code maxAge}. Intervals are {@code maxAge / 2} long,
     * aligned to the clock; each interval's pick keeps its spec's guarantee (uniform, slowest or
     * weighted). The exact rules: {@link Retention}. A retaining fixed-size series leases
     * {@code 2k + 1} slots instead of {@code k + 1}, and gives them back once everything it holds
     * has expired.
     *
     * <p><b>Delta temporality:</b> retention is a no-op: every collection exports the exemplars
     * since the previous one and resets, so exemplars lie inside the point's window. The SDK does
     * not tell an aggregation its reader's temporality before the first collection; the adapter
     * learns it from that collection, and from then on exports only exemplars captured after it.
     *
     * <p><b>A reader's first collection:</b> retention holds from it. The reservoirs assume a
     * cumulative reader until a collection tells them it is delta, so a second scrape right after
     * the first still sees the exemplars (a delta reader's first collection exports its exemplars
     * without taking them; from its second on, they reset).
     *
     * <p><b>Aligned specs</b> ({@link #alignedUniform()}, {@link #alignedSlowest()}, and
     * {@link #otelDefault()} on explicit-bucket histograms) retain bucket by bucket: each bucket
     * keeps its current and its previous pick, and a scrape shows, per bucket, the current one if
     * it is no older than {@code maxAge}, else the previous one; a retaining series leases
     * {@code 2 * buckets + 1} slots instead of {@code buckets}. Fixed-size specs
     * ({@link #fixedSizeUniform(int)}, {@link #slowest(int)}, {@link #weightedByValue(int)}, and
     * {@code otelDefault()} on sums, last values and exponential histograms) keep two picks of
     * {@code k}, as above. {@link #alignedLastSeen()} cannot retain.
     *
     * @param maxAge the most an exported exemplar's age may be, {@link Retention#MIN_MAX_AGE} to
     *               {@link Retention#MAX_MAX_AGE} (Prometheus client_java keeps exemplars 7 to 70 s)
     * @return this spec with retention
     * @throws IllegalArgumentException naming {@code maxAge} when it is out of range, or naming the
     *                                  spec when it is {@link #alignedLastSeen()}
     */
    public ReservoirSpec retainFor(final Duration maxAge) {
        Retention.of(maxAge); // validates, naming the bad value
        if (policy == Policy.ALIGNED_LAST_SEEN) {
            throw new IllegalArgumentException(this + " keeps each bucket's latest measurement and cannot retain "
                + "exemplars; retainFor applies to every other spec: alignedUniform(), alignedSlowest(), "
                + "fixedSizeUniform(k), slowest(k), weightedByValue(k) and otelDefault()");
        }
        if (policy.fixedSize()) { // aligned rings are checked against their boundaries by the aggregation
            requireSizeFits(policy, size, arena(), maxAge);
        }
        return new ReservoirSpec(policy, size, filter, arena, maxAge, selection);
    }

    /**
     * @return the retention's maximum age, if {@link #retainFor} was applied
     */
    public Optional<Duration> retention() {
        return Optional.ofNullable(maxAge);
    }

    /**
     * @param filter {@code ExemplarFilter.alwaysOn()}, {@code alwaysOff()} or {@code traceBased()}
     * @return this spec with {@code filter} in place of the meter provider's filter
     * @throws IllegalArgumentException when {@code filter} is null or not one of the SDK's filters
     *                                  (the SDK supports no custom filters)
     */
    public ReservoirSpec withFilter(final ExemplarFilter filter) {
        if (filter == null || filter != ExemplarFilter.alwaysOn() && filter != ExemplarFilter.alwaysOff()
            && filter != ExemplarFilter.traceBased()) {
            throw new IllegalArgumentException("filter must be ExemplarFilter.alwaysOn(), alwaysOff() or "
                + "traceBased() (the SDK supports no custom exemplar filter), was " + filter);
        }
        return new ReservoirSpec(policy, size, filter, arena, maxAge, selection);
    }

    /**
     * @param arena where this spec's reservoirs take their off-heap slots
     * @return this spec with its own arena instead of {@link #defaultArena()}
     * @throws IllegalArgumentException when {@code arena} is null or its slabs are too small for a
     *                                  fixed-size reservoir of this spec's size
     */
    public ReservoirSpec withArena(final SlotArena arena) {
        if (arena == null) {
            throw new IllegalArgumentException("arena must not be null");
        }
        if (policy.fixedSize()) {
            requireSizeFits(policy, size, arena, maxAge);
        }
        return new ReservoirSpec(policy, size, filter, arena, maxAge, selection);
    }

    /**
     * Lets only the measurements {@code filter} accepts become exemplars, in every series of the
     * Views that use this spec, after the provider's or the View's {@code ExemplarFilter} (asked
     * first). The filter is asked only about measurements that win the reservoir's sampling draw,
     * so the kept exemplars are a uniform sample of the measurements it accepts. Each series gets
     * its own state for a rule that learns ({@link MeasurementFilter#aboveQuantile}).
     *
     * @param filter which measurements may become exemplars; replaces an earlier one
     * @return this spec with {@code filter}
     * @throws IllegalArgumentException when {@code filter} is null
     */
    public ReservoirSpec withMeasurementFilter(final MeasurementFilter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("measurement filter must not be null");
        }
        return new ReservoirSpec(policy, size, this.filter, arena, maxAge,
            new MeasurementSelection(filter, selection.markSpans()));
    }

    /**
     * Marks the spans of kept measurements for tail sampling: when a measurement is stored as an
     * exemplar and its span is still recording, the span gets the boolean attribute
     * {@code exemplar = true} (as Prometheus client_java does), so a tail sampler can keep every
     * trace an exemplar links to.
     *
     * <p>Only stored measurements pay (a lookup of the context's span and one
     * {@code setAttribute}, after the exemplar's slot is unlocked: a span processor behind it may
     * block or record, and a measurement it records offers no exemplar). Every exported exemplar's span is
     * marked, if it was still recording when the measurement was recorded; a measurement stored and
     * later displaced by another of the same interval has its span marked too, and so keeps a trace
     * that no exported exemplar links to.
     *
     * @return this spec, marking spans
     */
    public ReservoirSpec markSpans() {
        return new ReservoirSpec(policy, size, filter, arena, maxAge,
            new MeasurementSelection(selection.filter(), true));
    }

    /**
     * What OpenMetrics (Prometheus' text format, and the SDK's Prometheus exporter) shows of this
     * spec's exemplars: one per histogram bucket line and one per counter, the latest. For a spec
     * that keeps more than one exemplar per series ({@code fixedSizeUniform(k)}, {@code slowest(k)},
     * {@code weightedByValue(k)} with {@code k > 1}) on a histogram or a counter, only the latest per
     * bucket is visible, time-biased again. The adapter logs this itself, once per instrument, when
     * it sees the SDK's Prometheus exporter collect such an instrument; configuration code that
     * knows a Prometheus exporter is configured (for instance {@code otel.metrics.exporter=prometheus})
     * can log it up front.
     *
     * @return the warning, naming the spec to use instead, or empty when every exemplar this spec
     *     keeps per bucket line or counter is visible (the aligned specs, {@code k = 1},
     *     {@link #otelDefault()})
     */
    public Optional<String> openMetricsCaveat() {
        return Optional.ofNullable(OpenMetricsVisibility.caveat(this));
    }

    /**
     * @return the measurement filter set with {@link #withMeasurementFilter}, if any
     */
    public Optional<MeasurementFilter> measurementFilter() {
        return Optional.ofNullable(selection.filter());
    }

    /**
     * @return whether kept measurements mark their spans ({@link #markSpans()})
     */
    public boolean marksSpans() {
        return selection.markSpans();
    }

    /** The measurement filter and span marking, for the reservoir factory. */
    MeasurementSelection selection() {
        return selection;
    }

    /**
     * @return the arena shared by every spec that has not chosen its own
     */
    public static synchronized SlotArena defaultArena() {
        if (defaultArena == null) {
            defaultArena = SlotArena.create();
        }
        return defaultArena;
    }

    /**
     * @return the arena this spec's reservoirs are carved from
     */
    public SlotArena arena() {
        return arena == null ? defaultArena() : arena;
    }

    /**
     * @return the filter that replaces the meter provider's, if one was set
     */
    public Optional<ExemplarFilter> filter() {
        return Optional.ofNullable(filter);
    }

    Policy policy() {
        return policy;
    }

    /** The size of a fixed-size spec; 0 for the other policies. */
    int size() {
        return size;
    }

    /** The retention's maximum age, or null. */
    Duration maxAgeOrNull() {
        return maxAge;
    }

    /** The per-View filter, or null to use the provider's. */
    ExemplarFilter filterOrNull() {
        return filter;
    }

    /**
     * A fixed-size reservoir takes k slots plus one header slot from one slab of its arena (2k + 1
     * with retention).
     */
    private static void requireSizeFits(final Policy policy, final int k, final SlotArena arena,
                                        final Duration maxAge) {
        final int largest = maxAge == null ? arena.maxRingSlots() - 1 : (arena.maxRingSlots() - 1) / 2;
        if (k < 1 || k > largest) {
            throw new IllegalArgumentException(policy.factoryName + " size k must be in [1, " + largest
                + "] (the arena's slab size less one header slot" + (maxAge == null ? "" : ", halved for retention")
                + "), was " + k);
        }
    }

    /** The filter's factory name, as the user wrote it. */
    private static String filterName(final ExemplarFilter filter) {
        if (filter == ExemplarFilter.alwaysOn()) {
            return "alwaysOn";
        }
        return filter == ExemplarFilter.alwaysOff() ? "alwaysOff" : "traceBased";
    }

    @Override
    public boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ReservoirSpec)) {
            return false;
        }
        final ReservoirSpec that = (ReservoirSpec) o;
        // The arena is compared by identity (arena() resolves the default, so an explicit
        // withArena(defaultArena()) equals no arena at all): it is a place, not a value.
        return policy == that.policy && size == that.size && Objects.equals(filter, that.filter)
            && arena() == that.arena() && Objects.equals(maxAge, that.maxAge) && selection.equals(that.selection);
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, size, filter, System.identityHashCode(arena()), maxAge, selection);
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder("ReservoirSpec{").append(policy.factoryName);
        if (policy.fixedSize()) {
            text.append('(').append(size).append(')');
        }
        if (maxAge != null) {
            text.append(", retainFor=").append(maxAge);
        }
        if (filter != null) {
            text.append(", filter=").append(filterName(filter));
        }
        if (selection.filter() != null) {
            text.append(", measurementFilter=").append(selection.filter());
        }
        if (selection.markSpans()) {
            text.append(", markSpans");
        }
        if (arena != null && arena != defaultArena()) {
            // Identity, not the arena's usage figures: a value's text must not change over time.
            text.append(", arena=SlotArena@").append(Integer.toHexString(System.identityHashCode(arena)));
        }
        return text.append('}').toString();
    }
}
