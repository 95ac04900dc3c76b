package io.exemplars.reservoir;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The limit of an arena made by {@link SlotArena#create()}: a share of the JVM's own direct-memory
 * limit, so the exemplars never take the direct memory the application's I/O (NIO, Netty) needs.
 *
 * <p>Limit = the JVM's direct-memory limit / {@value #DIVISOR}, at least {@value #FLOOR_BYTES}
 * bytes (1 MiB) and at most {@value #CEILING_BYTES} bytes (256 MiB). The JVM's limit is
 * {@code -XX:MaxDirectMemorySize} when set, else the heap's maximum ({@code -Xmx}), as the JVM
 * itself decides. For example: {@code -XX:MaxDirectMemorySize=64m} gives 8 MiB; {@code -Xmx2g}
 * alone gives 256 MiB. The system property {@value #PROPERTY} replaces the rule with a number of
 * bytes (suffixes {@code k}, {@code m}, {@code g} allowed).
 */
public final class DefaultArenaLimit {
    /** System property: the default arena's limit in bytes ({@code k}, {@code m}, {@code g} suffixes allowed). */
    public static final String PROPERTY = "io.exemplars.reservoir.arena.maxBytes";
    /** The default arena takes this fraction (1 / DIVISOR) of the JVM's direct-memory limit. */
    public static final int DIVISOR = 8;
    /** The least limit the rule gives: 1 MiB. */
    public static final long FLOOR_BYTES = 1L << 20;
    /** The most the rule gives: 256 MiB. */
    public static final long CEILING_BYTES = 256L << 20;

    private DefaultArenaLimit() {
    }

    /**
     * @return the limit for a default arena: {@value #PROPERTY} when set, else the rule above
     * @throws IllegalArgumentException naming the property and its value when it is not a size
     */
    public static long bytes() {
        final String configured = System.getProperty(PROPERTY);
        if (configured != null) {
            return parse(configured);
        }
        return ofDirectMemoryLimit(jvmDirectMemoryLimit());
    }

    /**
     * @param directMemoryLimit the JVM's direct-memory limit, in bytes
     * @return the rule's limit for it
     */
    public static long ofDirectMemoryLimit(final long directMemoryLimit) {
        return Math.max(FLOOR_BYTES, Math.min(CEILING_BYTES, directMemoryLimit / DIVISOR));
    }

    /**
     * @return the JVM's direct-memory limit: {@code -XX:MaxDirectMemorySize} when set, else the
     *     maximum heap size (the JVM's own default); read through the public HotSpot diagnostic
     *     bean, so no JVM flag is needed
     */
    public static long jvmDirectMemoryLimit() {
        try {
            final HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            final long configured = Long.parseLong(hotSpot.getVMOption("MaxDirectMemorySize").getValue());
            if (configured > 0) {
                return configured;
            }
        } catch (final RuntimeException | LinkageError notHotSpot) {
            // not a HotSpot JVM, or jdk.management left out of the runtime image: the JVM's default
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** A size such as {@code 8388608}, {@code 8m} or {@code 512k}. */
    static long parse(final String text) {
        final String size = text.trim().toLowerCase(Locale.ROOT);
        final int shift;
        final String digits;
        switch (size.isEmpty() ? ' ' : size.charAt(size.length() - 1)) {
            case 'k':
                shift = 10;
                digits = size.substring(0, size.length() - 1);
                break;
            case 'm':
                shift = 20;
                digits = size.substring(0, size.length() - 1);
                break;
            case 'g':
                shift = 30;
                digits = size.substring(0, size.length() - 1);
                break;
            default:
                shift = 0;
                digits = size;
        }
        try {
            final long value = Long.parseLong(digits);
            if (value > 0 && value <= Long.MAX_VALUE >> shift) {
                return value << shift;
            }
        } catch (final NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(PROPERTY + " must be a positive number of bytes (suffix k, m or g "
            + "allowed), was '" + text + "'");
    }
}
