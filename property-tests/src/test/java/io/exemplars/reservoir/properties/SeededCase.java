package io.exemplars.reservoir.properties;

import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One generated case of a property: its number and the seed its inputs are generated from.
 *
 * <p>A property lists its cases with {@link #stream}, from the property's own fixed seed, and feeds
 * them to a {@code @ParameterizedTest(name = "{0}")} through {@code @MethodSource}. The display name
 * ({@link #toString()}) shows the case's seed, and every input of the case comes from
 * {@link #generator()}, so a failing case is reproduced by {@code new ScenarioGenerator(seed)} with
 * the seed the report shows; nothing depends on the order the cases run in.
 *
 * @param number which case, from 1
 * @param of     how many cases the property runs
 * @param seed   the seed of this case's inputs
 */
record SeededCase(int number, int of, long seed) {

    /**
     * @param propertySeed the property's fixed seed
     * @param count        how many cases
     * @return {@code count} cases, case {@code i}'s seed the {@code i}-th SplitMix64 output of
     *     {@code propertySeed}, so cases are independent of each other and of the count
     */
    static Stream<SeededCase> stream(final long propertySeed, final int count) {
        return IntStream.range(0, count).mapToObj(i -> new SeededCase(i + 1, count, SplitMix64.nth(propertySeed, i)));
    }

    /**
     * @return a fresh generator of this case's inputs: every call returns the same sequence
     */
    ScenarioGenerator generator() {
        return new ScenarioGenerator(seed);
    }

    @Override
    public String toString() {
        return String.format("case %d of %d, seed 0x%016XL", number, of, seed);
    }
}
