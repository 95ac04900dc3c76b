package io.exemplars.otel;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What happens when the adapter cannot serve the SDK on the classpath: by default it fails open,
 * in strict mode it fails.
 *
 * <h2>Why open</h2>
 * An add-on that picks exemplars must never cost a service its telemetry (OpenTelemetry's
 * error-handling principle: extensions do not throw into the application, they log and degrade).
 * An exception at configuration would stop SDK autoconfigure, or the Java agent, and with them
 * every trace, metric and log. So when the SDK is outside the tested range or its internals do not
 * fit ({@link SdkInternals#problem()}), every {@link ReservoirAggregation} factory returns the
 * SDK's own aggregation of the same shape ({@link SdkEquivalent}), and one warning per class
 * loader (so per JVM, for one copy of the adapter) names the version found, the tested range, what
 * did not fit, and that the SDK's built-in reservoirs apply.
 *
 * <h2>Strict</h2>
 * With {@value ReservoirAggregation#STRICT_PROPERTY}{@code =true} the factories throw the
 * {@link IllegalStateException} instead, so a broken fit fails a build, not a service; the
 * project's own tests run strict.
 *
 * <h2>Breaks at run time</h2>
 * An internal the structural check cannot see (a member missing only when first used) breaks when
 * an instrument is registered or first records. Both paths are guarded
 * ({@link ReservoirBackedAggregation#createAggregator}, {@link BuiltInOnBreakReservoirFactory}): the
 * instrument continues on the SDK's built-in reservoir, {@link #brokeAtRunTime} logs a warning, and
 * nothing is thrown into the application, strict mode or not (no exception ever leaves a recording
 * call). {@link #status()} names the first such break.
 */
final class FailOpen {
    private static final Logger LOGGER = Logger.getLogger(ReservoirAggregation.class.getName());
    /** The first break at run time, for {@link #status()}; null while none. */
    private static volatile String firstBreak;

    private FailOpen() {
    }

    /**
     * Called by every factory before it builds anything.
     *
     * @return true when the adapter serves the SDK: build our aggregation; false when it fails
     *     open (the one warning is logged on the first such call): return the SDK's own
     * @throws IllegalStateException naming the tested range, the version found and what does not
     *                               fit, when the SDK is not served and strict mode is on
     */
    static boolean served() {
        return served(SdkInternals.get(), strict());
    }

    /**
     * @param sdk    the resolution of the SDK in use
     * @param strict whether strict mode is on
     * @return see {@link #served()}; the warning is logged once per resolution
     */
    static boolean served(final SdkInternals sdk, final boolean strict) {
        if (sdk.fits()) {
            return true;
        }
        if (strict) {
            sdk.requireFit();
        }
        if (sdk.firstTimeUnserved()) {
            LOGGER.log(Level.WARNING, inactiveWarning(sdk.problem()));
        }
        return false;
    }

    /**
     * @return whether {@value ReservoirAggregation#STRICT_PROPERTY} is {@code true} (read at each call:
     *     configuration time only)
     */
    static boolean strict() {
        return Boolean.getBoolean(ReservoirAggregation.STRICT_PROPERTY);
    }

    /**
     * @param problem what does not fit, as {@link SdkInternals#problem()} says it
     * @return the one warning logged when the adapter fails open
     */
    static String inactiveWarning(final String problem) {
        return problem + ". Until then reservoir-otel-adapter is inactive: the SDK's built-in exemplar reservoirs "
            + "apply, and metrics are recorded and exported as usual (set -D" + ReservoirAggregation.STRICT_PROPERTY
            + "=true to fail at configuration instead)";
    }

    /**
     * Logs that an instrument's reservoirs broke at run time and that it continues on the SDK's
     * built-in reservoir; never throws. Its callers log once per instrument and reader.
     *
     * @param instrument the instrument's name
     * @param where      what broke: registration or recording
     * @param cause      what was thrown
     */
    static void brokeAtRunTime(final String instrument, final String where, final Throwable cause) {
        final String message = "reservoir-otel-adapter broke at " + where + " of instrument " + instrument
            + " on OpenTelemetry SDK " + SdkInternals.get().version() + " (tested with "
            + ReservoirAggregation.TESTED_SDK_RANGE + "): " + cause + "; that instrument continues with the "
            + "SDK's built-in exemplar reservoir";
        if (firstBreak == null) {
            firstBreak = message;
        }
        try {
            LOGGER.log(Level.WARNING, message, cause);
        } catch (final RuntimeException | LinkageError loggingFailed) { // never into the application
            // nothing left to tell it with
        }
    }

    /**
     * @return the status {@link ReservoirAggregation#status()} reports
     */
    static ReservoirStatus status() {
        final SdkInternals sdk = SdkInternals.get();
        return sdk.fits() ? new ReservoirStatus(true, sdk.version(), firstBreak)
            : new ReservoirStatus(false, sdk.version(), sdk.problem());
    }
}
