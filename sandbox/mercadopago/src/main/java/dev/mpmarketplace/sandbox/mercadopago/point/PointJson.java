package dev.mpmarketplace.sandbox.mercadopago.point;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;

/** The JSON of the Point Integration API and of Orders API orders (reference 5A, 5B, 12.a, 12.b). */
final class PointJson {

    /** The integrator webhook's {@code created_at}: {@code 2021-11-29 17:10:37}, no zone (the sites' -04:00). */
    static final DateTimeFormatter WEBHOOK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.ofHours(-4));
    /** Intent events: {@code 2021-09-03T20:59:10Z}. */
    static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    /** Orders API dates: UTC with milliseconds. */
    static final DateTimeFormatter ORDER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private PointJson() {
    }

    static ObjectNode integrator(Integrator integrator) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("token", integrator.token);
        json.put("webhook", integrator.webhook == null ? "" : integrator.webhook);
        json.put("is_valid_webhook", integrator.validWebhook);
        return json;
    }

    static ObjectNode device(PointDevice device) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", device.id);
        json.put("pos_id", device.posId);
        json.put("store_id", device.storeId);
        json.put("external_pos_id", device.externalPosId);
        json.put("operating_mode", device.operatingMode);
        return json;
    }

    /** The create answer: the request's fields, {@code id} and {@code device_id}; no state (reference 12.a). */
    static ObjectNode intentCreated(PaymentIntent intent) {
        ObjectNode json = intentBody(intent);
        json.remove("state");
        return json;
    }

    /** {@code GET .../payment-intents/{id}}. */
    static ObjectNode intent(PaymentIntent intent) {
        return intentBody(intent);
    }

    private static ObjectNode intentBody(PaymentIntent intent) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", intent.id);
        json.put("device_id", intent.deviceId);
        json.put("amount", intent.amount);
        if (intent.description != null) {
            json.put("description", intent.description);
        }
        json.put("state", intent.state.name());
        ObjectNode payment = intent.payment == null ? SandboxJson.MAPPER.createObjectNode() : intent.payment.deepCopy();
        if (intent.paymentId != null) {
            payment.put("id", intent.paymentId);
        }
        json.set("payment", payment);
        json.set("additional_info", intent.additionalInfo == null
                ? SandboxJson.MAPPER.createObjectNode()
                : intent.additionalInfo.deepCopy());
        return json;
    }

    /**
     * What the integrator webhook receives: the intent with {@code caller_id}, {@code client_id} and
     * {@code created_at}; {@code payment} on FINISHED and PROCESSED (empty {@code state} and {@code type} on
     * CONFIRMATION_REQUIRED), none otherwise (reference 5A).
     */
    static ObjectNode intentNotification(PaymentIntent intent) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("amount", intent.amount);
        json.put("caller_id", intent.userId);
        putClientId(json, intent.clientId);
        json.put("created_at", WEBHOOK_TIME.format(intent.createdAt));
        json.put("id", intent.id);
        switch (intent.state) {
            case FINISHED, PROCESSED -> json.putObject("payment").put("id", intent.paymentId)
                    .put("state", intent.paymentState).put("type", intent.paymentType);
            case CONFIRMATION_REQUIRED -> {
                ObjectNode payment = json.putObject("payment");
                if (intent.paymentId != null) {
                    payment.put("id", intent.paymentId);
                }
                payment.put("state", "").put("type", "");
            }
            default -> {
            }
        }
        json.put("state", intent.state.name());
        json.set("additional_info", intent.additionalInfo == null
                ? SandboxJson.MAPPER.createObjectNode()
                : intent.additionalInfo.deepCopy());
        return json;
    }

    static ObjectNode refundCreated(RefundIntent refund) {
        ObjectNode json = refundIntent(refund);
        json.remove("state");
        return json;
    }

    static ObjectNode refundIntent(RefundIntent refund) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", refund.id);
        json.put("payment_id", Long.toString(refund.paymentId));
        json.put("device_id", refund.deviceId);
        json.put("state", refund.state.name());
        json.set("additional_info", refund.additionalInfo == null
                ? SandboxJson.MAPPER.createObjectNode()
                : refund.additionalInfo.deepCopy());
        return json;
    }

    /** What the integrator webhook receives for a refund intent (the sandbox's shape, UNCONFIRMED). */
    static ObjectNode refundNotification(RefundIntent refund) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("caller_id", refund.userId);
        putClientId(json, refund.clientId);
        json.put("created_at", WEBHOOK_TIME.format(refund.createdAt));
        json.put("id", refund.id);
        json.put("payment_id", refund.paymentId);
        json.put("device_id", refund.deviceId);
        json.put("state", refund.state.name());
        json.set("additional_info", refund.additionalInfo == null
                ? SandboxJson.MAPPER.createObjectNode()
                : refund.additionalInfo.deepCopy());
        return json;
    }

    /** {@code {"status","created_on"}}: the last state of an intent. */
    static ObjectNode lastEvent(String state, Instant at) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("status", state);
        json.put("created_on", EVENT_TIME.format(at));
        return json;
    }

    /** An Orders API order. */
    static ObjectNode order(PointOrder order) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", order.id);
        json.put("type", "point");
        json.put("processing_mode", "automatic");
        json.put("external_reference", order.externalReference);
        if (order.description != null) {
            json.put("description", order.description);
        }
        json.put("expiration_time", order.expirationTime);
        json.put("country_code", order.countryCode);
        json.put("user_id", Long.toString(order.userId));
        json.put("status", order.status.wireName());
        json.put("status_detail", order.statusDetail);
        json.put("currency", order.currency);
        json.put("created_date", ORDER_TIME.format(order.createdAt));
        json.put("last_updated_date", ORDER_TIME.format(order.updatedAt));
        if (order.clientId != null) {
            json.putObject("integration_data").put("application_id", order.clientId);
        }
        json.set("transactions", transactions(order));
        json.set("config", order.config.deepCopy());
        return json;
    }

    /** The {@code data} of an {@code order} webhook (reference 5B). */
    static ObjectNode orderNotification(PointOrder order) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", order.id);
        json.put("type", "point");
        json.put("external_reference", order.externalReference);
        json.put("status", order.status.wireName());
        json.put("status_detail", order.statusDetail);
        if (order.paymentId != null) {
            json.put("total_paid_amount", money(order.amount));
        }
        json.put("version", order.version);
        json.set("transactions", transactions(order));
        return json;
    }

    private static ObjectNode transactions(PointOrder order) {
        ObjectNode transactions = SandboxJson.MAPPER.createObjectNode();
        ObjectNode payment = transactions.putArray("payments").addObject();
        payment.put("id", order.transactionId);
        payment.put("amount", money(order.amount));
        payment.put("status", order.transactionStatus);
        payment.put("status_detail", order.transactionStatusDetail);
        if (order.paymentId != null) {
            payment.put("paid_amount", money(order.amount));
            ObjectNode method = payment.putObject("payment_method");
            method.put("id", order.paymentMethodId);
            method.put("type", order.paymentTypeId);
            method.put("installments", order.installments);
            payment.putObject("reference").put("id", Long.toString(order.paymentId));
        }
        if (!order.refunds.isEmpty()) {
            ArrayNode refunds = transactions.putArray("refunds");
            for (PointOrder.OrderRefund refund : order.refunds) {
                ObjectNode entry = refunds.addObject();
                entry.put("id", refund.id);
                entry.put("transaction_id", refund.transactionId);
                entry.put("reference_id", Long.toString(refund.referenceId));
                entry.put("amount", money(refund.amount));
                entry.put("status", "processed");
            }
        }
        return transactions;
    }

    static String money(BigDecimal amount) {
        return amount.setScale(2).toPlainString();
    }

    private static void putClientId(ObjectNode json, String clientId) {
        if (clientId == null) {
            json.putNull("client_id");
        } else if (clientId.length() < 19 && clientId.chars().allMatch(Character::isDigit)) {
            json.put("client_id", Long.parseLong(clientId));
        } else {
            json.put("client_id", clientId);
        }
    }
}
