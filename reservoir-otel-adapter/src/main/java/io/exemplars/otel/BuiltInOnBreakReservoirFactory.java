package io.exemplars.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.internal.exemplar.DoubleExemplarReservoir;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarReservoirFactory;
import io.opentelemetry.sdk.metrics.internal.exemplar.LongExemplarReservoir;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One instrument's reservoir factory, ours, guarded so that a break at run time ends in the SDK's
 * built-in reservoir for that instrument, never in an exception out of a recording call.
 *
 * <p>The structural check ({@link SdkInternals}) proves before any aggregation exists that every
 * SDK internal the adapter uses is there; what it cannot see is a member that is missing only when
 * first used (a {@link LinkageError} such as {@code NoSuchMethodError} on a path that has not run
 * yet). Each series' reservoir is therefore ours behind a guard: the first {@link RuntimeException}
 * or {@link LinkageError} out of ours (when the series is created, offered a measurement or
 * collected) switches that series, for good, to a reservoir of the SDK's own factory for the same
 * shape and filter, and logs one warning per instrument ({@link FailOpen#brokeAtRunTime}). A
 * linkage break is permanent, so every series of the instrument takes the same path at its first
 * use. Should the SDK's factory fail too, the series keeps no exemplars.
 *
 * <p>Cost on the recording path: one call and one volatile read (a plain load on x86 and ARM's
 * acquire) of a field that stays null while ours works.
 */
final class BuiltInOnBreakReservoirFactory implements ExemplarReservoirFactory {
    private final ExemplarReservoirFactory ours;
    private final ExemplarReservoirFactory builtIn;
    private final String instrument;
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param ours       our reservoirs for the instrument's series
     * @param builtIn    the SDK's own factory for the same shape, under the same exemplar filter
     * @param instrument the instrument's name, for the warning
     */
    BuiltInOnBreakReservoirFactory(final ExemplarReservoirFactory ours, final ExemplarReservoirFactory builtIn,
                                   final String instrument) {
        this.ours = ours;
        this.builtIn = builtIn;
        this.instrument = instrument;
    }

    @Override
    public DoubleExemplarReservoir createDoubleExemplarReservoir() {
        try {
            return new GuardedDoubles(ours.createDoubleExemplarReservoir(), this);
        } catch (final RuntimeException | LinkageError broken) {
            return builtInDoubles(broken, "creation of a series");
        }
    }

    @Override
    public LongExemplarReservoir createLongExemplarReservoir() {
        try {
            return new GuardedLongs(ours.createLongExemplarReservoir(), this);
        } catch (final RuntimeException | LinkageError broken) {
            return builtInLongs(broken, "creation of a series");
        }
    }

    /** Logs the break once for the instrument; never throws. */
    private void broke(final Throwable broken, final String where) {
        if (warned.compareAndSet(false, true)) {
            FailOpen.brokeAtRunTime(instrument, where, broken);
        }
    }

    /** @return the SDK's reservoir for a series of doubles (or one that keeps nothing); never throws */
    DoubleExemplarReservoir builtInDoubles(final Throwable broken, final String where) {
        broke(broken, where);
        try {
            return builtIn.createDoubleExemplarReservoir();
        } catch (final RuntimeException | LinkageError alsoBroken) {
            return NoExemplars.INSTANCE;
        }
    }

    /** @return the SDK's reservoir for a series of longs (or one that keeps nothing); never throws */
    LongExemplarReservoir builtInLongs(final Throwable broken, final String where) {
        broke(broken, where);
        try {
            return builtIn.createLongExemplarReservoir();
        } catch (final RuntimeException | LinkageError alsoBroken) {
            return NoExemplars.INSTANCE;
        }
    }

    @Override
    public String toString() {
        return ours.toString();
    }

    /** One series of doubles: ours until it breaks, then the SDK's. */
    private static final class GuardedDoubles implements DoubleExemplarReservoir {
        private static final String RECORDING = "a recording";
        private static final String COLLECTION = "a collection";

        private final DoubleExemplarReservoir ours;
        private final BuiltInOnBreakReservoirFactory factory;
        /** Null while ours works; then the SDK's, for good. */
        private volatile DoubleExemplarReservoir builtIn;

        GuardedDoubles(final DoubleExemplarReservoir ours, final BuiltInOnBreakReservoirFactory factory) {
            this.ours = ours;
            this.factory = factory;
        }

        @Override
        public void offerDoubleMeasurement(final double value, final Attributes attributes, final Context context) {
            DoubleExemplarReservoir reservoir = builtIn;
            if (reservoir == null) {
                try {
                    ours.offerDoubleMeasurement(value, attributes, context);
                    return;
                } catch (final RuntimeException | LinkageError broken) {
                    reservoir = fallBack(broken, RECORDING);
                }
            }
            reservoir.offerDoubleMeasurement(value, attributes, context);
        }

        @Override
        public List<DoubleExemplarData> collectAndResetDoubles(final Attributes pointAttributes) {
            DoubleExemplarReservoir reservoir = builtIn;
            if (reservoir == null) {
                try {
                    return ours.collectAndResetDoubles(pointAttributes);
                } catch (final RuntimeException | LinkageError broken) {
                    reservoir = fallBack(broken, COLLECTION);
                }
            }
            return reservoir.collectAndResetDoubles(pointAttributes);
        }

        private DoubleExemplarReservoir fallBack(final Throwable broken, final String where) {
            final DoubleExemplarReservoir reservoir = factory.builtInDoubles(broken, where);
            builtIn = reservoir;
            return reservoir;
        }

        @Override
        public String toString() {
            final DoubleExemplarReservoir fallen = builtIn;
            return fallen == null ? ours.toString() : "built-in after a break: " + fallen;
        }
    }

    /** One series of longs: ours until it breaks, then the SDK's. */
    private static final class GuardedLongs implements LongExemplarReservoir {
        private static final String RECORDING = "a recording";
        private static final String COLLECTION = "a collection";

        private final LongExemplarReservoir ours;
        private final BuiltInOnBreakReservoirFactory factory;
        /** Null while ours works; then the SDK's, for good. */
        private volatile LongExemplarReservoir builtIn;

        GuardedLongs(final LongExemplarReservoir ours, final BuiltInOnBreakReservoirFactory factory) {
            this.ours = ours;
            this.factory = factory;
        }

        @Override
        public void offerLongMeasurement(final long value, final Attributes attributes, final Context context) {
            LongExemplarReservoir reservoir = builtIn;
            if (reservoir == null) {
                try {
                    ours.offerLongMeasurement(value, attributes, context);
                    return;
                } catch (final RuntimeException | LinkageError broken) {
                    reservoir = fallBack(broken, RECORDING);
                }
            }
            reservoir.offerLongMeasurement(value, attributes, context);
        }

        @Override
        public List<LongExemplarData> collectAndResetLongs(final Attributes pointAttributes) {
            LongExemplarReservoir reservoir = builtIn;
            if (reservoir == null) {
                try {
                    return ours.collectAndResetLongs(pointAttributes);
                } catch (final RuntimeException | LinkageError broken) {
                    reservoir = fallBack(broken, COLLECTION);
                }
            }
            return reservoir.collectAndResetLongs(pointAttributes);
        }

        private LongExemplarReservoir fallBack(final Throwable broken, final String where) {
            final LongExemplarReservoir reservoir = factory.builtInLongs(broken, where);
            builtIn = reservoir;
            return reservoir;
        }

        @Override
        public String toString() {
            final LongExemplarReservoir fallen = builtIn;
            return fallen == null ? ours.toString() : "built-in after a break: " + fallen;
        }
    }

    /** Keeps nothing: the last resort when the SDK's own factory breaks too. */
    private static final class NoExemplars implements DoubleExemplarReservoir, LongExemplarReservoir {
        static final NoExemplars INSTANCE = new NoExemplars();

        @Override
        public void offerDoubleMeasurement(final double value, final Attributes attributes, final Context context) {
        }

        @Override
        public List<DoubleExemplarData> collectAndResetDoubles(final Attributes pointAttributes) {
            return List.of();
        }

        @Override
        public void offerLongMeasurement(final long value, final Attributes attributes, final Context context) {
        }

        @Override
        public List<LongExemplarData> collectAndResetLongs(final Attributes pointAttributes) {
            return List.of();
        }
    }
}
