package io.exemplars.reservoir;

/**
 * Per-thread state of the winner path while it runs code that is not ours: the capturer's and the
 * series filter's checks, the capture, and {@link ExemplarCapturer#afterStore}.
 *
 * <h2>Re-entrancy</h2>
 * Such code may record a measurement itself (a filter that counts its decisions in a metric, a
 * span processor behind {@code setAttribute} that records a histogram). That record reaches a
 * reservoir on the same thread while this one is mid-offer: it could win the draw again and call
 * the same code again, without end, or wait for a slot lock its own thread holds. So a winner that
 * finds its thread already inside is dropped: the nested measurement is recorded as always, it
 * just offers no exemplar.
 *
 * <h2>Cost</h2>
 * One {@link ThreadLocal} lookup per draw winner (winners are rare: about {@code k (1 + ln(n/k))}
 * per interval), none on the reject path; the per-thread object is made once per thread. The
 * flags are plain fields: only their own thread reads or writes them.
 */
final class CallOutGuard {
    private static final ThreadLocal<CallOutGuard> CURRENT = ThreadLocal.withInitial(CallOutGuard::new);

    /** This thread is running one of our call-outs. */
    private boolean inside;
    /** The offer being written was stored, and its capturer asked for {@link ExemplarCapturer#afterStore}. */
    private boolean storedWithAfterStore;

    private CallOutGuard() {
    }

    /**
     * @return this thread's guard, now marked inside; {@code null} when the thread was inside
     *     already (a record made from a call-out: offer no exemplar). Pair with {@link #exit()}.
     */
    static CallOutGuard enter() {
        final CallOutGuard guard = CURRENT.get();
        if (guard.inside) {
            return null;
        }
        guard.inside = true;
        return guard;
    }

    /** Under the slot lock, on the thread that holds it: the offer was stored, and its capturer acts after. */
    static void storedWithAfterStore() {
        CURRENT.get().storedWithAfterStore = true;
    }

    /**
     * @return whether the write since {@link #enter()} stored an offer whose capturer acts after the
     *     store; clears the mark
     */
    boolean takeStored() {
        final boolean stored = storedWithAfterStore;
        storedWithAfterStore = false;
        return stored;
    }

    void exit() {
        storedWithAfterStore = false;
        inside = false;
    }
}
