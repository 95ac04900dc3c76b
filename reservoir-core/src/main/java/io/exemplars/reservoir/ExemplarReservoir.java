package io.exemplars.reservoir;

/**
 * A reservoir of exemplars: it is offered every measurement of one time series and keeps a few of
 * them, with their trace context, until they are collected.
 *
 * <h2>Offer path</h2>
 * {@code offerDouble} and {@code offerLong} never allocate, never throw, never log and never block
 * on I/O. An offer that loses the sampling draw costs one random draw, one acquire read and a
 * compare, and writes nothing to shared memory; only a winning candidate is checked against the
 * capturer's filter and has its payload captured.
 *
 * <h2>Measurements the reservoir does not keep</h2>
 * A {@code double} NaN is dropped (there is no honest bucket for it). {@code -0.0} is kept as
 * {@code 0.0}. Infinities are kept (the aligned reservoirs put them in the first or last bucket).
 *
 * <h2>Collection</h2>
 * {@link #collect} runs concurrently with offers, allocates nothing in steady state, and hands each
 * exemplar to the visitor as a consistent copy (all fields from one offer). With {@code reset} it
 * empties the reservoir so the next interval starts afresh (delta temporality); without, the kept
 * exemplars stay and compete with later offers (cumulative).
 *
 * <h2>Memory</h2>
 * A reservoir leases off-heap slots from its {@link SlotArena} when its first candidate of an
 * interval wins, and gives them back at each collection with {@code reset} and on
 * {@link #close()}; a reservoir that is never closed gives them back when it becomes unreachable.
 * A lease no collection has renewed for the arena's lease expiry may be taken back when the arena
 * needs the memory ({@link LeaseExpiry}); the reservoir then leases again at its next winner.
 * When the arena cannot lend slots (at its limit, or the JVM refuses direct memory), the reservoir
 * keeps nothing until its next collection and the arena counts the refusal
 * ({@link SlotArena#refusals()}); offering never throws because of it.
 *
 * <h2>Lifecycle</h2>
 * Offers after close are ignored; offers must not race with close (a racing offer is either
 * ignored or lost).
 *
 * @param <C> the caller's measurement context type, read by the {@link ExemplarCapturer}
 */
public interface ExemplarReservoir<C> extends AutoCloseable {

    /**
     * Offers a {@code double} measurement.
     *
     * @param value      the measurement; NaN is dropped
     * @param attributes the measurement's attribute reference, stored as-is if kept (may be null)
     * @param context    the caller's measurement context, read only if the offer is kept
     */
    void offerDouble(double value, Object attributes, C context);

    /**
     * Offers a {@code long} measurement.
     *
     * @param value      the measurement
     * @param attributes the measurement's attribute reference, stored as-is if kept (may be null)
     * @param context    the caller's measurement context, read only if the offer is kept
     */
    void offerLong(long value, Object attributes, C context);

    /**
     * Hands every kept exemplar to {@code visitor}.
     *
     * @param visitor receives each exemplar, outside any lock
     * @param state   passed through to the visitor (its output, typically)
     * @param reset   {@code true} to empty the reservoir (delta), {@code false} to keep (cumulative)
     * @param <S>     type of the visitor's state
     * @return how many exemplars were visited
     */
    <S> int collect(ExemplarVisitor<S> visitor, S state, boolean reset);

    /**
     * @return the most exemplars the reservoir can hold at once
     */
    int capacity();

    /**
     * Returns the reservoir's slots to its arena. Idempotent.
     */
    @Override
    void close();
}
