package dev.mpmarketplace.mercadopago.client.payments;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.MercadoPagoJson;

/**
 * A refund of a payment, as {@code POST /v1/payments/{id}/refunds} answers it and as a payment's {@code refunds[]}
 * lists it.
 *
 * @param id Mercado Pago's refund id
 * @param paymentId the payment refunded
 * @param amount the amount refunded
 * @param status {@code approved} (the only status the reference confirms)
 * @param dateCreated when it was made
 * @param raw the refund as received (JSON text)
 */
public record MercadoPagoRefund(long id, Long paymentId, BigDecimal amount, String status,
        OffsetDateTime dateCreated, String raw) {

    /** Reads a refund answer; kind {@code INVALID_RESPONSE} when it is not one. */
    public static MercadoPagoRefund parse(String operation, String json) {
        try {
            return of(operation, MercadoPagoPayment.JSON.readTree(json));
        } catch (IOException e) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not JSON", e);
        }
    }

    static MercadoPagoRefund of(String operation, JsonNode node) {
        if (node == null || !node.isObject() || !node.path("id").canConvertToLong()) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not a refund", null);
        }
        return new MercadoPagoRefund(node.get("id").asLong(), MercadoPagoJson.longOrNull(node.get("payment_id")),
                MercadoPagoJson.decimal(node.get("amount")), MercadoPagoJson.text(node.get("status")),
                MercadoPagoJson.date(node.get("date_created")),
                node.toString());
    }

    @Override
    public String toString() {
        return "MercadoPagoRefund[id=" + id + ", payment_id=" + paymentId + ", amount=" + amount + ", status="
                + status + "]";
    }
}
