package dev.mpmarketplace.sandbox.mercadopago.http;

/**
 * Takes over how a request's answer leaves, once the request has had its effect: set on the routing context (under
 * {@link #KEY}) before the endpoint runs, it is called by {@link Replies} with the answer ready to write. The
 * {@code lost_answer} fault uses it to close the connection, answer a 5xx, or hold the answer past the caller's
 * timeout after the effect (docs/sandbox/faults.md).
 */
@FunctionalInterface
public interface AnswerHook {

    /** The routing-context key the hook is stored under. */
    String KEY = "sandbox.answer-hook";

    /**
     * Delivers (or loses) the answer.
     *
     * @param answer writes the endpoint's own answer when run
     */
    void deliver(io.vertx.ext.web.RoutingContext ctx, Runnable answer);
}
