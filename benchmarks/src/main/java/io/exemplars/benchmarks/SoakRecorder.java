package io.exemplars.benchmarks;

import io.opentelemetry.context.Context;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One of {@link ArenaSoak}'s recording threads: records continuously, in a sampled span, into
 * whichever provider is current, until told to stop. Nothing a record throws may reach a caller
 * of the SDK in a real service, so every throwable here (an {@link OutOfMemoryError} for direct
 * memory above all) is counted, the first one kept, and recording goes on.
 */
final class SoakRecorder implements Runnable {
    /** Recording threads of a soak. */
    static final int THREADS = 2;

    private final AtomicReference<SoakRound> current;
    private final AtomicBoolean stop;
    private final LongAdder records;
    private final AtomicLong errors;
    private final AtomicReference<Throwable> firstError;
    private final int offset;

    /**
     * @param current    the provider to record into, swapped by the churn
     * @param stop       set when the soak ends; the loop checks it before every record
     * @param records    counts every record that returned normally
     * @param errors     counts every record that threw
     * @param firstError receives the first throwable of any recorder
     * @param offset     where this thread starts in the values and series, so the threads differ
     */
    SoakRecorder(final AtomicReference<SoakRound> current, final AtomicBoolean stop, final LongAdder records,
                 final AtomicLong errors, final AtomicReference<Throwable> firstError, final int offset) {
        this.current = current;
        this.stop = stop;
        this.records = records;
        this.errors = errors;
        this.firstError = firstError;
        this.offset = offset;
    }

    @Override
    @SuppressWarnings("PMD.AvoidCatchingThrowable")
    public void run() {
        final Context span = TraceContexts.sampledSpan();
        int index = offset;
        while (!stop.get()) {
            try {
                current.get().record(index, span);
                records.increment();
            } catch (final Throwable thrown) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, thrown);
            }
            index++;
        }
    }
}
