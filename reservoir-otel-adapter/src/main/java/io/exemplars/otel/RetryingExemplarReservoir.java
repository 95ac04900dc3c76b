package io.exemplars.otel;

import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.internal.exemplar.DoubleExemplarReservoir;
import io.opentelemetry.sdk.metrics.internal.exemplar.LongExemplarReservoir;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.List;

/**
 * The reservoir of a series whose core reservoir could not be created: the JVM refused the arena's
 * first direct memory (its placeholders) when the series opened. The series records as always and
 * keeps no exemplar until the memory is there; it asks again at each collection and, at most once a
 * second, on a record ({@link SlotArena#tryPrepare()}: each failed try is a counted refusal), and
 * from the first success on it is an ordinary series. A collection that still finds no memory
 * reports the refusals (one warning a minute at most, from the collecting thread). So a series
 * never lives without exemplars because of a moment of memory pressure at its birth.
 *
 * <p>Only such series pay for the indirection (one volatile read per offer); every other series
 * gets a {@link CoreBackedExemplarReservoir} directly.
 */
final class RetryingExemplarReservoir implements DoubleExemplarReservoir, LongExemplarReservoir {
    private static final VarHandle DELEGATE;

    static {
        try {
            DELEGATE = MethodHandles.lookup().findVarHandle(RetryingExemplarReservoir.class, "delegate",
                CoreBackedExemplarReservoir.class);
        } catch (final ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    private final CoreReservoirFactory factory;
    private final SlotArena arena;
    /** Null until the core reservoir exists; set once, by CAS (two threads may try together). */
    private volatile CoreBackedExemplarReservoir delegate;

    RetryingExemplarReservoir(final CoreReservoirFactory factory, final SlotArena arena) {
        this.factory = factory;
        this.arena = arena;
    }

    /** @return the core-backed reservoir, created now if the arena's memory is there; null while it is not */
    private CoreBackedExemplarReservoir delegateOrRetry() {
        final CoreBackedExemplarReservoir current = delegate;
        if (current != null) {
            return current;
        }
        final CoreBackedExemplarReservoir created = factory.newCoreBacked(); // null while the memory is short
        if (created == null || DELEGATE.compareAndSet(this, null, created)) {
            return created;
        }
        return delegate; // another thread won; ours held no slots and is left to the GC
    }

    @Override
    public void offerDoubleMeasurement(final double value, final Attributes attributes, final Context context) {
        final CoreBackedExemplarReservoir current = delegateOrRetry();
        if (current != null) {
            current.offerDoubleMeasurement(value, attributes, context);
        }
    }

    @Override
    public void offerLongMeasurement(final long value, final Attributes attributes, final Context context) {
        final CoreBackedExemplarReservoir current = delegateOrRetry();
        if (current != null) {
            current.offerLongMeasurement(value, attributes, context);
        }
    }

    @Override
    public List<DoubleExemplarData> collectAndResetDoubles(final Attributes pointAttributes) {
        final CoreBackedExemplarReservoir current = delegateOrRetry();
        if (current == null) {
            arena.reportRefusals(); // a core reservoir would have reported them; there is none yet
            return Collections.emptyList();
        }
        return current.collectAndResetDoubles(pointAttributes);
    }

    @Override
    public List<LongExemplarData> collectAndResetLongs(final Attributes pointAttributes) {
        final CoreBackedExemplarReservoir current = delegateOrRetry();
        if (current == null) {
            arena.reportRefusals();
            return Collections.emptyList();
        }
        return current.collectAndResetLongs(pointAttributes);
    }

    @Override
    public String toString() {
        final CoreBackedExemplarReservoir current = delegate;
        return "RetryingExemplarReservoir{" + (current == null ? "waiting for " + arena : current) + '}';
    }
}
