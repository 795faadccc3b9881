package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** A refund of a payment ({@code POST /v1/payments/{id}/refunds}); the sandbox's refunds are always approved. */
public final class Refund {
    public long id;
    public long paymentId;
    public BigDecimal amount;
    public Instant dateCreated;
    /** Who refunded: the collector (also when a marketplace refunds with the seller's OAuth token). */
    public String sourceId;
    public String sourceName;
    public JsonNode metadata;
    public String reason;
}
