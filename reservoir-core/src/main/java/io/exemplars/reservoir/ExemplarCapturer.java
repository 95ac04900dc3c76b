package io.exemplars.reservoir;

/**
 * Reads the exemplar payload out of a caller's measurement context, lazily: a reservoir calls it
 * only for an offer that wins the sampling draw, never on the reject path.
 *
 * <p>The caller creates one capturer up front (it is a strategy, not a per-offer object) and passes
 * its own measurement context, of any type {@code C}, with each offer. That is how the hot path
 * stays free of allocation and of capturing lambdas: the context is a reference the caller already
 * has (an OpenTelemetry {@code Context}, a request object), and nothing is read from it unless the
 * offer is going to be kept.
 *
 * <p>Call order for a winning candidate: {@link #isEligible} first, outside any lock (then the
 * reservoir's {@link SeriesFilter}, if it has one); then, with
 * the slot locked, {@link #epochNanos}, {@link #traceIdHigh}, {@link #traceIdLow},
 * {@link #spanId}, {@link #traceFlags} and {@link #contextReference}, each once; then, when the
 * candidate was stored and {@link #actsAfterStore()}, {@link #afterStore} with every lock released.
 * Implementations must be thread-safe, must not
 * block, and should not throw: an exception thrown from a capturer is caught and the offer dropped,
 * but the engine does not log it. The reads under the lock must be plain reads (no locks of your
 * own, no I/O, no calls into other libraries that may take them); anything more belongs in
 * {@link #afterStore}.
 *
 * <p>A measurement recorded from inside any of these methods (or the series filter), on the same
 * thread, is recorded by its instrument as always but offers no exemplar: the reservoir cannot
 * call back into the code that is already running.
 *
 * @param <C> the caller's measurement context type
 */
public interface ExemplarCapturer<C> {

    /**
     * The exemplar filter, asked only for a candidate that would be kept. Because sampling keys are
     * drawn independently of eligibility, the kept set is a uniform sample of the eligible offers.
     *
     * @param attributes the attribute reference passed with the offer (may be {@code null})
     * @param context    the caller's measurement context (may be {@code null})
     * @return {@code true} to keep the candidate; the default keeps every candidate
     */
    default boolean isEligible(final Object attributes, final C context) {
        return true;
    }

    /**
     * @param context the caller's measurement context
     * @return the capture time in nanoseconds since the Unix epoch
     */
    long epochNanos(C context);

    /**
     * @param context the caller's measurement context
     * @return the high 64 bits of the 128-bit trace id, or 0 when there is no trace
     */
    long traceIdHigh(C context);

    /**
     * @param context the caller's measurement context
     * @return the low 64 bits of the 128-bit trace id, or 0 when there is no trace
     */
    long traceIdLow(C context);

    /**
     * @param context the caller's measurement context
     * @return the 64-bit span id, or 0 when there is no span
     */
    long spanId(C context);

    /**
     * @param context the caller's measurement context
     * @return the W3C trace flags (only the low 8 bits are kept)
     */
    int traceFlags(C context);

    /**
     * An immutable object of the caller's to keep beside the exemplar and hand back, as-is, at
     * collection ({@link CollectedExemplar#contextReference()}): for example the span context the
     * ids were read from, so a collector can reuse it instead of rebuilding one from the ids. It is
     * a reference store, not a copy: return an object that already exists (never allocate here) and
     * that will not change.
     *
     * @param context the caller's measurement context
     * @return the reference to keep, or {@code null} (the default) for none
     */
    default Object contextReference(final C context) {
        return null;
    }

    /**
     * @return {@code false} only when none of this capturer's methods can record a measurement
     *     (directly, or through code they call, such as a span processor): then, with a series
     *     filter that cannot either, the reservoir skips its re-entrancy guard (a thread-local
     *     lookup per draw winner). The default, {@code true}, is always safe; a capturer that
     *     {@link #actsAfterStore()} is always guarded. Read for each winner: return a constant.
     */
    default boolean mayRecord() {
        return true;
    }

    /**
     * @return {@code true} when {@link #afterStore} does something; read for each stored candidate,
     *     so return a constant. The default, {@code false}, spares the winner path the bookkeeping.
     */
    default boolean actsAfterStore() {
        return false;
    }

    /**
     * Called once for each stored candidate, on the recording thread, after the reservoir has
     * released every lock and ring state it held for it: the place for work that must not run
     * under a lock, such as marking the candidate's span. Called only when {@link #actsAfterStore()}.
     * An exception is caught and ignored (the exemplar stays stored).
     *
     * @param context the caller's measurement context
     */
    default void afterStore(final C context) {
    }
}
