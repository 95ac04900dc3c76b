package io.exemplars.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenTelemetry SDK internals the adapter needs, checked and resolved once per class loader.
 *
 * <p>The SDK has no public reservoir hook, so the adapter builds on its internal aggregator and
 * exemplar classes, which change between releases. This class decides, before any of them is
 * touched, whether the SDK on the classpath fits, by its version and by its internals.
 *
 * <h2>Versions</h2>
 * <ul>
 *   <li>In the tested range ({@link ReservoirAggregation#OLDEST_SUPPORTED_SDK_VERSION} to
 *       {@link ReservoirAggregation#NEWEST_TESTED_SDK_VERSION}, patch releases included): used when
 *       the internals fit.</li>
 *   <li>A newer minor release of the same major version: used when the internals fit, with one
 *       {@code java.util.logging} warning naming the tested range and the version found. The SDK
 *       ships a minor release about every month; a hard upper bound would stop the adapter each
 *       month although its internals usually still fit. The check runs once per class loader, so
 *       the warning is logged once, however many aggregations are built.</li>
 *   <li>Older than the oldest supported, another major version, or an unparsable version: refused
 *       without touching the internals.</li>
 *   <li>No version at all ({@link #UNKNOWN_VERSION}, e.g. a repackaged SDK whose jar does not say):
 *       judged by its internals alone, and used without a warning when they fit (there is no
 *       version to warn about, and nothing the user could change).</li>
 * </ul>
 *
 * <h2>Internals</h2>
 * Every internal class, constructor, method and field the adapter uses must exist with the
 * signature it uses; every abstract method of the SDK interfaces the adapter implements must be
 * one the adapter implements; and the adapter's aggregations must be given names in the SDK's
 * aggregation-name table, a private field ({@link AggregationNames}). When anything does not fit,
 * {@link #problem()} is one message naming the tested range, the version found and what is
 * missing; {@link FailOpen} decides what a user sees then (by default the SDK's own aggregations
 * and one warning, in strict mode {@link #requireFit()}'s exception).
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
    private static final long NEWEST_TESTED = majorMinor(ReservoirAggregation.NEWEST_TESTED_SDK_VERSION);
    private static final Logger LOGGER = Logger.getLogger(SdkInternals.class.getName());
    /** The SDK's own default for histograms; 1.56 always records min and max. */
    private static final boolean RECORD_MIN_MAX = true;

    private static final String AGGREGATOR = "io.opentelemetry.sdk.metrics.internal.aggregator.";
    private static final String EXEMPLAR = "io.opentelemetry.sdk.metrics.internal.exemplar.";
    private static final String DATA = "io.opentelemetry.sdk.metrics.internal.data.";
    private static final String DESCRIPTOR = "io.opentelemetry.sdk.metrics.internal.descriptor.";
    private static final String METRICS = "io.opentelemetry.sdk.metrics.";
    private static final String LIST = "java.util.List";
    // API types by class literal, never by string: the OpenTelemetry Java agent relocates the API
    // inside its SDK (io.opentelemetry.javaagent.shaded.io.opentelemetry.api...) and rewrites an
    // extension's class references, literals included, to match, but not its string constants.
    private static final String ATTRIBUTES = Attributes.class.getName();
    private static final String SPAN_CONTEXT = SpanContext.class.getName();
    private static final String CLOCK = Clock.class.getName();
    /** Internal classes the adapter names in its code, beyond those whose members are checked. */
    private static final String[] REFERENCED_CLASSES = {
        AGGREGATOR + "Aggregator",
        EXEMPLAR + "ExemplarFilterInternal",
    };
    private static final boolean STATIC = true;
    private static final boolean INSTANCE = false;
    /** Asks {@code findMethod} for a method with a body: one the adapter implements. */
    private static final boolean IMPLEMENTED = true;

    /** Declared last: resolving reads the constants above. */
    private static final SdkInternals RESOLVED = resolve(detectVersion(), SdkMeterProvider.class.getClassLoader());

    private final String version;
    private final String problem;
    private final MethodHandle explicitBucketHistogram;
    private final MethodHandle base2ExponentialHistogram;
    /** Set when the fail-open warning has been logged for this resolution. */
    private final AtomicBoolean unservedReported = new AtomicBoolean();

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
     * @return whether the adapter can serve this SDK: its version is accepted and its internals fit
     */
    boolean fits() {
        return problem == null;
    }

    /**
     * @return what does not fit (naming the tested range and the version found), or null when it fits
     */
    String problem() {
        return problem;
    }

    /**
     * @return true the first time it is asked, false after: the fail-open warning is logged once
     *     per resolution, which is once per class loader (so per JVM for one copy of the adapter)
     */
    boolean firstTimeUnserved() {
        return unservedReported.compareAndSet(false, true);
    }

    /**
     * @throws IllegalStateException naming the tested range, the version found and the problem,
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

    /** How a version relates to the tested range; see the class documentation. */
    enum VersionRange {
        /** A minor release from the oldest supported to the newest tested, patch releases included. */
        TESTED,
        /** A newer minor release of the newest tested one's major version. */
        NEWER_MINOR,
        /** No version: judged by the internals alone. */
        UNKNOWN,
        /** Older, another major version, or unparsable: refused. */
        REFUSED
    }

    /**
     * @param version a version string such as {@code 1.65.0} or {@code 1.60.0-alpha}, or
     *                {@link #UNKNOWN_VERSION}
     * @return how it relates to the tested range
     */
    static VersionRange rangeOf(final String version) {
        if (UNKNOWN_VERSION.equals(version)) {
            return VersionRange.UNKNOWN;
        }
        final long majorMinor = majorMinor(version);
        if (majorMinor == UNPARSABLE || majorMinor < OLDEST_SUPPORTED) {
            return VersionRange.REFUSED;
        }
        if (majorMinor <= NEWEST_TESTED) {
            return VersionRange.TESTED;
        }
        return majorMinor >>> MINOR_BITS == NEWEST_TESTED >>> MINOR_BITS ? VersionRange.NEWER_MINOR
            : VersionRange.REFUSED;
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
        return "reservoir-otel-adapter is tested with " + ReservoirAggregation.TESTED_SDK_RANGE
            + " (io.opentelemetry:opentelemetry-sdk-metrics, patch releases included) and accepts newer "
            + majorOf(ReservoirAggregation.NEWEST_TESTED_SDK_VERSION) + ".x minor releases whose internals fit, found "
            + version + (detail == null ? "" : ": " + detail)
            + "; use a supported SDK version or a reservoir-otel-adapter release that supports " + version;
    }

    /**
     * @param version a newer minor version whose internals fit
     * @return the one warning logged when it is used
     */
    static String newerMinorWarning(final String version) {
        return "reservoir-otel-adapter is tested with " + ReservoirAggregation.TESTED_SDK_RANGE + ", found "
            + version + ": a newer minor release; every SDK internal the adapter uses is present, so it is "
            + "used, but it is untested: check that exemplars still appear, and look for a "
            + "reservoir-otel-adapter release tested with " + version;
    }

    private static String majorOf(final String version) {
        return version.substring(0, version.indexOf('.'));
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
     * Decides whether the SDK fits; logs the newer-minor warning when it fits as one. Called once
     * per class loader for the SDK in use (its result is kept), and by the tests.
     *
     * @param version the SDK version found
     * @param loader  the class loader that loaded the SDK
     * @return the resolution: the internals, or the problem
     */
    static SdkInternals resolve(final String version, final ClassLoader loader) {
        final VersionRange range = rangeOf(version);
        if (range == VersionRange.REFUSED) {
            return new SdkInternals(version, unsupportedMessage(version, null), null, null);
        }
        final SdkInternals fits;
        try {
            requireMembers(loader);
            final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            final Class<?> aggregator = Class.forName(AGGREGATOR + "Aggregator", false, loader);
            final Class<?> factory = Class.forName(EXEMPLAR + "ExemplarReservoirFactory", false, loader);
            final MethodHandle explicit = explicitBucketHistogram(lookup, loader, aggregator, factory);
            final MethodHandle exponential = base2ExponentialHistogram(lookup, loader, aggregator, factory);
            AggregationNames.registerAll();
            fits = new SdkInternals(version, null, explicit, exponential);
        } catch (final ReflectiveOperationException | LinkageError | RuntimeException doesNotFit) {
            return new SdkInternals(version, unsupportedMessage(version, doesNotFit.toString()), null, null);
        }
        if (range == VersionRange.NEWER_MINOR) {
            LOGGER.log(Level.WARNING, newerMinorWarning(version));
        }
        return fits;
    }

    /**
     * Checks every internal the adapter uses, except the two histogram constructors (resolved as
     * method handles) and the name table ({@link AggregationNames#registerAll()}), which are
     * checked where they are used.
     *
     * @throws ReflectiveOperationException naming the first class or member that is missing
     */
    private static void requireMembers(final ClassLoader loader) throws ReflectiveOperationException {
        for (final String name : REFERENCED_CLASSES) {
            Class.forName(name, false, loader);
        }
        final Class<?> factory = Class.forName(EXEMPLAR + "ExemplarReservoirFactory", false, loader);
        final Class<?> descriptor = Class.forName(DESCRIPTOR + "InstrumentDescriptor", false, loader);
        final Class<?> advice = Class.forName(DESCRIPTOR + "Advice", false, loader);
        final Class<?> buckets = Class.forName(AGGREGATOR + "ExplicitBucketHistogramUtils", false, loader);
        final String filter = EXEMPLAR + "ExemplarFilterInternal";

        // Implemented by the adapter: every abstract method must be one it implements.
        requireImplemented(Class.forName(AGGREGATOR + "AggregatorFactory", false, loader),
            ReservoirBackedAggregation.class);
        requireImplemented(factory, CoreReservoirFactory.class);
        requireImplemented(factory, BuiltInOnBreakReservoirFactory.class);
        requireImplemented(Class.forName(EXEMPLAR + "DoubleExemplarReservoir", false, loader),
            CoreBackedExemplarReservoir.class);
        requireImplemented(Class.forName(EXEMPLAR + "LongExemplarReservoir", false, loader),
            CoreBackedExemplarReservoir.class);
        // Wrapped by the adapter (retention learns the temporality there): it must forward every
        // method, default ones included, or it would hide an SDK aggregator's own.
        requireForwarded(Class.forName(AGGREGATOR + "Aggregator", false, loader),
            TemporalityProbingAggregator.class);

        // Called by the adapter.
        requireMethod(factory, "noSamples", STATIC, factory.getName());
        requireMethod(factory, "fixedSizeReservoir", STATIC, factory.getName(), CLOCK,
            int.class.getName(), Supplier.class.getName());
        requireMethod(factory, "histogramBucketReservoir", STATIC, factory.getName(),
            CLOCK, LIST);
        requireMethod(factory, "filtered", STATIC, factory.getName(), filter, factory.getName());
        requireMethod(descriptor, "getType", INSTANCE, METRICS + "InstrumentType");
        requireMethod(descriptor, "getValueType", INSTANCE, METRICS + "InstrumentValueType");
        requireMethod(descriptor, "getAdvice", INSTANCE, advice.getName());
        requireMethod(advice, "getExplicitBucketBoundaries", INSTANCE, LIST);
        requireMethod(buckets, "createBoundaryArray", STATIC, double[].class.getName(), LIST);
        requireStaticField(buckets, "DEFAULT_HISTOGRAM_BUCKET_BOUNDARIES", LIST);
        requireMethod(Class.forName(AGGREGATOR + "AggregationUtil", false, loader), "aggregationName", STATIC,
            String.class.getName(), METRICS + "Aggregation");
        requireMethod(Class.forName(DATA + "ImmutableDoubleExemplarData", false, loader), "create", STATIC,
            METRICS + "data.DoubleExemplarData", ATTRIBUTES, long.class.getName(), SPAN_CONTEXT,
            double.class.getName());
        requireMethod(Class.forName(DATA + "ImmutableLongExemplarData", false, loader), "create", STATIC,
            METRICS + "data.LongExemplarData", ATTRIBUTES, long.class.getName(), SPAN_CONTEXT,
            long.class.getName());

        // Constructed directly by the adapter (the same in every supported version).
        for (final String sum : new String[] {"LongSumAggregator", "DoubleSumAggregator"}) {
            Class.forName(AGGREGATOR + sum, false, loader).getConstructor(descriptor, factory, MemoryMode.class);
        }
        for (final String lastValue : new String[] {"LongLastValueAggregator", "DoubleLastValueAggregator"}) {
            Class.forName(AGGREGATOR + lastValue, false, loader).getConstructor(factory, MemoryMode.class);
        }
    }

    /**
     * @throws NoSuchMethodException naming the SDK's abstract method that {@code ours} lacks
     */
    private static void requireImplemented(final Class<?> sdkInterface, final Class<?> ours)
        throws NoSuchMethodException {
        for (final Method required : sdkInterface.getMethods()) {
            if (Modifier.isAbstract(required.getModifiers())
                && findMethod(ours, required.getName(), INSTANCE, IMPLEMENTED,
                    typeNames(required.getParameterTypes())) == null) {
                throw new NoSuchMethodException(ours.getSimpleName() + " does not implement " + required);
            }
        }
    }

    /**
     * @throws NoSuchMethodException naming the SDK interface's method, abstract or default, that
     *                               {@code ours} does not declare (so does not forward)
     */
    private static void requireForwarded(final Class<?> sdkInterface, final Class<?> ours)
        throws NoSuchMethodException {
        for (final Method method : sdkInterface.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers())) {
                try {
                    ours.getDeclaredMethod(method.getName(), method.getParameterTypes());
                } catch (final NoSuchMethodException missing) {
                    throw new NoSuchMethodException(ours.getSimpleName() + " does not forward " + method);
                }
            }
        }
    }

    /**
     * @throws NoSuchMethodException naming the public method that is missing or has another
     *                               return type
     */
    private static void requireMethod(final Class<?> owner, final String name, final boolean isStatic,
                                      final String returnType, final String... parameterTypes)
        throws NoSuchMethodException {
        final Method method = findMethod(owner, name, isStatic, !IMPLEMENTED, parameterTypes);
        if (method == null || !method.getReturnType().getName().equals(returnType)) {
            throw new NoSuchMethodException((isStatic ? "static " : "") + returnType + ' ' + owner.getName() + '.'
                + name + Arrays.toString(parameterTypes));
        }
    }

    /**
     * @throws NoSuchFieldException naming the public static field that is missing or has another
     *                              type
     */
    private static void requireStaticField(final Class<?> owner, final String name, final String type)
        throws NoSuchFieldException {
        final Field field = owner.getField(name);
        if (!Modifier.isStatic(field.getModifiers()) || !field.getType().getName().equals(type)) {
            throw new NoSuchFieldException("static " + type + ' ' + owner.getName() + '.' + name + ", found " + field);
        }
    }

    /** A public method with exactly these parameter types (and a body, if asked), or null. */
    private static Method findMethod(final Class<?> owner, final String name, final boolean isStatic,
                                     final boolean implemented, final String... parameterTypes) {
        for (final Method candidate : owner.getMethods()) {
            if (candidate.getName().equals(name) && Modifier.isStatic(candidate.getModifiers()) == isStatic
                && !(implemented && Modifier.isAbstract(candidate.getModifiers()))
                && Arrays.equals(typeNames(candidate.getParameterTypes()), parameterTypes)) {
                return candidate;
            }
        }
        return null;
    }

    private static String[] typeNames(final Class<?>[] types) {
        final String[] names = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            names[i] = types[i].getName();
        }
        return names;
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
