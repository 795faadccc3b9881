package dev.mpmarketplace.orders.fact;

import dev.mpmarketplace.events.EventTypes;

/** What a fact is, and its CloudEvents type on the fact log. */
public enum FactKind {

    /** A Mercado Libre order as {@code GET /orders/{id}} answered it, with the seller's token. */
    MERCADOLIBRE_ORDER("mercadolibre-order"),
    /** payment-service said a payment's status changed ({@code payment.status-changed}). */
    PAYMENT_STATUS("payment-status"),
    /** payment-service saw a refund of a payment ({@code payment.refunded}). */
    PAYMENT_REFUND("payment-refund"),
    /** point-service said a Point payment intent finished. */
    POINT_INTENT("point-intent");

    private final String type;

    FactKind(String segment) {
        this.type = EventTypes.domain("order-fact", segment);
    }

    /** The CloudEvents type of this kind of fact on the fact log, e.g. {@code dev.mpmarketplace.order-fact.payment-status.v1}. */
    public String type() {
        return type;
    }
}
