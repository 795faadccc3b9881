package dev.mpmarketplace.mercadopago.client.customers;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;

/**
 * A customer's saved card as Mercado Pago answered it (reference section 4): its id and the whole resource as
 * received (first six and last four digits, expiry, cardholder, payment method; never the number or the code).
 *
 * @param id Mercado Pago's card id (digits, as text)
 * @param resource the card as received
 */
public record MercadoPagoCard(String id, JsonNode resource) {

    static MercadoPagoCard of(String operation, JsonNode node) {
        if (node == null || !node.isObject() || node.path("id").isMissingNode() || node.get("id").isNull()
                || node.get("id").asText().isBlank()) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not a card", null);
        }
        return new MercadoPagoCard(node.get("id").asText(), node);
    }

    @Override
    public String toString() {
        return "MercadoPagoCard[id=" + id + "]";
    }
}
