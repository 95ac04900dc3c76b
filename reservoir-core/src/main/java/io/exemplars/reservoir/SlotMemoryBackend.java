package io.exemplars.reservoir;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the engine reaches its off-heap slots. Chosen once per JVM, the first time an arena needs
 * memory, and the same for every arena of the JVM.
 *
 * <ul>
 *   <li>{@link #AGRONA_UNSAFE} when the JVM runs with {@value #AGRONA_JVM_FLAG} (Agrona 2.x reads
 *       and writes through {@code jdk.internal.misc.Unsafe}): the fastest.</li>
 *   <li>{@link #VAR_HANDLE} otherwise: standard {@code java.lang.invoke.VarHandle} views of the
 *       same 64-byte-aligned direct memory, with the same acquire, release and compare-and-set
 *       semantics. No JVM flag, nothing to configure.</li>
 * </ul>
 *
 * <p>The system property {@value #PROPERTY} forces {@code var_handle} (for comparisons, or to rule
 * the flag out); {@code auto}, the default, picks as above; {@code agrona_unsafe} asks for Agrona
 * and falls back, with one warning, when the JVM does not allow it; any other value is a
 * configuration error, an {@link IllegalArgumentException} naming the property and the value at
 * first use (the first arena), not a warning. Detection never throws: a JVM without the flag simply
 * gets {@link #VAR_HANDLE}.
 */
public enum SlotMemoryBackend {
    /** Agrona's Unsafe access on the slots' raw address, no bounds check; needs {@value #AGRONA_JVM_FLAG}. */
    AGRONA_UNSAFE,
    /** Standard {@code VarHandle} byte-buffer views; needs no JVM flag. */
    VAR_HANDLE;

    /** The JVM flag that lets Agrona 2.x reach {@code jdk.internal.misc.Unsafe}: an optional speed-up. */
    public static final String AGRONA_JVM_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";
    /** System property that chooses the backend: {@code auto} (default), {@code var_handle} or {@code agrona_unsafe}. */
    public static final String PROPERTY = "io.exemplars.reservoir.memory";

    private static final Logger LOG = Logger.getLogger(SlotMemoryBackend.class.getName());
    /** Written once under the class lock, read through {@link #current()}. */
    private static SlotMemoryBackend chosen;

    /**
     * @return the backend every arena of this JVM uses (detected on the first call)
     * @throws IllegalArgumentException naming {@value #PROPERTY} and its value when that is not
     *                                  {@code auto}, {@code var_handle} or {@code agrona_unsafe}
     */
    public static synchronized SlotMemoryBackend current() {
        if (chosen == null) {
            chosen = choose(System.getProperty(PROPERTY, "auto"));
        }
        return chosen;
    }

    private static SlotMemoryBackend choose(final String requested) {
        final String normalised = requested.trim().toLowerCase(Locale.ROOT);
        if ("var_handle".equals(normalised)) {
            return VAR_HANDLE;
        }
        if (!"agrona_unsafe".equals(normalised) && !"auto".equals(normalised)) {
            throw new IllegalArgumentException(PROPERTY + " must be auto, var_handle or agrona_unsafe, was '"
                + requested + "'");
        }
        final boolean agronaWorks = agronaWorks();
        if ("agrona_unsafe".equals(normalised) && !agronaWorks) {
            LOG.log(Level.WARNING, PROPERTY + "=agrona_unsafe, but this JVM does not let Agrona reach "
                + "jdk.internal.misc.Unsafe (add " + AGRONA_JVM_FLAG + "); using var_handle");
        }
        return agronaWorks ? AGRONA_UNSAFE : VAR_HANDLE;
    }

    /** Agrona's Unsafe access, tried once; any failure (LinkageError above all) means no. */
    @SuppressWarnings("PMD.AvoidCatchingThrowable")
    private static boolean agronaWorks() {
        try {
            UnsafeSlotMemory.probe();
            return true;
        } catch (final Throwable noAccess) {
            return false;
        }
    }

    /**
     * @param slots how many slots
     * @return zeroed, aligned slot memory of this backend
     * @throws OutOfMemoryError when the JVM refuses the direct memory
     */
    SlotMemory allocate(final int slots) {
        return this == AGRONA_UNSAFE ? new UnsafeSlotMemory(slots) : new VarHandleSlotMemory(slots);
    }
}
