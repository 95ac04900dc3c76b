package io.exemplars.reservoir.properties;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The "never torn" check: does a collected exemplar hold the fields of exactly one offer?
 *
 * <p>The exemplar's attributes name an offer. Every field of an offer made by {@link Offer#numbered}
 * follows from its number and the run's seed, so the check re-derives that offer and compares the
 * payload field by field. An exemplar whose value, time, ids, flags or attributes come from two
 * different offers has at least one payload field that differs from the named offer's (fields of
 * distinct offers are independent 64-bit SplitMix64 outputs, so they coincide with probability
 * about 2^-64; only the 8-bit flags collide often, which is why no single field decides alone).
 */
final class OfferConsistency {
    private final long seed;

    /**
     * @param seed the seed the run's offers were made with ({@link Offer#numbered})
     */
    OfferConsistency(final long seed) {
        this.seed = seed;
    }

    /**
     * @param observed a collected exemplar
     * @return the payload fields that do not belong to the offer its attributes name: empty when the
     *     exemplar is one offer's, every field when the attributes name no offer
     */
    Set<ExemplarField> tornFields(final ExemplarSnapshot observed) {
        if (!(observed.attributes() instanceof Offer)) {
            return EnumSet.allOf(ExemplarField.class);
        }
        final Offer named = observed.offer();
        final ExemplarSnapshot expected =
            ExemplarSnapshot.of(observed.index(), Offer.numbered(seed, named.number(), named.interval()));
        final Set<ExemplarField> torn = EnumSet.noneOf(ExemplarField.class);
        for (final ExemplarField field : ExemplarField.values()) {
            if (!Objects.equals(field.of(expected), field.of(observed))) {
                torn.add(field);
            }
        }
        return torn;
    }
}
