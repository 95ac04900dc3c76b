package io.exemplars.reservoir;

/**
 * Receives the exemplars of a reservoir during {@link ExemplarReservoir#collect}.
 *
 * <p>The state argument is how a visitor gets at its output without a capturing lambda: pass the
 * list, builder or sink as {@code state} and keep the visitor itself a stateless singleton.
 *
 * @param <S> type of the caller's state object
 */
@FunctionalInterface
public interface ExemplarVisitor<S> {

    /**
     * Called once per kept exemplar, on the collecting thread, with no reservoir lock held.
     *
     * @param state    the state object passed to {@code collect}
     * @param exemplar a flyweight valid only until this method returns; copy what you keep
     */
    void onExemplar(S state, CollectedExemplar exemplar);
}
