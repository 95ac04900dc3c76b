package io.exemplars.reservoir;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend is chosen by what the JVM allows, never fails, and works the same either way. The
 * child JVMs here are started with exactly the options under test, since the JVM's own flags decide.
 */
class SlotMemoryBackendTest {

    /** Child JVM: creates reservoirs on the default arena, offers, collects, prints what it saw. */
    public static void main(final String[] args) {
        final SlotArena arena;
        try {
            arena = SlotArena.create();
        } catch (final IllegalArgumentException badConfiguration) {
            System.out.println("refused: " + badConfiguration.getMessage());
            return;
        }
        final AlignedUniformReservoir<TestContext> aligned =
            AlignedUniformReservoir.create(arena, BucketBoundaries.of(1, 2, 3), TestContext.CAPTURER);
        final FixedSizeUniformReservoir<TestContext> fixed = FixedSizeUniformReservoir.create(arena, 2, TestContext.CAPTURER);
        for (int i = 0; i < 1000; i++) {
            aligned.offerDouble(i % 5, null, new TestContext(i));
            fixed.offerLong(i, null, new TestContext(i));
        }
        final List<CollectedCopy> kept = CollectedCopy.collect(aligned, true);
        kept.addAll(CollectedCopy.collect(fixed, true));
        final boolean consistent = kept.stream().allMatch(e -> e.cameFrom(((TestContext) e.contextReference).offer));
        System.out.println("backend=" + arena.backend() + " exemplars=" + kept.size() + " consistent=" + consistent
            + " limit=" + arena.bytesLimit());
    }

    @Test
    void theBackendFollowsTheJvmFlag() {
        final boolean flagged = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .anyMatch(a -> a.contains("java.base/jdk.internal.misc=ALL-UNNAMED"));
        final boolean forced = "var_handle".equals(System.getProperty(SlotMemoryBackend.PROPERTY));
        assertEquals(flagged && !forced ? SlotMemoryBackend.AGRONA_UNSAFE : SlotMemoryBackend.VAR_HANDLE,
            SlotMemoryBackend.current());
    }

    @Test
    void withoutAnyFlagTheEngineWorksOnVarHandles() throws Exception {
        final String output = ChildJvm.run(SlotMemoryBackendTest.class);
        assertTrue(output.contains("backend=VAR_HANDLE exemplars=6 consistent=true"), output);
    }

    @Test
    void withTheFlagItUsesAgrona() throws Exception {
        final String output = ChildJvm.run(SlotMemoryBackendTest.class,
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");
        assertTrue(output.contains("backend=AGRONA_UNSAFE exemplars=6 consistent=true"), output);
    }

    @Test
    void thePropertyForcesVarHandlesAndABadValueIsRefusedNamingIt() throws Exception {
        final String forced = ChildJvm.run(SlotMemoryBackendTest.class,
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-D" + SlotMemoryBackend.PROPERTY + "=var_handle");
        assertTrue(forced.contains("backend=VAR_HANDLE exemplars=6"), forced);
        final String unavailable = ChildJvm.run(SlotMemoryBackendTest.class,
            "-D" + SlotMemoryBackend.PROPERTY + "=agrona_unsafe");
        assertTrue(unavailable.contains("does not let Agrona") && unavailable.contains("backend=VAR_HANDLE"), unavailable);
        final String bad = ChildJvm.run(SlotMemoryBackendTest.class, "-D" + SlotMemoryBackend.PROPERTY + "=bogus");
        assertTrue(bad.contains("refused: " + SlotMemoryBackend.PROPERTY
            + " must be auto, var_handle or agrona_unsafe, was 'bogus'"), bad);
    }

    /** Issue 16, case 5: every configuration message names the property and the value. */
    @Test
    void aTooSmallArenaLimitOrABadExpiryIsRefusedNamingThePropertyAndValue() throws Exception {
        final String small = ChildJvm.run(SlotMemoryBackendTest.class, "-D" + DefaultArenaLimit.PROPERTY + "=4096");
        assertTrue(small.contains("refused: " + DefaultArenaLimit.PROPERTY
            + " must be at least one slab of 65536 bytes (64k), was '4096'"), small);
        final String expiry = ChildJvm.run(SlotMemoryBackendTest.class, "-D" + LeaseExpiry.PROPERTY + "=soon");
        assertTrue(expiry.contains("refused: " + LeaseExpiry.PROPERTY + " must be a duration from 1ms to 24h "
            + "(for example 500ms, 90s, 5m, 1h or PT5M), was 'soon'"), expiry);
    }

    @Test
    void theDefaultLimitFollowsTheJvmsDirectMemoryLimit() throws Exception {
        final String output = ChildJvm.run(SlotMemoryBackendTest.class, "-XX:MaxDirectMemorySize=64m");
        assertTrue(output.contains("limit=" + (8L << 20)), output);
        final String configured = ChildJvm.run(SlotMemoryBackendTest.class, "-D" + DefaultArenaLimit.PROPERTY + "=2m");
        assertTrue(configured.contains("limit=" + (2L << 20)), configured);
    }
}
