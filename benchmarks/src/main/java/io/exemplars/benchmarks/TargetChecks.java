package io.exemplars.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The project's performance targets, checked as ratios within one run (so they hold on any machine
 * where the run itself is quiet):
 * <ul>
 *   <li>our reject path at most {@value #MAX_REJECT_OVER_FLOOR} x the {@code ThreadLocalRandom}
 *       floor, single-threaded;</li>
 *   <li>our reject path on 2 threads at most {@value #MAX_TWO_OVER_ONE_THREAD} x its 1-thread time
 *       per operation;</li>
 *   <li>nothing allocated on our offers and collects;</li>
 *   <li>SDK record, single-threaded: ours costs at most {@value #MAX_OURS_OVER_OFF_NANOS} ns over
 *       exemplars off, and at most 1/{@value #MIN_BUILT_IN_OVERHEAD_MULTIPLE} of the built-in's
 *       overhead, with no extra allocation;</li>
 *   <li>issue 18's: the value-weighted reject path at most {@value #MAX_WEIGHTED_OVER_UNIFORM} x the
 *       uniform one; accept-dominated offers at most {@value #MAX_ACCEPT_OVER_BUILT_IN} x the built-in
 *       on 1 thread and below it on 2; core collect at most {@value #MAX_COLLECT_OVER_BUILT_IN} x the
 *       built-in's; SDK collect through our View at most {@value #MAX_COLLECT_OVER_BUILT_IN} x the
 *       built-in's time and {@value #MAX_SDK_COLLECT_BYTES_OVER_BUILT_IN} x its allocation; SDK record
 *       on 2 threads at most {@value #MAX_TWO_THREAD_RECORD_OVER_OFF} x exemplars off.</li>
 * </ul>
 */
final class TargetChecks {
    static final double MAX_REJECT_OVER_FLOOR = 1.5;
    static final double MAX_TWO_OVER_ONE_THREAD = 1.1;
    static final double MAX_OURS_OVER_OFF_NANOS = 6.0;
    static final double MIN_BUILT_IN_OVERHEAD_MULTIPLE = 7.0;
    static final double MAX_WEIGHTED_OVER_UNIFORM = 1.5;
    static final double MAX_ACCEPT_OVER_BUILT_IN = 0.9;
    static final double MAX_COLLECT_OVER_BUILT_IN = 0.8;
    static final double MAX_SDK_COLLECT_BYTES_OVER_BUILT_IN = 0.6;
    static final double MAX_TWO_THREAD_RECORD_OVER_OFF = 1.15;
    /**
     * "Zero" allocation: below one byte per operation. The smallest Java object is 16 bytes, so a
     * path that allocated even once every 16 operations would show at least this much.
     */
    static final double ZERO_BYTES_PER_OP = 1.0;

    /** Our reservoirs with a reject path (last-seen writes on every offer by design). */
    private static final ReservoirKind[] WITH_REJECT_PATH = {ReservoirKind.OURS_ALIGNED_UNIFORM,
        ReservoirKind.OURS_FIXED_SIZE};

    /** Outcome of one check. */
    enum Verdict {
        MET, MISSED, NOT_MEASURED
    }

    /**
     * @param target   the target, in words
     * @param measured the figures it was judged on
     * @param verdict  the outcome
     * @param ratio    the ratio judged, for a ratio target; {@code NaN} for any other check or when
     *                 not measured
     * @param limit    the largest ratio that meets the target ({@code NaN} for other checks)
     */
    record Check(String target, String measured, Verdict verdict, double ratio, double limit) {
        /** A check that is not judged on one ratio (an allocation or nanosecond bound). */
        Check(final String target, final String measured, final Verdict verdict) {
            this(target, measured, verdict, Double.NaN, Double.NaN);
        }
    }

    private TargetChecks() {
    }

    /**
     * @param m one run's measurements
     * @return every check, in a fixed order
     */
    static List<Check> evaluate(final Measurements m) {
        final List<Check> checks = new ArrayList<>();
        final Measurement floor = m.floor(1);
        for (final ReservoirKind kind : WITH_REJECT_PATH) {
            final Measurement one = m.offer(Measurements.OfferRegime.REJECT, kind, 1);
            final Measurement two = m.offer(Measurements.OfferRegime.REJECT, kind, 2);
            checks.add(ratio("reject path, " + kind.description() + ", 1 thread <= " + MAX_REJECT_OVER_FLOOR
                + " x TLR.nextLong floor", one, floor, MAX_REJECT_OVER_FLOOR));
            checks.add(ratio("reject path, " + kind.description() + ", 2-thread per-op time <= "
                + MAX_TWO_OVER_ONE_THREAD + " x 1-thread", two, one, MAX_TWO_OVER_ONE_THREAD));
        }
        final List<Measurement> offers = new ArrayList<>();
        final List<Measurement> collects = new ArrayList<>();
        for (final ReservoirKind kind : ComparisonTable.oursKinds()) {
            for (final Measurements.OfferRegime regime : Measurements.OfferRegime.values()) {
                for (final int threads : Measurements.THREAD_COUNTS) {
                    offers.add(m.offer(regime, kind, threads));
                }
            }
            collects.add(m.collect(kind));
        }
        checks.add(zeroAllocation("0 B/op on every offer of ours (both regimes, 1 and 2 threads)", offers));
        checks.add(zeroAllocation("0 B/op on every collect of ours (" + CollectBenchmark.SERIES + " series)", collects));
        checks.addAll(sdkRecord(m));
        checks.addAll(issue18(m));
        return checks;
    }

    /**
     * The targets of issue 18 (each a ratio within the run; see the class documentation).
     *
     * @param m one run's measurements
     * @return the checks, in a fixed order
     */
    static List<Check> issue18(final Measurements m) {
        final List<Check> checks = new ArrayList<>();
        for (final int threads : Measurements.THREAD_COUNTS) {
            checks.add(ratio("reject path, weighted by value, " + threads + " thread" + (threads == 1 ? "" : "s")
                    + " <= " + MAX_WEIGHTED_OVER_UNIFORM + " x fixed-size uniform",
                m.offer(Measurements.OfferRegime.REJECT, ReservoirKind.OURS_WEIGHTED, threads),
                m.offer(Measurements.OfferRegime.REJECT, ReservoirKind.OURS_FIXED_SIZE, threads),
                MAX_WEIGHTED_OVER_UNIFORM));
        }
        final ReservoirKind[][] pairs = {{ReservoirKind.OURS_ALIGNED_UNIFORM, ReservoirKind.OTEL_ALIGNED},
            {ReservoirKind.OURS_FIXED_SIZE, ReservoirKind.OTEL_FIXED_SIZE}};
        for (final ReservoirKind[] pair : pairs) {
            checks.add(ratio("accept-dominated offer, " + pair[0].description() + ", 1 thread <= "
                    + MAX_ACCEPT_OVER_BUILT_IN + " x OTel built-in",
                m.offer(Measurements.OfferRegime.ACCEPT, pair[0], 1), m.offer(Measurements.OfferRegime.ACCEPT, pair[1], 1),
                MAX_ACCEPT_OVER_BUILT_IN));
            checks.add(ratio("accept-dominated offer, " + pair[0].description() + ", 2 threads < 1.0 x OTel built-in",
                m.offer(Measurements.OfferRegime.ACCEPT, pair[0], 2), m.offer(Measurements.OfferRegime.ACCEPT, pair[1], 2),
                1.0));
            checks.add(ratio("collect of " + CollectBenchmark.SERIES + " series, " + pair[0].description() + " <= "
                + MAX_COLLECT_OVER_BUILT_IN + " x OTel built-in", m.collect(pair[0]), m.collect(pair[1]),
                MAX_COLLECT_OVER_BUILT_IN));
        }
        final Measurement oursCollect = m.sdkCollect(ExemplarMode.OURS);
        final Measurement builtInCollect = m.sdkCollect(ExemplarMode.BUILT_IN);
        checks.add(ratio("SDK collect of " + CollectBenchmark.SERIES + " series through our View <= "
            + MAX_COLLECT_OVER_BUILT_IN + " x built-in time", oursCollect, builtInCollect, MAX_COLLECT_OVER_BUILT_IN));
        final String bytes = "SDK collect through our View <= " + MAX_SDK_COLLECT_BYTES_OVER_BUILT_IN
            + " x built-in allocation";
        if (oursCollect == null || builtInCollect == null || Double.isNaN(oursCollect.bytesPerOp())) {
            checks.add(new Check(bytes, "", Verdict.NOT_MEASURED));
        } else {
            final double ratio = oursCollect.bytesPerOp() / builtInCollect.bytesPerOp();
            checks.add(new Check(bytes, format("%,.0f / %,.0f B = %.3fx", oursCollect.bytesPerOp(),
                builtInCollect.bytesPerOp(), ratio), verdict(ratio <= MAX_SDK_COLLECT_BYTES_OVER_BUILT_IN), ratio,
                MAX_SDK_COLLECT_BYTES_OVER_BUILT_IN));
        }
        checks.add(ratio("SDK record, 2 threads: ours <= " + MAX_TWO_THREAD_RECORD_OVER_OFF + " x exemplars off",
            m.sdkRecord(ExemplarMode.OURS, 2), m.sdkRecord(ExemplarMode.OFF, 2), MAX_TWO_THREAD_RECORD_OVER_OFF));
        return checks;
    }

    private static List<Check> sdkRecord(final Measurements m) {
        final Measurement off = m.sdkRecord(ExemplarMode.OFF, 1);
        final Measurement builtIn = m.sdkRecord(ExemplarMode.BUILT_IN, 1);
        final Measurement ours = m.sdkRecord(ExemplarMode.OURS, 1);
        final String absolute = "SDK record, 1 thread: (c) ours - (a) off <= " + MAX_OURS_OVER_OFF_NANOS + " ns";
        final String relative = "SDK record, 1 thread: (c) - (a) <= ((b) built-in - (a)) / "
            + MIN_BUILT_IN_OVERHEAD_MULTIPLE;
        final String bytes = "SDK record, 1 thread: no extra B/op, (c) - (a) < " + ZERO_BYTES_PER_OP + " B/op";
        if (off == null || builtIn == null || ours == null) {
            return List.of(new Check(absolute, "", Verdict.NOT_MEASURED), new Check(relative, "", Verdict.NOT_MEASURED),
                new Check(bytes, "", Verdict.NOT_MEASURED));
        }
        final double oursOverhead = ours.nsPerOp() - off.nsPerOp();
        final double builtInOverhead = builtIn.nsPerOp() - off.nsPerOp();
        final double extraBytes = ours.bytesPerOp() - off.bytesPerOp();
        return List.of(
            new Check(absolute, format("%.1f - %.1f = %.1f ns", ours.nsPerOp(), off.nsPerOp(), oursOverhead),
                verdict(oursOverhead <= MAX_OURS_OVER_OFF_NANOS)),
            new Check(relative, format("%.1f ns vs %.1f / %.0f = %.1f ns", oursOverhead, builtInOverhead,
                MIN_BUILT_IN_OVERHEAD_MULTIPLE, builtInOverhead / MIN_BUILT_IN_OVERHEAD_MULTIPLE),
                verdict(oursOverhead <= builtInOverhead / MIN_BUILT_IN_OVERHEAD_MULTIPLE)),
            Double.isNaN(extraBytes) ? new Check(bytes, "run without -prof gc", Verdict.NOT_MEASURED)
                : new Check(bytes, format("%.2f - %.2f = %.2f B/op", ours.bytesPerOp(), off.bytesPerOp(), extraBytes),
                    verdict(extraBytes < ZERO_BYTES_PER_OP)));
    }

    private static Check ratio(final String target, final Measurement numerator, final Measurement denominator,
                               final double limit) {
        if (numerator == null || denominator == null) {
            return new Check(target, "", Verdict.NOT_MEASURED);
        }
        final double ratio = numerator.nsPerOp() / denominator.nsPerOp();
        return new Check(target, format("%.2f / %.2f ns = %.3fx", numerator.nsPerOp(), denominator.nsPerOp(), ratio),
            verdict(ratio <= limit), ratio, limit);
    }

    /**
     * Judges each target on the median of its ratios over paired rounds. In a round both sides of
     * every ratio run one fork each, back to back, so a slow spell of the machine (on this 2-vCPU
     * VM a two-thread fork settles into a fast or a slow mode for minutes at a time) falls on both
     * sides of a pair rather than on one side of a whole comparison.
     *
     * @param rounds each round's checks, every round listing the same targets in the same order
     * @return one check per target: the median ratio (the mean of the middle two for an even
     *     count), judged against the target's limit, with every round's ratio listed; a target some
     *     round did not measure is not measured; a check that is not a ratio keeps its worst round
     *     (the first that missed, else the first)
     */
    static List<Check> medianOfRounds(final List<List<Check>> rounds) {
        if (rounds.isEmpty()) {
            return List.of();
        }
        final List<Check> combined = new ArrayList<>();
        for (int i = 0; i < rounds.get(0).size(); i++) {
            final List<Check> perRound = new ArrayList<>();
            for (final List<Check> round : rounds) {
                perRound.add(round.get(i));
            }
            combined.add(median(perRound));
        }
        return combined;
    }

    private static Check median(final List<Check> perRound) {
        final Check first = perRound.stream().filter(check -> !Double.isNaN(check.limit())).findFirst().orElse(null);
        if (first == null) { // not a ratio target (or never measured)
            return perRound.stream().filter(check -> check.verdict() == Verdict.MISSED).findFirst()
                .orElse(perRound.get(0));
        }
        final double[] ratios = new double[perRound.size()];
        final StringBuilder each = new StringBuilder();
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = perRound.get(r).ratio();
            if (Double.isNaN(ratios[r])) {
                return new Check(first.target(), "not measured in round " + (r + 1), Verdict.NOT_MEASURED);
            }
            each.append(r == 0 ? "" : ", ").append(format("%.3f", ratios[r]));
        }
        final double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        final double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Check(first.target(), format("median %.3fx of %d paired rounds (%s)", median, ratios.length, each),
            verdict(median <= first.limit()), median, first.limit());
    }

    private static Check zeroAllocation(final String target, final List<Measurement> measurements) {
        Measurement worst = null;
        for (final Measurement measurement : measurements) {
            if (measurement == null || Double.isNaN(measurement.bytesPerOp())) {
                return new Check(target, "", Verdict.NOT_MEASURED);
            }
            if (worst == null || measurement.bytesPerOp() > worst.bytesPerOp()) {
                worst = measurement;
            }
        }
        if (worst == null) {
            return new Check(target, "", Verdict.NOT_MEASURED);
        }
        return new Check(target, format("max %.3f B/op (%s, %s, %d thread%s)", worst.bytesPerOp(), worst.method(),
            worst.variant(), worst.threads(), worst.threads() == 1 ? "" : "s"),
            verdict(worst.bytesPerOp() < ZERO_BYTES_PER_OP));
    }

    private static Verdict verdict(final boolean met) {
        return met ? Verdict.MET : Verdict.MISSED;
    }

    private static String format(final String format, final Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /**
     * @param checks evaluated checks
     * @return one line per check, for the console and for markdown lists
     */
    static List<String> lines(final List<Check> checks) {
        final List<String> lines = new ArrayList<>();
        for (final Check check : checks) {
            lines.add(String.format(Locale.ROOT, "[%s] %s%s", check.verdict().name().replace('_', ' '), check.target(),
                check.measured().isEmpty() ? "" : ": " + check.measured()));
        }
        return lines;
    }
}
