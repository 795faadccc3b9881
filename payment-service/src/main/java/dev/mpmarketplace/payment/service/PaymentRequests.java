package dev.mpmarketplace.payment.service;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.payment.CreatePayment;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * Reading a create request (the body of {@code POST /payments} or a create command's data) and writing the request
 * Mercado Pago gets. What Mercado Pago validates itself (the fee against the amount, the token, installments, the
 * payer) is left to it, so its cause codes reach the caller; what only the platform can check is checked here.
 */
public final class PaymentRequests {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    /** Fields the platform sets itself; a caller who sends them would be misled if they were ignored. */
    private static final List<String> NOT_ACCEPTED = List.of("external_reference", "notification_url");

    private PaymentRequests() {
    }

    /**
     * Reads and checks a create request.
     *
     * @param keyInBody whether the idempotency key is a field (a command) rather than a header (HTTP)
     * @throws ProblemException 400 {@code invalid-request} naming what is wrong
     */
    public static CreatePayment read(JsonNode body, boolean keyInBody) {
        if (body == null || !body.isObject()) {
            throw PaymentProblems.invalidRequest("the payment must be a JSON object");
        }
        for (String field : NOT_ACCEPTED) {
            if (body.has(field)) {
                throw PaymentProblems.invalidRequest(field + " is set by the platform (external_reference is its "
                        + "payment id; notifications go to the application's webhook); put your own reference in "
                        + "metadata");
            }
        }
        if (!keyInBody && body.has("idempotency_key")) {
            throw PaymentProblems.invalidRequest("the idempotency key goes in the Idempotency-Key header");
        }
        for (String field : List.of("payer", "metadata", "additional_info")) {
            if (body.has(field) && !body.get(field).isObject() && !body.get(field).isNull()) {
                throw PaymentProblems.invalidRequest(field + " must be an object");
            }
        }
        CreatePayment request;
        try {
            request = JSON.treeToValue(body, CreatePayment.class);
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "the body" : e.getPath().get(0).getFieldName();
            throw PaymentProblems.invalidRequest(field + " has the wrong type");
        } catch (JsonProcessingException e) {
            throw PaymentProblems.invalidRequest("the payment is not readable");
        }
        if (request.sellerId() == null || request.sellerId() <= 0) {
            throw PaymentProblems.invalidRequest("seller_id (the Mercado Pago user id of a linked seller) is required");
        }
        if (request.currencyId() == null || !CURRENCY.matcher(request.currencyId()).matches()) {
            throw PaymentProblems.invalidRequest("currency_id (ISO 4217, e.g. BRL) is required");
        }
        if (request.transactionAmount() == null || request.transactionAmount().signum() <= 0) {
            throw PaymentProblems.invalidRequest("transaction_amount must be a number greater than 0");
        }
        if (keyInBody) {
            idempotencyKey(request.idempotencyKey());
        }
        return request;
    }

    /**
     * Checks an idempotency key: 1 to 255 visible ASCII characters.
     *
     * @throws ProblemException 400 {@code idempotency-key-missing}
     */
    public static String idempotencyKey(String key) {
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw PaymentProblems.idempotencyKeyMissing();
        }
        return key;
    }

    /** Checks an amount of a capture or refund: absent, or greater than 0. */
    public static BigDecimal amount(BigDecimal amount) {
        if (amount != null && amount.signum() <= 0) {
            throw PaymentProblems.invalidRequest("amount must be greater than 0 (or absent: all of it)");
        }
        return amount;
    }

    /** The platform's payment id in a path or a command; 404 when it is not one. */
    public static UUID paymentId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw PaymentProblems.paymentNotFound(String.valueOf(id).length() > 64 ? "(too long)" : id);
        }
    }

    /**
     * The request Mercado Pago gets ({@code POST /v1/payments}): the caller's Mercado Pago fields as given, exact
     * amounts, and the platform's payment id as {@code external_reference}.
     */
    public static String mercadoPagoBody(CreatePayment request, UUID paymentId) {
        ObjectNode body = JSON.valueToTree(request);
        body.remove(List.of("idempotency_key", "seller_id", "currency_id"));
        body.put("external_reference", paymentId.toString());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree is always serialisable", e);
        }
    }
}
