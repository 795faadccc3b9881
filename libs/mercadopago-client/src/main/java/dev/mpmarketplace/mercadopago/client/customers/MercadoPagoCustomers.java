package dev.mpmarketplace.mercadopago.client.customers;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoCalls;
import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.MercadoPagoJson;
import dev.mpmarketplace.mercadopago.client.RetryAfterBackoff;
import dev.mpmarketplace.mercadopago.client.RetryableFailure;
import dev.mpmarketplace.mercadopago.client.RetryableWithoutEffect;

/**
 * A seller's customers and their saved cards at Mercado Pago, called with the seller's access token: every call
 * bounded by {@code mercadopago.client.timeout}, every failure a classified {@link MercadoPagoException}. Reads are
 * retried on any retryable failure; writes (create, save, delete) only when the failure certainly had no effect.
 */
@ApplicationScoped
public class MercadoPagoCustomers {

    public static final String CREATE = "POST /v1/customers";
    public static final String SEARCH = "GET /v1/customers/search";
    public static final String GET = "GET /v1/customers/{id}";
    public static final String CARDS = "GET /v1/customers/{id}/cards";
    public static final String SAVE_CARD = "POST /v1/customers/{id}/cards";
    public static final String DELETE_CARD = "DELETE /v1/customers/{id}/cards/{card_id}";

    /** Mercado Pago's cause code for a customer e-mail the seller already has. */
    public static final String CUSTOMER_ALREADY_EXISTS = "101";

    private final MercadoPagoCustomersApi api;
    private final MercadoPagoClientConfig config;

    public MercadoPagoCustomers(@RestClient MercadoPagoCustomersApi api, MercadoPagoClientConfig config) {
        this.api = api;
        this.config = config;
    }

    /** Creates a customer; {@code body} is the customer's fields as JSON text. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableWithoutEffect.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoCustomer> create(String accessToken, String idempotencyKey, String body) {
        return bounded(CREATE, api.create(bearer(accessToken), idempotencyKey, body))
                .map(json -> MercadoPagoCustomer.of(CREATE, MercadoPagoJson.read(CREATE, json)));
    }

    /** The seller's customers with this e-mail ({@code null}: all), one page. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<CustomerPage> search(String accessToken, String email, int limit, int offset) {
        return bounded(SEARCH, api.search(bearer(accessToken), email, limit, offset)).map(json -> {
            JsonNode page = MercadoPagoJson.read(SEARCH, json);
            if (!page.path("results").isArray()) {
                throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, SEARCH,
                        "the answer is not a customer search", null);
            }
            List<MercadoPagoCustomer> customers = new ArrayList<>();
            page.get("results").forEach(node -> customers.add(MercadoPagoCustomer.of(SEARCH, node)));
            return new CustomerPage(customers, page.path("paging").path("total").asLong(customers.size()));
        });
    }

    /** A customer of the seller's. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoCustomer> get(String accessToken, String customerId) {
        return bounded(GET, api.get(bearer(accessToken), customerId))
                .map(json -> MercadoPagoCustomer.of(GET, MercadoPagoJson.read(GET, json)));
    }

    /** The customer's saved cards. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<List<MercadoPagoCard>> cards(String accessToken, String customerId) {
        return bounded(CARDS, api.cards(bearer(accessToken), customerId)).map(json -> {
            JsonNode list = MercadoPagoJson.read(CARDS, json);
            if (!list.isArray()) {
                throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, CARDS,
                        "the answer is not a list of cards", null);
            }
            List<MercadoPagoCard> cards = new ArrayList<>();
            list.forEach(node -> cards.add(MercadoPagoCard.of(CARDS, node)));
            return cards;
        });
    }

    /** Saves a card from a single-use card token; a card the customer already has is answered as it is. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableWithoutEffect.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoCard> saveCard(String accessToken, String idempotencyKey, String customerId, String body) {
        return bounded(SAVE_CARD, api.saveCard(bearer(accessToken), idempotencyKey, customerId, body))
                .map(json -> MercadoPagoCard.of(SAVE_CARD, MercadoPagoJson.read(SAVE_CARD, json)));
    }

    /** Deletes a saved card; answers it as it was. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableWithoutEffect.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoCard> deleteCard(String accessToken, String customerId, String cardId) {
        return bounded(DELETE_CARD, api.deleteCard(bearer(accessToken), customerId, cardId))
                .map(json -> MercadoPagoCard.of(DELETE_CARD, MercadoPagoJson.read(DELETE_CARD, json)));
    }

    /**
     * One page of a customer search.
     *
     * @param customers the customers of the page
     * @param total how many match in all
     */
    public record CustomerPage(List<MercadoPagoCustomer> customers, long total) {
    }

    private <T> Uni<T> bounded(String operation, Uni<T> call) {
        return MercadoPagoCalls.bounded(operation, config.timeout(), call);
    }

    private static String bearer(String accessToken) {
        return MercadoPagoCalls.bearer(accessToken);
    }
}
