package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.BucketBoundaries;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Reset: after a resetting collect, nothing from the old interval comes back. A run is a sequence
 * of 1 to {@value #MAX_INTERVALS} intervals of generated sizes (0 to {@value #MAX_INTERVAL_SIZE}
 * offers, some empty), on a generated reservoir (fixed size, k = 1 to {@value #MAX_K}, or either
 * aligned one), each case from its own seed ({@link SeededCase}); each offer is marked with its
 * interval. After each
 * interval a non-resetting collect (cumulative) and then a resetting one (delta) must both return
 * only offers of that interval, the same ones, at least one when the interval had offers; after the
 * last interval both kinds of collect must return nothing.
 *
 * <p>Single-threaded on purpose: with concurrent offers an offer racing the reset belongs to either
 * interval, so "old" would be ambiguous. Concurrent collects with and without reset are covered by
 * {@link NeverTornProperties}.
 *
 * <p>Companion: the same check reports violations for a sampler that ignores the reset flag.
 */
class ResetProperties {
    private static final long OFFER_SEED = 0x5EED_0006L;
    private static final long SEED = 20261127L;
    private static final int CASES = 200;
    private static final int COMPANION_CASES = 100;
    private static final int MAX_INTERVALS = 6;
    private static final int MAX_INTERVAL_SIZE = 40;
    private static final int MAX_K = 5;
    /** Four buckets over the offer numbers (the values). */
    private static final BucketBoundaries NUMBER_BUCKETS = BucketBoundaries.of(10.5, 40.5, 100.5);

    /** The kinds of core reservoir a case picks from, each equally likely. */
    private enum Kind { FIXED_SIZE_UNIFORM, ALIGNED_UNIFORM, ALIGNED_LAST_SEEN }

    static Stream<SeededCase> cases() {
        return SeededCase.stream(SEED, CASES);
    }

    static Stream<SeededCase> companionCases() {
        return SeededCase.stream(SEED, COMPANION_CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nothingFromAResetIntervalComesBack(final SeededCase seeded) {
        final ScenarioGenerator generator = seeded.generator();
        final SamplerFactory reservoir = coreReservoir(generator);
        final List<Integer> intervalSizes = generator.intsBetween(1, MAX_INTERVALS, 0, MAX_INTERVAL_SIZE);
        assertEquals(List.of(), resetViolations(reservoir.create(), intervalSizes),
            () -> reservoir + ", intervals of " + intervalSizes + " offers");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("companionCases")
    void companionDetectsASamplerThatIgnoresReset(final SeededCase seeded) {
        final ScenarioGenerator generator = seeded.generator();
        final SamplerFactory reservoir = coreReservoir(generator);
        final List<Integer> intervalSizes = generator.intsBetween(1, MAX_INTERVALS, 1, MAX_INTERVAL_SIZE);
        assertFalse(resetViolations(new ForgetfulResetSampler(reservoir.create()), intervalSizes).isEmpty(),
            () -> "a sampler that never resets went unnoticed: " + reservoir + ", intervals of " + intervalSizes
                + " offers");
    }

    private static SamplerFactory coreReservoir(final ScenarioGenerator generator) {
        switch (generator.oneOf(Kind.class)) {
            case FIXED_SIZE_UNIFORM:
                return SamplerFactory.fixedSizeUniform(generator.intBetween(1, MAX_K));
            case ALIGNED_UNIFORM:
                return SamplerFactory.alignedUniform(NUMBER_BUCKETS);
            default:
                return SamplerFactory.alignedLastSeen(NUMBER_BUCKETS);
        }
    }

    /**
     * The check both properties make.
     *
     * @param sampler       a fresh sampler, closed here
     * @param intervalSizes offers per interval
     * @return every violation found, empty when the sampler resets correctly
     */
    static List<String> resetViolations(final SamplerUnderTest sampler, final List<Integer> intervalSizes) {
        final List<String> violations = new ArrayList<>();
        final List<ExemplarSnapshot> cumulative = new ArrayList<>();
        final List<ExemplarSnapshot> delta = new ArrayList<>();
        long number = 0;
        try (sampler) {
            for (int interval = 0; interval < intervalSizes.size(); interval++) {
                final int size = intervalSizes.get(interval);
                for (int i = 0; i < size; i++) {
                    sampler.offer(Offer.numbered(OFFER_SEED, number++, interval));
                }
                cumulative.clear();
                sampler.collect(false, cumulative);
                delta.clear();
                sampler.collect(true, delta);
                final String where = "interval " + interval + " (" + size + " offers)";
                checkInterval(where + ", collect without reset", cumulative, interval, violations);
                checkInterval(where + ", collect with reset", delta, interval, violations);
                if (!offerNumbers(cumulative).equals(offerNumbers(delta))) {
                    violations.add(where + ": collect without reset saw " + offerNumbers(cumulative)
                        + " but the resetting collect right after saw " + offerNumbers(delta));
                }
                if (size > 0 && delta.isEmpty()) {
                    violations.add(where + ": offers were made but nothing was collected");
                }
            }
            cumulative.clear();
            sampler.collect(false, cumulative);
            sampler.collect(true, cumulative);
            if (!cumulative.isEmpty()) {
                violations.add("after the last resetting collect, with no new offers, collects returned " + cumulative);
            }
        }
        return violations;
    }

    private static void checkInterval(final String where, final List<ExemplarSnapshot> collected, final int interval,
                                      final List<String> violations) {
        for (final ExemplarSnapshot exemplar : collected) {
            if (exemplar.offer().interval() != interval) {
                violations.add(where + ": " + exemplar.offer() + " came back from an earlier interval");
            }
            final Set<ExemplarField> torn = OfferConsistency.tornFields(exemplar);
            if (!torn.isEmpty()) {
                violations.add(where + ": " + exemplar + " is torn in " + torn);
            }
        }
    }

    private static List<Long> offerNumbers(final List<ExemplarSnapshot> collected) {
        return collected.stream().map(e -> e.offer().number()).sorted().toList();
    }
}
