package dev.mpmarketplace.mercadopago.client.payments;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.MercadoPagoJson;

/**
 * A payment as Mercado Pago answered it (reference section 2.4): the fields the platform decides on, typed, and the
 * whole answer as received ({@link #raw()}), to be kept. Amounts are exact decimals; dates keep Mercado Pago's offset.
 *
 * @param id Mercado Pago's payment id
 * @param status {@code pending}, {@code approved}, {@code authorized}, {@code in_process}, {@code in_mediation},
 *        {@code rejected}, {@code cancelled}, {@code refunded} or {@code charged_back}
 * @param statusDetail for example {@code accredited}, {@code partially_refunded}, {@code cc_rejected_other_reason}
 * @param collectorId the seller the payment belongs to
 * @param externalReference what the creator put there (for the platform's own payments: its payment id)
 * @param transactionAmount the amount (after a partial capture: the captured amount)
 * @param transactionAmountRefunded what was refunded so far
 * @param currencyId ISO 4217
 * @param captured whether the money was captured
 * @param dateCreated when Mercado Pago created it
 * @param dateLastUpdated when Mercado Pago last changed it: the order of two answers about one payment
 * @param dateApproved when it was approved, or {@code null}
 * @param applicationFee the marketplace's fee as Mercado Pago shows it: the {@code amount} of the {@code fee_details}
 *        entry of type {@code application_fee} (a payment made on the checkout page of a preference with a
 *        {@code marketplace_fee} has it only there), or {@code null}
 * @param refunds the refunds, oldest first
 * @param raw the answer as received (JSON text)
 */
public record MercadoPagoPayment(long id, String status, String statusDetail, Long collectorId,
        String externalReference, BigDecimal transactionAmount, BigDecimal transactionAmountRefunded,
        String currencyId, Boolean captured, OffsetDateTime dateCreated, OffsetDateTime dateLastUpdated,
        OffsetDateTime dateApproved, BigDecimal applicationFee, List<MercadoPagoRefund> refunds, String raw) {

    /** Decimals exactly as written ({@code 100.10} stays {@code 100.10}, as Jackson's node factory would not keep it). */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    public MercadoPagoPayment {
        refunds = refunds == null ? List.of() : List.copyOf(refunds);
    }

    /**
     * Reads a payment answer.
     *
     * @throws MercadoPagoException of kind {@code INVALID_RESPONSE} when the text is not a payment (no numeric
     *         {@code id} or no {@code status})
     */
    public static MercadoPagoPayment parse(String operation, String json) {
        try {
            return of(operation, JSON.readTree(json), json);
        } catch (IOException e) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not JSON", e);
        }
    }

    /** Reads a payment from a node of a larger answer (a search result); {@code raw} is the node's own text. */
    public static MercadoPagoPayment of(String operation, JsonNode node) {
        return of(operation, node, node == null ? null : node.toString());
    }

    private static MercadoPagoPayment of(String operation, JsonNode node, String raw) {
        if (node == null || !node.isObject() || !node.path("id").canConvertToLong()
                || !node.path("status").isTextual()) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not a payment", null);
        }
        List<MercadoPagoRefund> refunds = new ArrayList<>();
        for (JsonNode refund : node.path("refunds")) {
            refunds.add(MercadoPagoRefund.of(operation, refund));
        }
        return new MercadoPagoPayment(node.get("id").asLong(), node.get("status").asText(),
                MercadoPagoJson.text(node.get("status_detail")), MercadoPagoJson.longOrNull(node.get("collector_id")),
                MercadoPagoJson.text(node.get("external_reference")),
                MercadoPagoJson.decimal(node.get("transaction_amount")),
                MercadoPagoJson.decimal(node.get("transaction_amount_refunded")),
                MercadoPagoJson.text(node.get("currency_id")),
                node.path("captured").isBoolean() ? node.get("captured").asBoolean() : null,
                MercadoPagoJson.date(node.get("date_created")), MercadoPagoJson.date(node.get("date_last_updated")),
                MercadoPagoJson.date(node.get("date_approved")), applicationFee(node), refunds, raw);
    }

    private static BigDecimal applicationFee(JsonNode node) {
        for (JsonNode fee : node.path("fee_details")) {
            if ("application_fee".equals(fee.path("type").asText())) {
                return MercadoPagoJson.decimal(fee.get("amount"));
            }
        }
        return null;
    }

    /** The refunds Mercado Pago lists, by id. */
    public Optional<MercadoPagoRefund> refund(long refundId) {
        return refunds.stream().filter(r -> r.id() == refundId).findFirst();
    }

    @Override
    public String toString() {
        // The raw answer names the payer (e-mail, identification): never in a log line through toString.
        return "MercadoPagoPayment[id=" + id + ", status=" + status + ", status_detail=" + statusDetail
                + ", date_last_updated=" + dateLastUpdated + "]";
    }
}
