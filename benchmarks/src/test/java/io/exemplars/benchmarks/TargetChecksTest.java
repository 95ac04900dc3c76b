package io.exemplars.benchmarks;

import io.exemplars.benchmarks.TargetChecks.Check;
import io.exemplars.benchmarks.TargetChecks.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How paired rounds become one verdict per target ({@link TargetChecks#medianOfRounds}). */
class TargetChecksTest {
    private static final String TARGET = "ours <= 1.0 x theirs";

    private static Check ratio(final double ratio) {
        return new Check(TARGET, "", ratio <= 1.0 ? Verdict.MET : Verdict.MISSED, ratio, 1.0);
    }

    private static Check judged(final Check... rounds) {
        final List<List<Check>> perRound = new ArrayList<>();
        for (final Check round : rounds) {
            perRound.add(List.of(round));
        }
        final List<Check> combined = TargetChecks.medianOfRounds(perRound);
        assertEquals(1, combined.size());
        return combined.get(0);
    }

    @Test
    void anOddCountIsJudgedOnItsMiddleRatioNotOnAnOutlier() {
        final Check check = judged(ratio(0.9), ratio(1.7), ratio(0.95));
        assertEquals(0.95, check.ratio(), 1e-12);
        assertEquals(Verdict.MET, check.verdict());
        assertTrue(check.measured().contains("0.900, 1.700, 0.950"), check.measured());
    }

    @Test
    void anEvenCountIsJudgedOnTheMeanOfItsMiddleTwo() {
        final Check check = judged(ratio(1.2), ratio(0.9), ratio(1.0), ratio(1.4));
        assertEquals(1.1, check.ratio(), 1e-12);
        assertEquals(Verdict.MISSED, check.verdict());
    }

    @Test
    void aRoundThatMeasuredNothingMakesTheTargetNotMeasured() {
        assertEquals(Verdict.NOT_MEASURED, judged(ratio(0.5), new Check(TARGET, "", Verdict.NOT_MEASURED)).verdict());
        assertEquals(Verdict.NOT_MEASURED, judged(new Check(TARGET, "", Verdict.NOT_MEASURED), ratio(0.5)).verdict());
    }

    @Test
    void aCheckThatIsNotARatioKeepsItsFirstMiss() {
        final Check met = new Check("0 B/op", "0 B", Verdict.MET);
        final Check missed = new Check("0 B/op", "16 B", Verdict.MISSED);
        assertEquals(missed, judged(met, missed, met));
        assertEquals(met, judged(met, met));
    }
}
