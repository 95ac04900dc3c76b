package io.exemplars.reservoir.properties;

import io.exemplars.reservoir.ExemplarSelection;
import io.exemplars.reservoir.FixedSizeUniformReservoir;
import io.exemplars.reservoir.SeriesFilter;
import io.exemplars.reservoir.SeriesFilters;
import io.exemplars.reservoir.SlotArena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a series filter, the kept exemplars are a uniform sample of the eligible offers: filters run
 * only for draw winners, whose keys were drawn independently of eligibility, so the kept offers are
 * the smallest-key eligible ones. Checked as {@link TimeUnbiasedProperties} checks the unfiltered
 * reservoirs: 1 and 2 recording threads, {@value #OFFERS} offers per interval, k = {@value #K}; the
 * filter accepts every third arrival position ({@link EveryThirdFilter}), so each decile holds the
 * same number of eligible offers, and the kept offers' deciles must be uniform (chi-square,
 * hypergeometric over the eligible offers, at {@link ChiSquare#ALPHA}). Every kept offer must be
 * eligible.
 *
 * <p>Filters: the deterministic every-third filter alone, and the same combined with
 * {@code ExemplarSelection.withProbability(0.5)} (a coin per candidate).
 *
 * <p>Companion: {@link LastEligibleSampler}, which keeps the last {@code k} eligible offers (the
 * filter applied to every offer, then last-seen), fails the same check.
 */
class FilteredUniformityProperties {
    private static final int OFFERS = 500_000;
    private static final int K = 500;
    private static final int ELIGIBLE = (OFFERS + EveryThirdFilter.PERIOD - 1) / EveryThirdFilter.PERIOD;
    private static final long OFFER_SEED = 0x5EED_0010L;

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2})
    void keptExemplarsAreUniformOverTheEligibleOffers(final int threads) {
        final UniformityVerdict verdict = verdict(filtered("every third", () -> EveryThirdFilter.INSTANCE), threads);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2})
    void keptExemplarsAreUniformWithAProbabilityCombined(final int threads) {
        final UniformityVerdict verdict = verdict(filtered("every third and withProbability(0.5)",
            () -> SeriesFilters.and(EveryThirdFilter.INSTANCE,
                ExemplarSelection.withProbability(0.5).<Offer>newSeriesFilter())), threads);
        assertFalse(verdict.rejectsUniformity(), verdict::toString);
    }

    @ParameterizedTest(name = "{0} recording thread(s)")
    @ValueSource(ints = {1, 2})
    void companionDetectsTheLastEligibleSampler(final int threads) {
        final UniformityVerdict verdict = verdict(new SamplerFactory("LastEligibleSampler(k=" + K
            + ", every third) (biased: last eligible seen)", () -> new LastEligibleSampler(K, EveryThirdFilter.INSTANCE)),
            threads);
        assertTrue(verdict.rejectsUniformity(), verdict::toString);
    }

    private static SamplerFactory filtered(final String name, final Supplier<SeriesFilter<Offer>> filter) {
        return new SamplerFactory("FixedSizeUniformReservoir(k=" + K + ", " + name + ")",
            () -> new EligibleOnly(new ReservoirUnderTest(FixedSizeUniformReservoir.create(
                SlotArena.create(1_024, 1), K, OfferCapturer.INSTANCE, filter.get()))));
    }

    private static UniformityVerdict verdict(final SamplerFactory sampler, final int threads) {
        final Offer[] offers = SequentialTrials.numberedOffers(OFFER_SEED, OFFERS);
        return ArrivalDecileCheck.ofDistinctKeptAmongEligible(sampler, threads, offers, K, ELIGIBLE);
    }

    /** Checks at every collect that each kept offer is eligible. */
    private static final class EligibleOnly implements SamplerUnderTest {
        private final SamplerUnderTest sampler;

        EligibleOnly(final SamplerUnderTest sampler) {
            this.sampler = sampler;
        }

        @Override
        public void offer(final Offer offer) {
            sampler.offer(offer);
        }

        @Override
        public void collect(final boolean reset, final java.util.List<ExemplarSnapshot> into) {
            final int before = into.size();
            sampler.collect(reset, into);
            for (int i = before; i < into.size(); i++) {
                assertTrue(EveryThirdFilter.eligible(into.get(i).offer().number()), "kept an ineligible offer");
            }
        }

        @Override
        public void close() {
            sampler.close();
        }

        @Override
        public String toString() {
            return sampler.toString();
        }
    }
}
