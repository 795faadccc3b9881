package dev.mpmarketplace.payment.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.customers.MercadoPagoCard;
import dev.mpmarketplace.mercadopago.client.customers.MercadoPagoCustomer;
import dev.mpmarketplace.mercadopago.client.customers.MercadoPagoCustomers;
import dev.mpmarketplace.payment.client.CustomersAtMercadoPago;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * A seller's customers and their saved cards (seed 003), kept at Mercado Pago and called with the seller's token; the
 * platform stores none of it (a customer names a person, a card its last digits). Saved cards are paid with through
 * {@code POST /payments} ({@code payer.type=customer}, a card token made from the card id and its security code).
 * <p>
 * Every write is repeatable without a second effect: a customer is its e-mail (creating one for an e-mail the seller
 * already has answers that customer, Mercado Pago's cause 101), a card save carries a key derived from the customer
 * and the single-use card token, a deletion is checked by listing the cards when its answer is lost.
 */
@ApplicationScoped
public class SellerCustomers {

    private static final Logger LOG = Logger.getLogger(SellerCustomers.class);

    /**
     * A customer created or found.
     *
     * @param customer the customer as Mercado Pago has it
     * @param created whether this request created it ({@code false}: the seller already had it)
     */
    public record CustomerResult(MercadoPagoCustomer customer, boolean created) {
    }

    private final SellerAccess sellerAccess;
    private final CustomersAtMercadoPago mercadoPago;

    public SellerCustomers(SellerAccess sellerAccess, CustomersAtMercadoPago mercadoPago) {
        this.sellerAccess = sellerAccess;
        this.mercadoPago = mercadoPago;
    }

    /**
     * Creates the seller's customer, or answers the one the seller already has for the e-mail.
     *
     * @param customer Mercado Pago's customer fields ({@code email} required by Mercado Pago)
     */
    public Uni<CustomerResult> create(long sellerId, ObjectNode customer) {
        LogFields.put(sellerId, null);
        String email = customer.path("email").isTextual() ? customer.get("email").asText() : null;
        // The same request again carries the same key (Mercado Pago answers the first result where it keeps keys).
        String key = "customer-" + Fingerprints.of(Map.of("seller_id", sellerId, "customer", customer));
        return sellerAccess.tokenFor(sellerId).chain(token -> mercadoPago
                .create(token, key, PreferenceRequests.write(customer))
                .map(created -> new CustomerResult(created, true))
                .onFailure(MercadoPagoException.class).recoverWithUni(thrown -> {
                    MercadoPagoException failure = (MercadoPagoException) thrown;
                    boolean exists = failure.causes().stream()
                            .anyMatch(c -> MercadoPagoCustomers.CUSTOMER_ALREADY_EXISTS.equals(c.code()));
                    if (email != null && (exists || WriteOutcome.of(failure) == WriteOutcome.UNKNOWN)) {
                        // Already there (or perhaps made by the call whose answer was lost): ask by its e-mail.
                        return byEmail(token, email).chain(found -> found.isPresent()
                                ? Uni.createFrom().item(new CustomerResult(found.get(), !exists))
                                : Uni.createFrom().failure(problem(failure, "repeat the request", null)));
                    }
                    return Uni.createFrom().failure(problem(failure, "repeat the request", null));
                }));
    }

    /** The seller's customers, with this e-mail when given. */
    public Uni<MercadoPagoCustomers.CustomerPage> search(long sellerId, String email, int limit, int offset) {
        LogFields.put(sellerId, null);
        return sellerAccess.tokenFor(sellerId).chain(token -> mercadoPago.search(token, email, limit, offset))
                .onFailure(MercadoPagoException.class).transform(failure -> problem(
                        (MercadoPagoException) failure, "repeat the request", null));
    }

    public Uni<MercadoPagoCustomer> get(long sellerId, String customerId) {
        LogFields.put(sellerId, customerId);
        return sellerAccess.tokenFor(sellerId).chain(token -> mercadoPago.get(token, customerId))
                .onFailure(MercadoPagoException.class).transform(failure -> problem(
                        (MercadoPagoException) failure, "repeat the request",
                        () -> PaymentProblems.customerNotFound(customerId)));
    }

    public Uni<List<MercadoPagoCard>> cards(long sellerId, String customerId) {
        LogFields.put(sellerId, customerId);
        return sellerAccess.tokenFor(sellerId).chain(token -> mercadoPago.cards(token, customerId))
                .onFailure(MercadoPagoException.class).transform(failure -> problem(
                        (MercadoPagoException) failure, "repeat the request",
                        () -> PaymentProblems.customerNotFound(customerId)));
    }

    /**
     * Saves a card from a single-use card token (made with the seller's public key); a card the customer already
     * has is answered as it is.
     *
     * @param card {@code {"token": ...}}, optionally {@code payment_method_id}, {@code issuer_id}
     */
    public Uni<MercadoPagoCard> saveCard(long sellerId, String customerId, ObjectNode card) {
        LogFields.put(sellerId, customerId);
        String key = "card-" + Fingerprints.of(Map.of("seller_id", sellerId, "customer_id", customerId, "card", card));
        return sellerAccess.tokenFor(sellerId)
                .chain(token -> mercadoPago.saveCard(token, key, customerId, PreferenceRequests.write(card)))
                .onFailure(MercadoPagoException.class).transform(failure -> problem(
                        (MercadoPagoException) failure,
                        "list the customer's cards: it may be saved (a card token is single use: saving again needs "
                                + "a new one)",
                        () -> PaymentProblems.customerNotFound(customerId)));
    }

    /** Deletes a saved card; a deletion whose answer was lost is checked by listing the cards. */
    public Uni<Void> deleteCard(long sellerId, String customerId, String cardId) {
        LogFields.put(sellerId, customerId);
        return sellerAccess.tokenFor(sellerId).chain(token -> mercadoPago.deleteCard(token, customerId, cardId)
                .replaceWithVoid()
                .onFailure(MercadoPagoException.class).recoverWithUni(thrown -> {
                    MercadoPagoException failure = (MercadoPagoException) thrown;
                    if (WriteOutcome.of(failure) != WriteOutcome.UNKNOWN) {
                        return Uni.createFrom().failure(problem(failure, null, () -> notFound(failure, customerId,
                                cardId)));
                    }
                    LOG.warnf("card deletion's outcome unknown (%s); asking for the customer's cards",
                            failure.getMessage());
                    return mercadoPago.cards(token, customerId).chain(cards -> cards.stream()
                            .anyMatch(c -> c.id().equals(cardId))
                                    ? Uni.createFrom().failure(problem(failure, "repeat the deletion", null))
                                    : Uni.createFrom().voidItem());
                }));
    }

    private Uni<Optional<MercadoPagoCustomer>> byEmail(String token, String email) {
        return mercadoPago.search(token, email, 10, 0).map(page -> page.customers().stream()
                .filter(c -> email.equalsIgnoreCase(text(c.resource().get("email")))).findFirst());
    }

    /** A 404 naming a card (cause 120) is the card's; any other the customer's. */
    private static ProblemException notFound(MercadoPagoException failure, String customerId, String cardId) {
        return failure.causes().stream().anyMatch(c -> "120".equals(c.code()))
                ? PaymentProblems.cardNotFound(customerId, cardId)
                : PaymentProblems.customerNotFound(customerId);
    }

    /** The problem for a failed call: not found, unavailable (nothing happened), outcome unknown, or refused. */
    private static ProblemException problem(MercadoPagoException failure, String whenUnknown,
            Supplier<ProblemException> notFound) {
        if (failure.kind() == MercadoPagoException.Kind.NOT_FOUND && notFound != null) {
            return notFound.get();
        }
        return switch (WriteOutcome.of(failure)) {
            case UNKNOWN -> PaymentProblems.mercadoPagoOutcomeUnknown(failure,
                    whenUnknown == null ? "repeat the request" : whenUnknown);
            case NOT_TAKEN -> PaymentProblems.mercadoPagoUnavailable(failure);
            case REFUSED -> PaymentProblems.mercadoPagoRefused(failure, null);
        };
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
