package io.exemplars.otel;

import io.exemplars.reservoir.SlotArena;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;

/**
 * A {@link SlotArena}'s figures as OpenTelemetry instruments, so the exemplars' off-heap memory is
 * watched like any other resource of the service:
 *
 * <table>
 *   <caption>Instruments</caption>
 *   <tr><th>name</th><th>kind</th><th>unit</th><th>value</th></tr>
 *   <tr><td>{@value #BYTES_IN_USE}</td><td>gauge</td><td>By</td><td>{@link SlotArena#bytesInUse()}</td></tr>
 *   <tr><td>{@value #BYTES_RESERVED}</td><td>gauge</td><td>By</td><td>{@link SlotArena#bytesReserved()}</td></tr>
 *   <tr><td>{@value #BYTES_LIMIT}</td><td>gauge</td><td>By</td><td>{@link SlotArena#bytesLimit()}</td></tr>
 *   <tr><td>{@value #REFUSALS}</td><td>counter</td><td>{refusal}</td><td>{@link SlotArena#refusals()}</td></tr>
 * </table>
 *
 * <pre>{@code
 * BatchCallback gauges = ArenaGauges.register(meterProvider.get("io.exemplars"), ReservoirSpec.defaultArena());
 * }</pre>
 */
public final class ArenaGauges {
    /** Bytes of slot memory leased to reservoirs now. */
    public static final String BYTES_IN_USE = "exemplars.arena.memory.used";
    /** Bytes of off-heap memory the arena holds. */
    public static final String BYTES_RESERVED = "exemplars.arena.memory.reserved";
    /** The most the arena's slabs may take. */
    public static final String BYTES_LIMIT = "exemplars.arena.memory.limit";
    /** Leases refused since the arena was created (each costs a series its exemplars for one interval). */
    public static final String REFUSALS = "exemplars.arena.refusals";

    private ArenaGauges() {
    }

    /**
     * @param meter the meter to create the instruments with
     * @param arena the arena to observe
     * @return the callback; {@link BatchCallback#close()} removes it
     * @throws IllegalArgumentException when an argument is null
     */
    public static BatchCallback register(final Meter meter, final SlotArena arena) {
        if (meter == null || arena == null) {
            throw new IllegalArgumentException((meter == null ? "meter" : "arena") + " must not be null");
        }
        final ObservableLongMeasurement inUse = meter.gaugeBuilder(BYTES_IN_USE).ofLongs().setUnit("By")
            .setDescription("Off-heap exemplar slot memory leased to reservoirs").buildObserver();
        final ObservableLongMeasurement reserved = meter.gaugeBuilder(BYTES_RESERVED).ofLongs().setUnit("By")
            .setDescription("Off-heap memory held by the exemplar slot arena").buildObserver();
        final ObservableLongMeasurement limit = meter.gaugeBuilder(BYTES_LIMIT).ofLongs().setUnit("By")
            .setDescription("The most off-heap memory the exemplar slot arena's slabs may take").buildObserver();
        final ObservableLongMeasurement refusals = meter.counterBuilder(REFUSALS).setUnit("{refusal}")
            .setDescription("Exemplar slot leases refused (arena at its limit, or direct memory refused)")
            .buildObserver();
        return meter.batchCallback(() -> {
            inUse.record(arena.bytesInUse());
            reserved.record(arena.bytesReserved());
            limit.record(arena.bytesLimit());
            refusals.record(arena.refusals());
        }, inUse, reserved, limit, refusals);
    }
}
