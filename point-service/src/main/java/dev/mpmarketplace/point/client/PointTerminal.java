package dev.mpmarketplace.point.client;

import java.util.Optional;
import java.util.Set;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.point.Intent;

/**
 * One interface over Mercado Pago's two ways to reach a Point device: the Integration API
 * ({@link IntegrationApiTerminal}) and the Orders API ({@link OrdersApiTerminal}). Each maps what its API says to
 * point-service's states ({@link TerminalState}), so the rest of the service never knows which one carries an intent.
 * Every call takes the seller's access token; every failure is a classified {@link MercadoPagoException}.
 */
public interface PointTerminal {

    PointAdapter adapter();

    /** Queues a payment intent, its external reference the intent's id. */
    Uni<TerminalState> createPayment(String token, Intent intent);

    /** Refunds the payment of a finished payment intent ({@code payment}); {@code refund} is the refund intent. */
    Uni<TerminalState> createRefund(String token, Intent refund, Intent payment);

    /** What Mercado Pago says the intent is now (it has its Mercado Pago id). */
    Uni<TerminalState> fetch(String token, Intent intent);

    /**
     * Settles an intent whose creation had no answer, never by queuing a second one: the Integration API looks for it
     * by its external reference among the intents that reached a final state (skipping the Mercado Pago ids in
     * {@code known}), the Orders API repeats the create with the same idempotency key (which answers the order the
     * first call made, if it made one). Empty when nothing is found.
     *
     * @param known Mercado Pago ids already taken by other intents of the seller
     */
    Uni<Optional<TerminalState>> resolveCreation(String token, Intent intent, Set<String> known);

    /**
     * Whether {@link #resolveCreation} may create the intent when it did not exist (the Orders API's repeated create):
     * then it is only used while the creation is recent.
     */
    boolean resolutionMayCreate();

    /**
     * What Mercado Pago says of an id it notified that point-service does not know yet (a creation whose answer was
     * lost): its external reference tells whose it is. Empty when Mercado Pago knows no such intent.
     */
    Uni<Optional<TerminalState>> lookUp(String token, String mercadopagoId);

    /** What a cancel did. */
    enum Cancellation {
        /** Cancelled at once. */
        CANCELED,
        /** Accepted; the device completes it (the Orders API's 202 at the terminal). */
        REQUESTED
    }

    /**
     * Cancels the intent.
     *
     * @param atTerminal whether to ask for the asynchronous cancel of an intent the device already has, where the API
     *        offers one
     * @return fails with a {@code CONFLICT} {@link MercadoPagoException} when Mercado Pago refuses (the device has it)
     */
    Uni<Cancellation> cancel(String token, Intent intent, boolean atTerminal);

    /** Whether a failed creation was certainly refused (nothing created), and why; empty when it was not. */
    Optional<CreationRefusal> refusalOf(MercadoPagoException failure);
}
