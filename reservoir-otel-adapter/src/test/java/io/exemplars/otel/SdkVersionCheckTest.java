package io.exemplars.otel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK version check. The build passes the resolved {@code otel.version} to the tests, so the
 * 1.56.0 CI run also proves that it really ran on 1.56.0 and that the adapter saw it.
 */
class SdkVersionCheckTest {
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
    void acceptsTheSupportedMinorVersionsAndTheirPatchReleases() {
        assertTrue(SdkInternals.isSupported(ReservoirAggregation.OLDEST_SUPPORTED_SDK_VERSION));
        assertTrue(SdkInternals.isSupported(ReservoirAggregation.NEWEST_SUPPORTED_SDK_VERSION));
        assertTrue(SdkInternals.isSupported("1.60.0"));
        assertTrue(SdkInternals.isSupported("1.65.2"));
        assertTrue(SdkInternals.isSupported("1.56.0-SNAPSHOT"));
        assertTrue(SdkInternals.isSupported("1.61"));
    }

    @Test
    void refusesVersionsOutsideTheRangeAndUnparsableOnes() {
        assertFalse(SdkInternals.isSupported("1.55.9"));
        assertFalse(SdkInternals.isSupported("1.66.0"));
        assertFalse(SdkInternals.isSupported("2.60.0"));
        assertFalse(SdkInternals.isSupported("0.60.0"));
        assertFalse(SdkInternals.isSupported("1.6.0"));
        assertFalse(SdkInternals.isSupported("1.650.0"));
        assertFalse(SdkInternals.isSupported("99999999999.60.0"));
        assertFalse(SdkInternals.isSupported(SdkInternals.UNKNOWN_VERSION));
        assertFalse(SdkInternals.isSupported(""));
    }

    @Test
    void theRefusalNamesTheSupportedRangeTheVersionFoundAndTheProblem() {
        final String message = SdkInternals.unsupportedMessage("1.66.0", "java.lang.NoSuchMethodException: x");
        assertTrue(message.contains("OpenTelemetry SDK 1.56.0 to 1.65.0"), message);
        assertTrue(message.contains("found 1.66.0"), message);
        assertTrue(message.contains("NoSuchMethodException: x"), message);
        assertEquals("OpenTelemetry SDK " + ReservoirAggregation.OLDEST_SUPPORTED_SDK_VERSION + " to "
            + ReservoirAggregation.NEWEST_SUPPORTED_SDK_VERSION, ReservoirAggregation.SUPPORTED_SDK_RANGE);
    }

    @Test
    void anSdkOutsideTheRangeIsRefusedBeforeItsInternalsAreTouched() {
        final SdkInternals resolved = SdkInternals.resolve("1.66.0", ReservoirAggregation.class.getClassLoader());
        final IllegalStateException refused = assertThrows(IllegalStateException.class, resolved::requireFit);
        assertEquals(SdkInternals.unsupportedMessage("1.66.0", null), refused.getMessage());
    }

    @Test
    void anSdkInRangeWhoseInternalsAreMissingIsRefusedNamingWhatIsMissing() {
        // A loader that sees no SDK at all: its first internal class is missing.
        final ClassLoader withoutSdk = new ClassLoader(ClassLoader.getPlatformClassLoader()) { };
        final SdkInternals resolved = SdkInternals.resolve("1.60.0", withoutSdk);
        final IllegalStateException refused = assertThrows(IllegalStateException.class, resolved::requireFit);
        assertTrue(refused.getMessage().contains("OpenTelemetry SDK 1.56.0 to 1.65.0"), refused.getMessage());
        assertTrue(refused.getMessage().contains("found 1.60.0"), refused.getMessage());
        assertTrue(refused.getMessage().contains(
            "ClassNotFoundException: io.opentelemetry.sdk.metrics.internal.aggregator.AggregatorFactory"),
            refused.getMessage());
    }

    @Test
    void anUnknownVersionIsJudgedByItsInternals() {
        assertDoesNotThrow(() -> SdkInternals.resolve(SdkInternals.UNKNOWN_VERSION,
            ReservoirAggregation.class.getClassLoader()).requireFit());
    }
}
