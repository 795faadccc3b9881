package dev.mpmarketplace.mercadopago.client.customers;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;

/**
 * A customer as Mercado Pago answered it (reference section 4): its id and the whole resource as received.
 *
 * @param id Mercado Pago's customer id ({@code <payer id>-<letters and digits>})
 * @param resource the customer as received (e-mail, name, identification, cards...)
 */
public record MercadoPagoCustomer(String id, JsonNode resource) {

    static MercadoPagoCustomer of(String operation, JsonNode node) {
        if (node == null || !node.isObject() || !node.path("id").isTextual() || node.get("id").asText().isBlank()) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not a customer", null);
        }
        return new MercadoPagoCustomer(node.get("id").asText(), node);
    }

    @Override
    public String toString() {
        // The resource names a person: never in a log line through toString.
        return "MercadoPagoCustomer[id=" + id + "]";
    }
}
