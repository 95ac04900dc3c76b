package io.exemplars.otel;

import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenTelemetry SDK internals the adapter needs, checked and resolved once per class loader.
 *
 * <p>The SDK has no public reservoir hook, so the adapter builds on its internal aggregator and
 * exemplar classes, which change between releases. This class decides, before any of them is
 * touched, whether the SDK on the classpath fits: its version must be in the supported range
 * ({@link ReservoirAggregation#OLDEST_SUPPORTED_SDK_VERSION} to
 * {@link ReservoirAggregation#NEWEST_SUPPORTED_SDK_VERSION}, patch releases included), every
 * internal class and constructor the adapter uses must exist, and the adapter's aggregations must
 * be given names in the SDK's aggregation-name table ({@link AggregationNames}). When anything does
 * not fit, {@link #requireFit()} throws one message naming the supported range, the version found
 * and what is missing, at the moment a user builds a {@link ReservoirAggregation}.
 *
 * <p>It only uses reflection and the SDK's public API, so it loads and reports even when the
 * internal classes are gone. The histogram aggregator constructors differ between SDK versions
 * (1.65 added {@code recordMinMax}); they are looked up here as method handles and adapted to one
 * shape, so the rest of the adapter compiles and runs unchanged against either version.
 */
final class SdkInternals {
    /** What the version reads as when the SDK jar does not say (e.g. repackaged). */
    static final String UNKNOWN_VERSION = "unknown";

    private static final String VERSION_RESOURCE = "version.properties";
    private static final String VERSION_PROPERTY = "sdk.version";
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d{1,9})\\.(\\d{1,9})(?:\\.\\d+)?(?:[-+.].*)?$");
    private static final int MINOR_BITS = 32;
    private static final long UNPARSABLE = -1L;
    private static final long OLDEST_SUPPORTED = majorMinor(ReservoirAggregation.OLDEST_SUPPORTED_SDK_VERSION);
    private static final long NEWEST_SUPPORTED = majorMinor(ReservoirAggregation.NEWEST_SUPPORTED_SDK_VERSION);
    /** The SDK's own default for histograms; 1.56 always records min and max. */
    private static final boolean RECORD_MIN_MAX = true;

    private static final String AGGREGATOR = "io.opentelemetry.sdk.metrics.internal.aggregator.";
    private static final String EXEMPLAR = "io.opentelemetry.sdk.metrics.internal.exemplar.";
    private static final String DATA = "io.opentelemetry.sdk.metrics.internal.data.";
    private static final String DESCRIPTOR = "io.opentelemetry.sdk.metrics.internal.descriptor.";
    /** Internal classes the adapter names in its code, beyond those whose constructors are checked. */
    private static final String[] REFERENCED_CLASSES = {
        AGGREGATOR + "AggregatorFactory",
        AGGREGATOR + "AggregationUtil",
        AGGREGATOR + "ExplicitBucketHistogramUtils",
        EXEMPLAR + "ExemplarFilterInternal",
        EXEMPLAR + "DoubleExemplarReservoir",
        EXEMPLAR + "LongExemplarReservoir",
        DATA + "ImmutableDoubleExemplarData",
        DATA + "ImmutableLongExemplarData",
    };

    /** Declared last: resolving reads the constants above. */
    private static final SdkInternals RESOLVED = resolve(detectVersion(), SdkMeterProvider.class.getClassLoader());

    private final String version;
    private final String problem;
    private final MethodHandle explicitBucketHistogram;
    private final MethodHandle base2ExponentialHistogram;

    private SdkInternals(final String version, final String problem, final MethodHandle explicitBucketHistogram,
                         final MethodHandle base2ExponentialHistogram) {
        this.version = version;
        this.problem = problem;
        this.explicitBucketHistogram = explicitBucketHistogram;
        this.base2ExponentialHistogram = base2ExponentialHistogram;
    }

    /**
     * @return the resolution for the SDK on this class loader's classpath
     */
    static SdkInternals get() {
        return RESOLVED;
    }

    /**
     * @throws IllegalStateException naming the supported range, the version found and the problem,
     *                               when the SDK does not fit
     */
    void requireFit() {
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /**
     * @return the opentelemetry-sdk-metrics version found, or {@link #UNKNOWN_VERSION}
     */
    String version() {
        return version;
    }

    /**
     * Builds the SDK's {@code DoubleExplicitBucketHistogramAggregator}, recording min and max.
     *
     * @param boundaries the validated boundary array
     * @param reservoirs the {@code ExemplarReservoirFactory} for its series
     * @param memoryMode the reader's memory mode
     * @return the {@code Aggregator}
     */
    Object newExplicitBucketHistogram(final double[] boundaries, final Object reservoirs,
                                      final MemoryMode memoryMode) {
        return construct(explicitBucketHistogram, boundaries, reservoirs, memoryMode);
    }

    /**
     * Builds the SDK's {@code DoubleBase2ExponentialHistogramAggregator}, recording min and max.
     *
     * @param reservoirs the {@code ExemplarReservoirFactory} for its series
     * @param maxBuckets the validated bucket limit
     * @param maxScale   the validated largest scale
     * @param memoryMode the reader's memory mode
     * @return the {@code Aggregator}
     */
    Object newBase2ExponentialHistogram(final Object reservoirs, final int maxBuckets, final int maxScale,
                                        final MemoryMode memoryMode) {
        return construct(base2ExponentialHistogram, reservoirs, maxBuckets, maxScale, memoryMode);
    }

    /** Runs at instrument registration, never on the recording path. */
    private static Object construct(final MethodHandle constructor, final Object... arguments) {
        try {
            return constructor.invokeWithArguments(arguments);
        } catch (final RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (final Throwable impossible) { // the SDK's constructors declare no checked exception
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * @param version a version string such as {@code 1.65.0} or {@code 1.60.0-alpha}
     * @return whether it is in the supported range (any patch release of a supported minor)
     */
    static boolean isSupported(final String version) {
        final long majorMinor = majorMinor(version);
        return majorMinor != UNPARSABLE && majorMinor >= OLDEST_SUPPORTED && majorMinor <= NEWEST_SUPPORTED;
    }

    /** Major and minor in one ordered number, or {@link #UNPARSABLE}. */
    private static long majorMinor(final String version) {
        final Matcher matcher = MAJOR_MINOR.matcher(version);
        if (!matcher.matches()) {
            return UNPARSABLE;
        }
        return (Long.parseLong(matcher.group(1)) << MINOR_BITS) | Long.parseLong(matcher.group(2));
    }

    /**
     * @param version what was found
     * @param detail  what does not fit, or null when only the version is out of range
     * @return the message a user sees when the SDK does not fit
     */
    static String unsupportedMessage(final String version, final String detail) {
        return "reservoir-otel-adapter supports " + ReservoirAggregation.SUPPORTED_SDK_RANGE
            + " (io.opentelemetry:opentelemetry-sdk-metrics, patch releases included), found " + version
            + (detail == null ? "" : ": " + detail)
            + "; use a supported SDK version or a reservoir-otel-adapter release that supports " + version;
    }

    /**
     * @return the version in opentelemetry-sdk-metrics' {@code version.properties}, else its
     *     manifest's, else {@link #UNKNOWN_VERSION}
     */
    static String detectVersion() {
        try (InputStream in = SdkMeterProvider.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in != null) {
                final Properties properties = new Properties();
                properties.load(in);
                final String version = properties.getProperty(VERSION_PROPERTY);
                if (version != null && !version.isBlank()) {
                    return version.trim();
                }
            }
        } catch (final IOException | IllegalArgumentException unreadable) {
            // fall through to the manifest
        }
        final String manifestVersion = SdkMeterProvider.class.getPackage().getImplementationVersion();
        return manifestVersion == null ? UNKNOWN_VERSION : manifestVersion;
    }

    /**
     * @param version the SDK version found
     * @param loader  the class loader that loaded the SDK
     * @return the resolution: the internals, or the problem
     */
    static SdkInternals resolve(final String version, final ClassLoader loader) {
        // An unknown version (a repackaged SDK) is judged by its internals alone.
        if (!UNKNOWN_VERSION.equals(version) && !isSupported(version)) {
            return new SdkInternals(version, unsupportedMessage(version, null), null, null);
        }
        try {
            for (final String name : REFERENCED_CLASSES) {
                Class.forName(name, false, loader);
            }
            final Class<?> aggregator = Class.forName(AGGREGATOR + "Aggregator", false, loader);
            final Class<?> factory = Class.forName(EXEMPLAR + "ExemplarReservoirFactory", false, loader);
            final Class<?> descriptor = Class.forName(DESCRIPTOR + "InstrumentDescriptor", false, loader);
            final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            // The sum and last-value constructors are the same in every supported version and are
            // called directly; they are looked up here only so that a missing one is reported now.
            for (final String sum : new String[] {"LongSumAggregator", "DoubleSumAggregator"}) {
                lookup.findConstructor(Class.forName(AGGREGATOR + sum, false, loader),
                    MethodType.methodType(void.class, descriptor, factory, MemoryMode.class));
            }
            for (final String lastValue : new String[] {"LongLastValueAggregator", "DoubleLastValueAggregator"}) {
                lookup.findConstructor(Class.forName(AGGREGATOR + lastValue, false, loader),
                    MethodType.methodType(void.class, factory, MemoryMode.class));
            }
            final MethodHandle explicit = explicitBucketHistogram(lookup, loader, aggregator, factory);
            final MethodHandle exponential = base2ExponentialHistogram(lookup, loader, aggregator, factory);
            AggregationNames.registerAll();
            return new SdkInternals(version, null, explicit, exponential);
        } catch (final ReflectiveOperationException | LinkageError | RuntimeException doesNotFit) {
            return new SdkInternals(version, unsupportedMessage(version, doesNotFit.toString()), null, null);
        }
    }

    private static MethodHandle explicitBucketHistogram(final MethodHandles.Lookup lookup, final ClassLoader loader,
                                                        final Class<?> aggregator, final Class<?> factory)
        throws ReflectiveOperationException {
        final Class<?> type = Class.forName(AGGREGATOR + "DoubleExplicitBucketHistogramAggregator", false, loader);
        MethodHandle constructor;
        try { // 1.65: (double[] boundaries, boolean recordMinMax, ExemplarReservoirFactory, MemoryMode)
            constructor = MethodHandles.insertArguments(lookup.findConstructor(type, MethodType.methodType(
                void.class, double[].class, boolean.class, factory, MemoryMode.class)), 1, RECORD_MIN_MAX);
        } catch (final NoSuchMethodException before165) { // 1.56: (double[], ExemplarReservoirFactory, MemoryMode)
            constructor = lookup.findConstructor(type,
                MethodType.methodType(void.class, double[].class, factory, MemoryMode.class));
        }
        return constructor.asType(MethodType.methodType(aggregator, double[].class, factory, MemoryMode.class));
    }

    private static MethodHandle base2ExponentialHistogram(final MethodHandles.Lookup lookup, final ClassLoader loader,
                                                          final Class<?> aggregator, final Class<?> factory)
        throws ReflectiveOperationException {
        final Class<?> type = Class.forName(AGGREGATOR + "DoubleBase2ExponentialHistogramAggregator", false, loader);
        MethodHandle constructor;
        try { // 1.65: (ExemplarReservoirFactory, int maxBuckets, int maxScale, boolean recordMinMax, MemoryMode)
            constructor = MethodHandles.insertArguments(lookup.findConstructor(type, MethodType.methodType(
                void.class, factory, int.class, int.class, boolean.class, MemoryMode.class)), 3, RECORD_MIN_MAX);
        } catch (final NoSuchMethodException before165) { // 1.56: (ExemplarReservoirFactory, int, int, MemoryMode)
            constructor = lookup.findConstructor(type,
                MethodType.methodType(void.class, factory, int.class, int.class, MemoryMode.class));
        }
        return constructor.asType(MethodType.methodType(aggregator, factory, int.class, int.class, MemoryMode.class));
    }

    @Override
    public String toString() {
        return "SdkInternals{version=" + version + (problem == null ? ", fits" : ", " + problem) + '}';
    }
}
