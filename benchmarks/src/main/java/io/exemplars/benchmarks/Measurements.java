package io.exemplars.benchmarks;

import io.exemplars.reservoir.SlotMemoryBackend;

import java.util.ArrayList;
import java.util.List;

/**
 * The measurements of one run, looked up by what they measure rather than by JMH method name: the
 * one place that knows how the benchmark methods are named. A run measures our benchmarks on both
 * slot-memory backends; {@link #on} picks one backend's measurements, on which the lookups below
 * then find one measurement per benchmark.
 */
final class Measurements {
    /** Thread counts every multi-threaded benchmark is run with. */
    static final int[] THREAD_COUNTS = {1, 2};

    /** The two regimes of {@link OfferBenchmark}. */
    enum OfferRegime {
        /** {@link OfferBenchmark.RejectDominated}: the steady state. */
        REJECT("reject", "offer, reject-dominated"),
        /** {@link OfferBenchmark.AcceptDominated}: short intervals. */
        ACCEPT("accept", "offer, accept-dominated");

        private final String methodPrefix;
        private final String label;

        OfferRegime(final String methodPrefix, final String label) {
            this.methodPrefix = methodPrefix;
            this.label = label;
        }

        /**
         * @return how tables name the operation
         */
        String label() {
            return label;
        }
    }

    private final List<Measurement> all;

    Measurements(final List<Measurement> all) {
        this.all = List.copyOf(all);
    }

    /**
     * @return every measurement of the run, in run order
     */
    List<Measurement> all() {
        return all;
    }

    /**
     * @param backend a slot-memory backend
     * @return the measurements whose forks ran on it
     */
    Measurements on(final SlotMemoryBackend backend) {
        final List<Measurement> selected = new ArrayList<>();
        for (final Measurement measurement : all) {
            if (measurement.backend() == backend) {
                selected.add(measurement);
            }
        }
        return new Measurements(selected);
    }

    /**
     * @param other a measurement, typically of another backend
     * @return the measurement of the same benchmark method and variant here, or null if it was not run
     */
    Measurement sameAs(final Measurement other) {
        return find(other.method(), other.variant());
    }

    /** @return the offer measurement, or null if it was not run */
    Measurement offer(final OfferRegime regime, final ReservoirKind kind, final int threads) {
        return find("OfferBenchmark." + regime.methodPrefix + (threads == 1 ? "OneThread" : "TwoThreads"),
            kind.name());
    }

    /** @return the {@code ThreadLocalRandom.nextLong()} floor, or null if it was not run */
    Measurement floor(final int threads) {
        return find("RandomFloorBenchmark." + threadsMethod(threads), "");
    }

    /** @return the SDK record measurement, or null if it was not run */
    Measurement sdkRecord(final ExemplarMode mode, final int threads) {
        return find("SdkRecordBenchmark." + threadsMethod(threads), mode.name());
    }

    /** @return the raw collect of all series, or null if it was not run */
    Measurement collect(final ReservoirKind kind) {
        return find("CollectBenchmark.collectAllSeries", kind.name());
    }

    /** @return the SDK collect of all series, or null if it was not run */
    Measurement sdkCollect(final ExemplarMode mode) {
        return find("SdkCollectBenchmark.collectAllSeries", mode.name());
    }

    private static String threadsMethod(final int threads) {
        return switch (threads) {
            case 1 -> "oneThread";
            case 2 -> "twoThreads";
            case SdkRecordBenchmark.CONTENDED_THREADS -> "eightThreads";
            default -> throw new IllegalArgumentException("no benchmark method for " + threads + " threads");
        };
    }

    private Measurement find(final String method, final String variant) {
        for (final Measurement measurement : all) {
            if (measurement.is(method, variant)) {
                return measurement;
            }
        }
        return null;
    }
}
