package io.exemplars.benchmarks;

import io.exemplars.reservoir.SlotArena;
import io.exemplars.reservoir.SlotMemoryBackend;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * The check, inside a benchmark fork, that our reservoirs really run on the backend the fork's
 * options were meant to give them: a measurement labelled "VarHandle" that secretly ran on Agrona
 * (or the reverse) would make the comparison of the two a lie, so a mismatch fails the benchmark
 * in its trial setup, before anything is measured.
 */
final class ExpectedBackend {
    private ExpectedBackend() {
    }

    /**
     * @param arena the arena the benchmark's reservoirs of ours lease their slots from
     * @throws IllegalStateException if the fork was told to expect one backend
     *     ({@link ForkedJvm#EXPECTED_BACKEND_PROPERTY}) and the arena uses another; nothing is
     *     checked when the fork was told nothing (a plain JMH run with its own JVM options)
     */
    static void verify(final SlotArena arena) {
        final String expected = System.getProperty(ForkedJvm.EXPECTED_BACKEND_PROPERTY);
        if (expected == null) {
            return;
        }
        final SlotMemoryBackend actual = arena.backend();
        if (!actual.name().equals(expected.trim().toUpperCase(Locale.ROOT))) {
            throw new IllegalStateException("this fork was started to measure the " + expected
                + " slot-memory backend, but the arena uses " + actual + " (JVM options: "
                + jvmOptions() + "); the flag " + ForkedJvm.OFF_HEAP_ACCESS + " selects AGRONA_UNSAFE unless -D"
                + SlotMemoryBackend.PROPERTY + "=var_handle forces VAR_HANDLE; without the flag it is VAR_HANDLE");
        }
    }

    private static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }
}
