package dev.mpmarketplace.payment.client;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.customers.MercadoPagoCard;
import dev.mpmarketplace.mercadopago.client.customers.MercadoPagoCustomer;
import dev.mpmarketplace.mercadopago.client.customers.MercadoPagoCustomers;
import dev.mpmarketplace.support.context.CallerContext;

/**
 * The service's way to libs/mercadopago-client's {@link MercadoPagoCustomers}, each answer delivered back on the
 * calling Vert.x context (as {@link PaymentsAtMercadoPago}).
 */
@ApplicationScoped
public class CustomersAtMercadoPago {

    private final MercadoPagoCustomers customers;

    public CustomersAtMercadoPago(MercadoPagoCustomers customers) {
        this.customers = customers;
    }

    public Uni<MercadoPagoCustomer> create(String accessToken, String idempotencyKey, String body) {
        return CallerContext.resume(customers.create(accessToken, idempotencyKey, body));
    }

    public Uni<MercadoPagoCustomers.CustomerPage> search(String accessToken, String email, int limit, int offset) {
        return CallerContext.resume(customers.search(accessToken, email, limit, offset));
    }

    public Uni<MercadoPagoCustomer> get(String accessToken, String customerId) {
        return CallerContext.resume(customers.get(accessToken, customerId));
    }

    public Uni<List<MercadoPagoCard>> cards(String accessToken, String customerId) {
        return CallerContext.resume(customers.cards(accessToken, customerId));
    }

    public Uni<MercadoPagoCard> saveCard(String accessToken, String idempotencyKey, String customerId, String body) {
        return CallerContext.resume(customers.saveCard(accessToken, idempotencyKey, customerId, body));
    }

    public Uni<MercadoPagoCard> deleteCard(String accessToken, String customerId, String cardId) {
        return CallerContext.resume(customers.deleteCard(accessToken, customerId, cardId));
    }
}
