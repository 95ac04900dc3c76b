package io.exemplars.benchmarks;

import io.exemplars.otel.ReservoirSpec;
import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.api.common.Attributes;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The off-heap memory soak (issue 12): does the default arena stay bounded, give memory back and
 * never throw into {@code record()} while meter providers come and go, for minutes on end?
 *
 * <p>For {@code --minutes}: every {@code --provider-seconds} a new {@code SdkMeterProvider} with a
 * {@code ReservoirAggregation} View on a histogram ({@link SoakRound}) replaces the current one, with
 * between {@code --series-min} and {@code --series-max} series; the old one gets a last collection
 * once the recorders have moved on, and is closed, except every {@code --abandon-every}-th one,
 * which is closed without a last collection and kept reachable (a service that forgets to flush, on
 * a heap large enough that the garbage collector never runs the arena's Cleaner): its leases go back
 * only by expiring ({@code -Dio.exemplars.reservoir.lease.expiry}). {@value SoakRecorder#THREADS} recorder threads
 * record continuously into the current provider in a sampled span ({@link SoakRecorder}); a
 * collector thread collects it every {@code --collect-ms}. Every {@code --report-seconds} one line:
 * elapsed time, providers so far, records/s, the JVM's reserved direct memory (the {@code direct}
 * buffer pool: total capacity and buffer count), the default arena's
 * ({@link ReservoirSpec#defaultArena()}) bytes in use, reserved and limit, its refusals and the
 * expired leases it took back, the exemplars per collection since the last line, and the recorders'
 * errors. At the end a summary.
 *
 * <p>Exit code 0 when no recorder ever threw, no collection failed and the reserved direct memory
 * (sampled after every collection and every line) never exceeded {@code --max-direct-mib}; 1
 * otherwise; 2 for a bad command line.
 *
 * <pre>
 * java -XX:MaxDirectMemorySize=64m -cp benchmarks/target/benchmarks.jar io.exemplars.benchmarks.ArenaSoak
 *      [--minutes 5] [--max-direct-mib 16] [--provider-seconds 5] [--series-min 300] [--series-max 2000]
 *      [--collect-ms 250] [--report-seconds 5] [--abandon-every 2]
 * </pre>
 */
public final class ArenaSoak {
    /** Time the recorders get to move to a new provider before the old one's last collection. */
    private static final long RECORDERS_MOVE_ON_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long the end of the soak waits for each thread to stop. */
    private static final long JOIN_MILLIS = 10_000;
    /**
     * Exemplar counts are kept exact up to 32,767 per collection (2,000 series x 16 buckets fit),
     * within 0.01 % above.
     */
    private static final int SIGNIFICANT_DIGITS = 4;
    /** Seed of the series count of each provider, so two runs churn alike. */
    private static final long SEED = 0x50A4_C0DEL;
    private static final double MIB = 1024.0 * 1024.0;
    private static final double KIB = 1024.0;
    private static final double NANOS_PER_SECOND = 1e9;

    private final SoakSettings settings;
    private final SlotArena arena = ReservoirSpec.defaultArena();
    private final DirectMemoryPool direct = DirectMemoryPool.find();
    private final Attributes[] attributes;
    private final SplittableRandom seriesCounts = new SplittableRandom(SEED);
    private final AtomicReference<SoakRound> current = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LongAdder records = new LongAdder();
    private final AtomicLong recorderErrors = new AtomicLong();
    private final AtomicReference<Throwable> firstRecorderError = new AtomicReference<>();
    private final AtomicLong collectorErrors = new AtomicLong();
    private final AtomicReference<Throwable> firstCollectorError = new AtomicReference<>();
    private final AtomicLong peakDirect = new AtomicLong();
    /** Held for every collection, so the collector and the churn never collect one provider at once. */
    private final Object collectLock = new Object();
    /** Exemplars per periodic collection; written by the collector thread only. */
    private final SingleWriterRecorder periodicExemplars = new SingleWriterRecorder(SIGNIFICANT_DIGITS);
    /** Exemplars per periodic collection over the whole run; main thread only. */
    private final Histogram allPeriodicExemplars = new Histogram(SIGNIFICANT_DIGITS);
    /** Exemplars per last collection of a retired provider; main thread only. */
    private final Histogram finalExemplars = new Histogram(SIGNIFICANT_DIGITS);
    /** Providers closed without a last collection, kept reachable so that only expiry frees their slots. */
    private final List<SoakRound> abandoned = new ArrayList<>();
    private int providers;

    private ArenaSoak(final SoakSettings settings) {
        this.settings = settings;
        this.attributes = SoakRound.seriesAttributes(settings.seriesMax());
    }

    /**
     * @param args see the class documentation
     * @throws InterruptedException if interrupted while waiting for the threads to stop
     */
    public static void main(final String[] args) throws InterruptedException {
        final SoakSettings settings;
        try {
            settings = SoakSettings.parse(args);
        } catch (final IllegalArgumentException bad) {
            System.err.println(bad.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new ArenaSoak(settings).run() ? 0 : 1);
    }

    /** @return whether the soak passed */
    private boolean run() throws InterruptedException {
        System.out.println("Arena soak: " + settings.describe());
        System.out.println("JVM options: " + ManagementFactory.getRuntimeMXBean().getInputArguments()
            + "; slot memory: " + arena.backend() + "; default arena limit " + mib(arena.bytesLimit()));
        final long start = System.nanoTime();
        final long end = start + settings.durationNanos();
        current.set(openRound());

        final List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < SoakRecorder.THREADS; r++) {
            threads.add(new Thread(new SoakRecorder(current, stop, records, recorderErrors, firstRecorderError,
                r * (LatencyValues.COUNT / SoakRecorder.THREADS)), "soak-recorder-" + (r + 1)));
        }
        threads.add(new Thread(this::collectPeriodically, "soak-collector"));
        for (final Thread thread : threads) {
            thread.setDaemon(true);
            thread.start();
        }

        final long reportNanos = TimeUnit.SECONDS.toNanos(settings.reportSeconds());
        final long providerNanos = TimeUnit.SECONDS.toNanos(settings.providerSeconds());
        long nextReport = start + reportNanos;
        long nextChurn = start + providerNanos;
        long lastReport = start;
        long lastRecords = 0;
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            LockSupport.parkNanos(Math.min(Math.min(nextReport, nextChurn), end) - now);
            if (System.nanoTime() >= nextChurn) {
                churn();
                nextChurn += providerNanos;
            }
            final long reportTime = System.nanoTime();
            if (reportTime >= nextReport) {
                final long total = records.sum();
                report(reportTime - start, (total - lastRecords) * NANOS_PER_SECOND / (reportTime - lastReport));
                lastReport = reportTime;
                lastRecords = total;
                nextReport += reportNanos;
            }
        }

        stop.set(true);
        final List<String> failures = new ArrayList<>();
        for (final Thread thread : threads) {
            thread.join(JOIN_MILLIS);
            if (thread.isAlive()) {
                failures.add(thread.getName() + " did not stop within " + JOIN_MILLIS + " ms");
            }
        }
        retire(current.get());
        final long elapsed = System.nanoTime() - start;
        report(elapsed, (records.sum() - lastRecords) * NANOS_PER_SECOND / Math.max(1, System.nanoTime() - lastReport));
        return summary(elapsed, failures);
    }

    /** A new provider with a series count drawn between the settings' bounds. */
    private SoakRound openRound() {
        providers++;
        return SoakRound.open(providers, seriesCounts.nextInt(settings.seriesMin(), settings.seriesMax() + 1),
            attributes);
    }

    /** Replaces the current provider with a new one, then retires the old one. */
    private void churn() {
        final SoakRound old = current.getAndSet(openRound());
        LockSupport.parkNanos(RECORDERS_MOVE_ON_NANOS);
        if (settings.abandonEvery() > 0 && old.number() % settings.abandonEvery() == 0) {
            abandon(old);
        } else {
            retire(old);
        }
    }

    /** Closes a provider without its last collection, and keeps it reachable. */
    @SuppressWarnings("PMD.AvoidCatchingThrowable")
    private void abandon(final SoakRound round) {
        try {
            round.close();
        } catch (final Throwable thrown) {
            collectorErrors.incrementAndGet();
            firstCollectorError.compareAndSet(null, thrown);
        }
        abandoned.add(round);
        sampleDirect();
    }

    /** The last collection of a provider nobody records to any more, then its close. */
    @SuppressWarnings("PMD.AvoidCatchingThrowable")
    private void retire(final SoakRound round) {
        try {
            synchronized (collectLock) {
                finalExemplars.recordValue(round.collectExemplars());
                round.close();
            }
        } catch (final Throwable thrown) {
            collectorErrors.incrementAndGet();
            firstCollectorError.compareAndSet(null, thrown);
        }
        sampleDirect();
    }

    /** The collector thread: a collection of the current provider every period, until the soak stops. */
    @SuppressWarnings("PMD.AvoidCatchingThrowable")
    private void collectPeriodically() {
        final long period = TimeUnit.MILLISECONDS.toNanos(settings.collectMillis());
        for (long next = System.nanoTime() + period; !stop.get(); next += period) {
            LockSupport.parkNanos(next - System.nanoTime());
            if (stop.get()) {
                return;
            }
            try {
                final int exemplars;
                synchronized (collectLock) {
                    exemplars = current.get().collectExemplars();
                }
                periodicExemplars.recordValue(exemplars);
            } catch (final Throwable thrown) {
                collectorErrors.incrementAndGet();
                firstCollectorError.compareAndSet(null, thrown);
            }
            sampleDirect();
        }
    }

    /** @return the reserved direct memory now, also folded into the peak */
    private long sampleDirect() {
        final long reserved = direct.reservedBytes();
        peakDirect.accumulateAndGet(reserved, Math::max);
        return reserved;
    }

    private void report(final long elapsedNanos, final double recordsPerSecond) {
        final long reserved = sampleDirect();
        final Histogram window = periodicExemplars.getIntervalHistogram();
        allPeriodicExemplars.add(window);
        System.out.printf(Locale.ROOT, "%7.1f s  providers %3d (%d abandoned)  records/s %,11.0f  direct %s in %d "
                + "buffers (peak %s)  arena in use %s reserved %s limit %s refusals %d taken back %d  exemplars/collect %s"
                + "  recorder errors %d%n",
            elapsedNanos / NANOS_PER_SECOND, providers, abandoned.size(), recordsPerSecond, mib(reserved),
            direct.buffers(), mib(peakDirect.get()), size(arena.bytesInUse()), size(arena.bytesReserved()),
            mib(arena.bytesLimit()), arena.refusals(), arena.expiredLeasesTakenBack(), window.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT,
                "%,d..%,d (mean %,.0f, %d collections)", window.getMinValue(), window.getMaxValue(), window.getMean(),
                window.getTotalCount()),
            recorderErrors.get());
    }

    private boolean summary(final long elapsedNanos, final List<String> failures) {
        final long total = records.sum();
        System.out.println();
        System.out.printf(Locale.ROOT, "Summary after %.2f min (slot memory %s):%n", elapsedNanos / 60e9, arena.backend());
        System.out.printf(Locale.ROOT, "  providers %d (%d to %d series each), records %,d (%,.0f/s)%n", providers,
            settings.seriesMin(), settings.seriesMax(), total, total * NANOS_PER_SECOND / elapsedNanos);
        System.out.printf(Locale.ROOT, "  reserved direct memory (JVM 'direct' pool): peak %s, final %s in %d buffers; "
            + "bound %d MiB%n", mib(peakDirect.get()), mib(direct.reservedBytes()), direct.buffers(),
            settings.maxDirectMib());
        System.out.printf(Locale.ROOT, "  default arena after the last provider closed: in use %s, reserved %s, "
                + "limit %s, rings in use %d, refusals %d, expired leases taken back %d (%d providers abandoned)%n",
            size(arena.bytesInUse()), size(arena.bytesReserved()), mib(arena.bytesLimit()), arena.ringsInUse(),
            arena.refusals(), arena.expiredLeasesTakenBack(), abandoned.size());
        System.out.println("  exemplars per periodic collection: " + distribution(allPeriodicExemplars));
        System.out.println("  exemplars per last collection of a provider: " + distribution(finalExemplars));
        System.out.printf(Locale.ROOT, "  recorder errors %d, collection errors %d%n", recorderErrors.get(),
            collectorErrors.get());

        if (recorderErrors.get() > 0) {
            failures.add(recorderErrors.get() + " records threw, the first: " + firstRecorderError.get());
        }
        if (collectorErrors.get() > 0) {
            failures.add(collectorErrors.get() + " collections threw, the first: " + firstCollectorError.get());
        }
        if (peakDirect.get() > settings.maxDirectBytes()) {
            failures.add("reserved direct memory peaked at " + mib(peakDirect.get()) + ", above the bound of "
                + settings.maxDirectMib() + " MiB");
        }
        if (failures.isEmpty()) {
            System.out.println("PASS");
            return true;
        }
        failures.forEach(failure -> System.out.println("FAIL: " + failure));
        printStackTrace(firstRecorderError.get());
        printStackTrace(firstCollectorError.get());
        return false;
    }

    private static void printStackTrace(final Throwable thrown) {
        if (thrown != null) {
            thrown.printStackTrace(System.out);
        }
    }

    private static String distribution(final Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "%d collections, min %,d, median %,d, max %,d", histogram.getTotalCount(),
            histogram.getMinValue(), histogram.getValueAtPercentile(50.0), histogram.getMaxValue());
    }

    private static String mib(final long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / MIB);
    }

    private static String size(final long bytes) {
        return bytes < MIB ? String.format(Locale.ROOT, "%.0f KiB", bytes / KIB) : mib(bytes);
    }
}
