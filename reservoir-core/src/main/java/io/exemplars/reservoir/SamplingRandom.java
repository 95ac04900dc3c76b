package io.exemplars.reservoir;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The reservoirs' one source of randomness: sampling keys, tie-breaks between equal keys, the
 * coins of {@link ExemplarSelection#withProbability} and the weighted keys' draws.
 *
 * <p>In production every draw is {@link ThreadLocalRandom}: per thread, so drawing touches no
 * shared memory and needs no lock.
 *
 * <p><b>Seeded draws, for tests.</b> With the system property {@value #SEEDABLE_PROPERTY} set to
 * {@code true} before this class loads, the draws come from a per-thread {@link SplittableRandom}
 * instead, which a test seeds on its own thread ({@link #reseedThisThread}). A thread started by a
 * thread holding a stream gets a stream split from its starter's, at construction, so the threads
 * a test starts in a fixed order draw fixed streams too. A single-threaded experiment then repeats
 * exactly from its seed; a concurrent one repeats each thread's draws, though not how the threads
 * interleave. Any other value of the property, or none, leaves {@link ThreadLocalRandom} in place.
 * The switch is a {@code static final}, read once: the JIT folds the branch away, so production
 * pays nothing for it. It is a testing aid, not a tuning setting: sampling stays uniform either
 * way, and a seeded stream is only as unpredictable as its seed.
 */
final class SamplingRandom {
    /** System property: {@code true} makes the draws seedable per thread (tests only; read once). */
    static final String SEEDABLE_PROPERTY = "io.exemplars.reservoir.sampling.seedable";
    /** The stream a thread that no seeded thread started gets, before any reseed of its own. */
    static final long UNSEEDED_THREAD_SEED = 0x5EED_5EED_5EED_5EEDL;

    /**
     * Whether draws come from {@link #STREAMS}. Static final: C2 treats it as a constant, so the
     * production build's draws compile to the plain {@link ThreadLocalRandom} call.
     */
    private static final boolean SEEDABLE = "true".equalsIgnoreCase(System.getProperty(SEEDABLE_PROPERTY));

    /** Where the streams of threads without a seeded starter come from ({@code null} unless seedable). */
    private static final SplittableRandom ROOT = SEEDABLE ? new SplittableRandom(UNSEEDED_THREAD_SEED) : null;

    /**
     * Each thread's seeded stream. A new thread's stream is split from its starter's in the
     * starter's thread (inheritance runs in the constructing thread), so no stream is ever drawn
     * from by two threads. A thread whose starter had no stream splits one from {@link #ROOT}.
     */
    private static final InheritableThreadLocal<SplittableRandom> STREAMS = SEEDABLE ? new InheritableThreadLocal<>() {
        @Override
        protected SplittableRandom initialValue() {
            synchronized (ROOT) { // the only shared stream: split under a lock, in first-draw order
                return ROOT.split();
            }
        }

        @Override
        protected SplittableRandom childValue(final SplittableRandom starter) {
            return starter.split();
        }
    } : null;

    private SamplingRandom() {
    }

    /** @return a uniform 64-bit value */
    static long nextLong() {
        return SEEDABLE ? STREAMS.get().nextLong() : ThreadLocalRandom.current().nextLong();
    }

    /**
     * @param bound at least 1
     * @return a uniform value in {@code [0, bound)}
     */
    static long nextLong(final long bound) {
        return SEEDABLE ? STREAMS.get().nextLong(bound) : ThreadLocalRandom.current().nextLong(bound);
    }

    /**
     * @param bound at least 1
     * @return a uniform value in {@code [0, bound)}
     */
    static int nextInt(final int bound) {
        return SEEDABLE ? STREAMS.get().nextInt(bound) : ThreadLocalRandom.current().nextInt(bound);
    }

    /** @return a uniform value in {@code [0, 1)} */
    static double nextDouble() {
        return SEEDABLE ? STREAMS.get().nextDouble() : ThreadLocalRandom.current().nextDouble();
    }

    /**
     * Gives the calling thread a fresh stream from {@code seed}; threads it starts from now on split
     * theirs from it.
     *
     * @param seed the stream's seed
     * @throws IllegalStateException when {@value #SEEDABLE_PROPERTY} was not {@code true} when this
     *                               class loaded: the draws would not follow the seed
     */
    static void reseedThisThread(final long seed) {
        if (!SEEDABLE) {
            throw new IllegalStateException("sampling draws are ThreadLocalRandom's, which cannot be seeded: set -D"
                + SEEDABLE_PROPERTY + "=true before the first reservoir loads to seed them");
        }
        STREAMS.set(new SplittableRandom(seed));
    }
}
