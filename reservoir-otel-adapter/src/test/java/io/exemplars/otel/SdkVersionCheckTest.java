package io.exemplars.otel;

import io.exemplars.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK version check. The build passes the resolved {@code otel.version} to the tests, so the
 * 1.56.0 and 1.67.0 runs of bin/test also prove that they really ran on that SDK and that the
 * adapter saw it.
 *
 * <p>Versions other than the real one are judged with {@link SdkInternals#resolve} against the
 * SDK on the test classpath (whose internals fit) or against a class loader that sees no SDK at
 * all (whose internals do not), and the adapter's warnings are captured from its
 * {@code java.util.logging} logger.
 */
class SdkVersionCheckTest {
    private static final ClassLoader WITH_SDK = ReservoirAggregation.class.getClassLoader();
    /** A loader that sees no SDK at all: the first internal class the check looks for is missing. */
    private static final ClassLoader WITHOUT_SDK = new ClassLoader(ClassLoader.getPlatformClassLoader()) { };
    private static final String FIRST_MISSING =
        "ClassNotFoundException: io.opentelemetry.sdk.metrics.internal.aggregator.Aggregator";

    private final LogCapture log = new LogCapture(Logger.getLogger(SdkInternals.class.getName()));
    private final List<LogRecord> records = log.records();

    @BeforeEach
    void captureTheAdaptersLog() {
        log.start();
    }

    @AfterEach
    void stopCapturing() {
        log.stop();
    }

    @Test
    void detectsTheSdkVersionTheBuildResolved() {
        final String expected = System.getProperty("expected.otel.version");
        assertTrue(expected != null && !expected.isBlank(), "surefire must pass expected.otel.version");
        assertEquals(expected, ReservoirAggregation.detectedSdkVersion());
        assertEquals(expected, SdkInternals.detectVersion());
    }

    @Test
    void theSdkOnTheClasspathFits() {
        assertDoesNotThrow(() -> SdkInternals.get().requireFit(), SdkInternals.get().toString());
    }

    @Test
    void theTestedRangeIsItsBothEnds() {
        assertEquals("OpenTelemetry SDK 1.56.0 to 1.68.0", ReservoirAggregation.TESTED_SDK_RANGE);
    }

    @Test
    void classifiesVersionsAgainstTheTestedRange() {
        for (final String tested : List.of(ReservoirAggregation.OLDEST_SUPPORTED_SDK_VERSION,
            ReservoirAggregation.NEWEST_TESTED_SDK_VERSION, "1.60.0", "1.65.2", "1.67.0", "1.68.3",
            "1.56.0-SNAPSHOT", "1.61")) {
            assertEquals(SdkInternals.VersionRange.TESTED, SdkInternals.rangeOf(tested), tested);
        }
        for (final String newer : List.of("1.69.0", "1.69.0-SNAPSHOT", "1.70", "1.650.0")) {
            assertEquals(SdkInternals.VersionRange.NEWER_MINOR, SdkInternals.rangeOf(newer), newer);
        }
        for (final String refused : List.of("1.55.9", "1.6.0", "0.60.0", "0.99.0", "2.0.0", "2.60.0",
            "99999999999.60.0", "", "1.x", "latest")) {
            assertEquals(SdkInternals.VersionRange.REFUSED, SdkInternals.rangeOf(refused), refused);
        }
        assertEquals(SdkInternals.VersionRange.UNKNOWN, SdkInternals.rangeOf(SdkInternals.UNKNOWN_VERSION));
    }

    @Test
    void theRefusalNamesTheTestedRangeTheVersionFoundAndTheProblem() {
        final String message = SdkInternals.unsupportedMessage("1.69.0", "java.lang.NoSuchMethodException: x");
        assertTrue(message.contains("tested with OpenTelemetry SDK 1.56.0 to 1.68.0"), message);
        assertTrue(message.contains("accepts newer 1.x minor releases whose internals fit"), message);
        assertTrue(message.contains("found 1.69.0: java.lang.NoSuchMethodException: x"), message);
    }

    @Test
    void aNewerMinorWhoseInternalsFitIsAcceptedWithOneWarning() {
        final SdkInternals resolved = SdkInternals.resolve("1.69.0", WITH_SDK);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(resolved::requireFit, resolved.toString());
        }
        assertEquals("1.69.0", resolved.version());
        assertEquals(1, records.size(), "one warning per resolution, which is once per class loader");
        final LogRecord warning = records.get(0);
        assertEquals(Level.WARNING, warning.getLevel());
        assertTrue(warning.getMessage().contains("tested with OpenTelemetry SDK 1.56.0 to 1.68.0"),
            warning.getMessage());
        assertTrue(warning.getMessage().contains("found 1.69.0"), warning.getMessage());
        assertEquals(SdkInternals.newerMinorWarning("1.69.0"), warning.getMessage());
    }

    @Test
    void aNewerMinorWhoseInternalsAreMissingIsRefusedWithoutAWarning() {
        final SdkInternals resolved = SdkInternals.resolve("1.69.0", WITHOUT_SDK);
        final IllegalStateException refused = assertThrows(IllegalStateException.class, resolved::requireFit);
        assertTrue(refused.getMessage().contains("OpenTelemetry SDK 1.56.0 to 1.68.0"), refused.getMessage());
        assertTrue(refused.getMessage().contains("found 1.69.0: java.lang." + FIRST_MISSING),
            refused.getMessage());
        assertEquals(List.of(), records);
    }

    @Test
    void aVersionInTheTestedRangeIsAcceptedSilently() {
        assertDoesNotThrow(() -> SdkInternals.resolve("1.67.0", WITH_SDK).requireFit());
        assertEquals(List.of(), records);
    }

    @Test
    void aVersionInTheTestedRangeWhoseInternalsAreMissingIsRefusedNamingWhatIsMissing() {
        final SdkInternals resolved = SdkInternals.resolve("1.60.0", WITHOUT_SDK);
        final IllegalStateException refused = assertThrows(IllegalStateException.class, resolved::requireFit);
        assertTrue(refused.getMessage().contains("found 1.60.0"), refused.getMessage());
        assertTrue(refused.getMessage().contains(FIRST_MISSING), refused.getMessage());
    }

    @Test
    void olderVersionsAndOtherMajorsAreRefusedBeforeTheInternalsAreTouched() {
        // The internals on this loader fit: only the version refuses these.
        for (final String version : List.of("1.55.0", "2.0.0", "0.60.0")) {
            final SdkInternals resolved = SdkInternals.resolve(version, WITH_SDK);
            final IllegalStateException refused = assertThrows(IllegalStateException.class, resolved::requireFit);
            assertEquals(SdkInternals.unsupportedMessage(version, null), refused.getMessage());
        }
        assertEquals(List.of(), records);
    }

    @Test
    void anUnknownVersionIsJudgedByItsInternalsAloneWithoutAWarning() {
        assertDoesNotThrow(() -> SdkInternals.resolve(SdkInternals.UNKNOWN_VERSION, WITH_SDK).requireFit());
        assertEquals(List.of(), records);
        final IllegalStateException refused = assertThrows(IllegalStateException.class,
            SdkInternals.resolve(SdkInternals.UNKNOWN_VERSION, WITHOUT_SDK)::requireFit);
        assertTrue(refused.getMessage().contains("found unknown: java.lang." + FIRST_MISSING), refused.getMessage());
    }
}
