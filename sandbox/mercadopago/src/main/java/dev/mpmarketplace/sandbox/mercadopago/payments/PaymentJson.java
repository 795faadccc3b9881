package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * Mercado Pago's JSON for payments, refunds and card tokens (reference section 2.4). Every field of the resource is
 * present, {@code null} where the sandbox has nothing to say, so clients see the shape they will see in production. A
 * payment has two views (seed 001): the seller's (the collector's token) and the buyer's (the payer's own token).
 */
public final class PaymentJson {

    private PaymentJson() {
    }

    /** The payment's bytes, rendered once per change. Call under the state lock. */
    static byte[] bytes(Payment payment) {
        byte[] rendered = payment.rendered;
        if (rendered == null) {
            rendered = write(payment(payment));
            payment.rendered = rendered;
        }
        return rendered;
    }

    /** The payment as its collector sees it. */
    public static ObjectNode sellerView(Payment payment) {
        return payment(payment);
    }

    /**
     * The payment as its buyer sees it (seed 001, "Ejemplo con token de comprador"): no {@code payer} nor
     * {@code collector_id}, but {@code payer_id} and a {@code collector} object; the fees the collector pays (Mercado
     * Pago's, the marketplace's) are not shown to the buyer (the sandbox's reading: the seed's example has only a
     * {@code financing_fee} paid by the payer).
     */
    public static ObjectNode buyerView(SandboxState state, Payment payment) {
        ObjectNode json = payment(payment);
        json.remove("payer");
        json.remove("collector_id");
        json.put("payer_id", payment.payerUserId);
        ObjectNode collector = json.putObject("collector");
        SandboxUser seller = state.oauth.users.get(payment.collectorId);
        collector.put("id", payment.collectorId);
        collector.put("first_name", "Test");
        collector.put("last_name", seller == null ? "Test" : seller.nickname);
        ObjectNode phone = collector.putObject("phone");
        phone.putNull("extension");
        phone.put("area_code", "01");
        phone.put("number", "1111-1111");
        collector.putNull("email");
        ObjectNode identification = collector.putObject("identification");
        identification.putNull("number");
        identification.putNull("type");
        ArrayNode fees = SandboxJson.MAPPER.createArrayNode();
        json.get("fee_details").forEach(fee -> {
            if ("payer".equals(fee.path("fee_payer").asText())) {
                fees.add(fee);
            }
        });
        json.set("fee_details", fees);
        return json;
    }

    static byte[] write(JsonNode node) {
        try {
            return SandboxJson.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a payment is not serializable", e);
        }
    }

    static ObjectNode payment(Payment p) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", p.id);
        json.put("date_created", timestamp(p.dateCreated));
        json.put("date_approved", timestamp(p.dateApproved));
        json.put("date_last_updated", timestamp(p.dateLastUpdated));
        json.putNull("date_of_expiration");
        json.put("money_release_date", timestamp(p.moneyReleaseDate));
        json.put("money_release_status", p.moneyReleaseDate == null ? null : "released");
        json.putNull("money_release_schema");
        json.put("operation_type", "regular_payment");
        json.put("issuer_id", p.issuerId);
        json.put("payment_method_id", p.paymentMethodId);
        json.put("payment_type_id", p.paymentTypeId);
        ObjectNode method = json.putObject("payment_method");
        method.put("id", p.paymentMethodId);
        method.put("type", p.paymentTypeId);
        method.put("issuer_id", p.issuerId);
        json.put("status", p.status);
        json.put("status_detail", p.statusDetail);
        json.put("currency_id", p.currencyId);
        json.put("description", p.description);
        json.put("live_mode", true);
        json.set("sponsor_id", p.sponsorId);
        json.put("authorization_code", p.authorizationCode);
        json.put("integrator_id", p.integratorId);
        json.put("platform_id", p.platformId);
        json.put("corporation_id", p.corporationId);
        json.put("collector_id", p.collectorId);
        json.set("payer", p.payer == null ? null : p.payer.deepCopy());
        json.set("metadata", objectOrEmpty(p.metadata));
        json.set("additional_info", objectOrEmpty(p.additionalInfo));
        ObjectNode order = json.putObject("order");
        if (p.orderId != null) {
            order.put("id", p.orderId);
            order.put("type", p.orderType);
        }
        json.put("external_reference", p.externalReference);
        json.put("transaction_amount", p.transactionAmount);
        json.put("transaction_amount_refunded", p.transactionAmountRefunded);
        json.put("coupon_amount", 0);
        json.putNull("differential_pricing_id");
        json.put("installments", p.installments);
        json.set("transaction_details", transactionDetails(p));
        json.set("fee_details", feeDetails(p));
        json.putArray("charges_details");
        json.put("captured", p.captured);
        json.put("binary_mode", p.binaryMode);
        json.putNull("call_for_authorize_id");
        json.put("statement_descriptor", p.statementDescriptor);
        json.set("card", card(p.card));
        json.put("notification_url", p.notificationUrl);
        json.put("callback_url", p.callbackUrl);
        json.put("processing_mode", p.processingMode);
        json.putNull("merchant_account_id");
        json.putNull("merchant_number");
        ArrayNode refunds = json.putArray("refunds");
        p.refunds.forEach(r -> refunds.add(refund(r)));
        ObjectNode pointOfInteraction = json.putObject("point_of_interaction");
        boolean point = "POINT".equals(p.pointOfInteractionType);
        pointOfInteraction.put("type", point ? "POINT" : "UNSPECIFIED");
        ObjectNode businessInfo = pointOfInteraction.putObject("business_info");
        businessInfo.put("unit", point ? "point" : "online_payments");
        businessInfo.put("sub_unit", "default");
        json.putNull("three_ds_info");
        json.put("taxes_amount", 0);
        json.put("shipping_amount", 0);
        json.put("pos_id", p.posId);
        json.put("store_id", p.storeId);
        json.putNull("internal_metadata");
        json.putArray("acquirer_reconciliation");
        return json;
    }

    private static ObjectNode transactionDetails(Payment p) {
        ObjectNode details = SandboxJson.MAPPER.createObjectNode();
        details.put("net_received_amount", p.netReceivedAmount);
        details.put("total_paid_amount", p.transactionAmount);
        details.put("overpaid_amount", 0);
        details.put("installment_amount", PaymentService.installmentAmount(p.transactionAmount, p.installments));
        details.putNull("external_resource_url");
        details.putNull("financial_institution");
        details.putNull("payment_method_reference_id");
        details.putNull("payable_deferral_period");
        details.putNull("acquirer_reference");
        details.putNull("transaction_id");
        details.putNull("digitable_line");
        details.putNull("verification_code");
        details.putNull("bank_transfer_id");
        details.putNull("barcode");
        return details;
    }

    private static ArrayNode feeDetails(Payment p) {
        ArrayNode fees = SandboxJson.MAPPER.createArrayNode();
        if (p.mercadopagoFee == null) {
            return fees;
        }
        fee(fees, "mercadopago_fee", p.mercadopagoFee);
        if (p.applicationFee != null) {
            fee(fees, "application_fee", p.applicationFee);
        }
        return fees;
    }

    private static void fee(ArrayNode fees, String type, BigDecimal amount) {
        ObjectNode fee = fees.addObject();
        fee.put("type", type);
        fee.put("amount", amount);
        fee.put("fee_payer", "collector");
    }

    private static JsonNode card(Payment.PaymentCard card) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        if (card == null) {
            return json;
        }
        json.put("id", card.id);
        json.put("first_six_digits", card.firstSixDigits);
        json.put("last_four_digits", card.lastFourDigits);
        json.put("expiration_month", card.expirationMonth);
        json.put("expiration_year", card.expirationYear);
        json.put("date_created", timestamp(card.dateCreated));
        json.put("date_last_updated", timestamp(card.dateLastUpdated));
        ObjectNode cardholder = json.putObject("cardholder");
        cardholder.put("name", card.cardholderName);
        ObjectNode identification = cardholder.putObject("identification");
        identification.put("number", card.identificationNumber);
        identification.put("type", card.identificationType);
        return json;
    }

    static ObjectNode refund(Refund r) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", r.id);
        json.put("payment_id", r.paymentId);
        json.put("amount", r.amount);
        json.set("metadata", objectOrEmpty(r.metadata));
        ObjectNode source = json.putObject("source");
        source.put("name", r.sourceName);
        source.put("id", r.sourceId);
        source.put("type", "collector");
        json.put("date_created", timestamp(r.dateCreated));
        json.putNull("unique_sequence_number");
        json.put("refund_mode", "standard");
        json.put("adjustment_amount", 0);
        json.put("status", "approved");
        json.put("reason", r.reason);
        json.putArray("labels");
        json.putArray("partition_details");
        return json;
    }

    static ObjectNode cardToken(CardToken t) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", t.id);
        json.put("public_key", t.publicKey);
        json.put("card_id", t.cardId);
        json.put("first_six_digits", t.firstSixDigits);
        json.put("last_four_digits", t.lastFourDigits);
        json.put("expiration_month", t.expirationMonth);
        json.put("expiration_year", t.expirationYear);
        ObjectNode cardholder = json.putObject("cardholder");
        ObjectNode identification = cardholder.putObject("identification");
        if (t.identificationType != null) {
            identification.put("number", t.identificationNumber);
            identification.put("type", t.identificationType);
        }
        cardholder.put("name", t.cardholderName);
        json.put("status", "active");
        json.put("date_created", timestamp(t.dateCreated));
        json.put("date_last_updated", timestamp(t.dateCreated));
        json.put("date_due", timestamp(t.expiresAt));
        json.put("luhn_validation", t.luhnValidation);
        json.put("live_mode", true);
        json.put("require_esc", false);
        if (t.cardNumberLength > 0) {
            json.put("card_number_length", t.cardNumberLength);
        } else {
            json.putNull("card_number_length");
        }
        json.put("security_code_length", t.securityCodeLength);
        return json;
    }

    /** A stored object, or {@code {}} for none (a restored state may hold JSON null). */
    private static JsonNode objectOrEmpty(JsonNode node) {
        return node == null || node.isNull() ? SandboxJson.MAPPER.createObjectNode() : node.deepCopy();
    }

    private static String timestamp(Instant instant) {
        return SandboxJson.timestampOrNull(instant);
    }
}
