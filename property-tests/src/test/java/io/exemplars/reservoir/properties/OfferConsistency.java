package io.exemplars.reservoir.properties;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The "never torn" check: does a collected exemplar hold the fields of exactly one offer?
 *
 * <p>The exemplar's attributes name an offer (an immutable {@link Offer}, passed as the attributes
 * of its own measurement); the check compares every payload field with that offer's. Every offer's
 * value and ids are distinct SplitMix64 outputs of its own number, so an exemplar whose value,
 * time, ids, flags or attributes come from two different offers has at least one payload field that
 * differs from the offer its attributes name (two offers' 64-bit fields coincide with probability
 * about 2^-64; only the 8-bit flags collide often, which is why no single field decides alone).
 */
final class OfferConsistency {
    private OfferConsistency() {
    }

    /**
     * @param observed a collected exemplar
     * @return the payload fields that do not belong to the offer its attributes name: empty when the
     *     exemplar is one offer's, every field when the attributes name no offer
     */
    static Set<ExemplarField> tornFields(final ExemplarSnapshot observed) {
        if (!(observed.attributes() instanceof Offer)) {
            return EnumSet.allOf(ExemplarField.class);
        }
        final ExemplarSnapshot expected = ExemplarSnapshot.of(observed.index(), observed.offer());
        final Set<ExemplarField> torn = EnumSet.noneOf(ExemplarField.class);
        for (final ExemplarField field : ExemplarField.values()) {
            if (!Objects.equals(field.of(expected), field.of(observed))) {
                torn.add(field);
            }
        }
        return torn;
    }
}
