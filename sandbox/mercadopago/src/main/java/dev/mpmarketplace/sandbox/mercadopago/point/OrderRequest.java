package dev.mpmarketplace.sandbox.mercadopago.point;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;

/**
 * A valid {@code POST /v1/orders} request of type {@code point} (reference 5B): checked whole before anything
 * changes, with the Orders API's error codes ({@code required_properties}, {@code unsupported_properties},
 * {@code property_type}, {@code property_value}, {@code maximum_items}).
 *
 * @param amount the payment transaction's amount, in the seller's currency
 * @param paymentType {@code config.payment_method.default_type}, or {@code credit_card}
 */
record OrderRequest(String externalReference, String description, Duration expirationTime, BigDecimal amount,
        String terminalId, String paymentType, int installments, ObjectNode config) {

    private static final Set<String> TOP_LEVEL = Set.of("type", "external_reference", "description",
            "expiration_time", "transactions", "config");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern MONEY = Pattern.compile("\\d{1,10}(\\.\\d{1,2})?");
    private static final Set<String> PRINT_ON_TERMINAL = Set.of("no_ticket", "seller_ticket", "buyer_ticket");
    private static final Set<String> DEFAULT_TYPES = Set.of("credit_card", "debit_card", "qr");
    private static final Duration MIN_EXPIRATION = Duration.ofSeconds(30);
    private static final Duration MAX_EXPIRATION = Duration.ofHours(3);

    static OrderRequest check(ObjectNode request, String site, Duration defaultExpiration) {
        for (Iterator<String> names = request.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                throw PointErrors.orders(400, "unsupported_properties", "An unsupported property was sent", name);
            }
        }
        String type = requiredText(request, "type");
        if (!type.equals("point")) {
            throw PointErrors.orders(400, "property_value", "type must be point (the sandbox simulates Point orders)",
                    "type");
        }
        String reference = requiredText(request, "external_reference");
        if (!REFERENCE.matcher(reference).matches()) {
            throw PointErrors.orders(400, "property_value", "external_reference: 1 to 64 letters, digits, '-' or"
                    + " '_'", "external_reference");
        }
        String description = optionalText(request, "description");
        if (description != null && description.length() > 150) {
            throw PointErrors.orders(400, "property_value", "description: at most 150 characters", "description");
        }
        Duration expiration = defaultExpiration;
        String expirationText = optionalText(request, "expiration_time");
        if (expirationText != null) {
            try {
                expiration = Duration.parse(expirationText);
            } catch (DateTimeParseException e) {
                throw PointErrors.orders(400, "property_value", "expiration_time must be an ISO-8601 duration such"
                        + " as PT15M", "expiration_time");
            }
            if (expiration.compareTo(MIN_EXPIRATION) < 0 || expiration.compareTo(MAX_EXPIRATION) > 0) {
                throw PointErrors.orders(400, "property_value", "expiration_time must be from PT30S to PT3H",
                        "expiration_time");
            }
        }
        JsonNode transactions = required(request, "transactions");
        if (!transactions.isObject()) {
            throw PointErrors.orders(400, "property_type", "transactions must be an object", "transactions");
        }
        JsonNode payments = required(transactions, "payments");
        if (!payments.isArray() || payments.isEmpty()) {
            throw PointErrors.orders(400, "property_type", "transactions.payments must be an array with one payment",
                    "transactions.payments");
        }
        if (payments.size() > 1) {
            throw PointErrors.orders(400, "maximum_items", "maximum 1 items required, but found " + payments.size(),
                    "transactions.payments");
        }
        JsonNode payment = payments.get(0);
        if (!payment.isObject()) {
            throw PointErrors.orders(400, "property_type", "transactions.payments[0] must be an object",
                    "transactions.payments[0]");
        }
        BigDecimal amount = money(required(payment, "amount"), "transactions.payments[0].amount");
        long[] limits = PointService.limits(site);
        if (amount.movePointRight(2).longValue() < limits[0] || amount.movePointRight(2).longValue() > limits[1]) {
            throw PointErrors.orders(400, "property_value", "transactions.payments[0].amount must be between "
                    + PointJson.money(BigDecimal.valueOf(limits[0], 2)) + " and "
                    + PointJson.money(BigDecimal.valueOf(limits[1], 2)) + " on " + site,
                    "transactions.payments[0].amount");
        }
        JsonNode config = required(request, "config");
        if (!config.isObject()) {
            throw PointErrors.orders(400, "property_type", "config must be an object", "config");
        }
        JsonNode point = required(config, "point");
        if (!point.isObject()) {
            throw PointErrors.orders(400, "property_type", "config.point must be an object", "config.point");
        }
        String terminalId = requiredText(point, "terminal_id");
        String print = optionalText(point, "print_on_terminal");
        if (print != null && !PRINT_ON_TERMINAL.contains(print)) {
            throw PointErrors.orders(400, "property_value", "config.point.print_on_terminal must be no_ticket,"
                    + " seller_ticket or buyer_ticket", "config.point.print_on_terminal");
        }
        String ticket = optionalText(point, "ticket_number");
        if (ticket != null && ticket.length() > 20) {
            throw PointErrors.orders(400, "property_value", "config.point.ticket_number: at most 20 characters",
                    "config.point.ticket_number");
        }
        String paymentType = "credit_card";
        int installments = 1;
        JsonNode method = config.get("payment_method");
        if (method != null && !method.isNull()) {
            if (!method.isObject()) {
                throw PointErrors.orders(400, "property_type", "config.payment_method must be an object",
                        "config.payment_method");
            }
            String defaultType = optionalText(method, "default_type");
            if (defaultType != null) {
                if (!DEFAULT_TYPES.contains(defaultType)) {
                    throw PointErrors.orders(400, "property_value", "config.payment_method.default_type must be"
                            + " credit_card, debit_card or qr", "config.payment_method.default_type");
                }
                paymentType = defaultType.equals("qr") ? "account_money" : defaultType;
            }
            JsonNode defaultInstallments = method.get("default_installments");
            if (defaultInstallments != null && !defaultInstallments.isNull()) {
                if (!defaultInstallments.isIntegralNumber() || defaultInstallments.asInt() < 1
                        || defaultInstallments.asInt() > 72) {
                    throw PointErrors.orders(400, "property_value", "config.payment_method.default_installments"
                            + " must be an integer from 1 to 72", "config.payment_method.default_installments");
                }
                installments = defaultInstallments.asInt();
            }
            String cost = optionalText(method, "installments_cost");
            if (cost != null && !cost.equals("seller") && !cost.equals("buyer")) {
                throw PointErrors.orders(400, "property_value", "config.payment_method.installments_cost must be"
                        + " seller or buyer", "config.payment_method.installments_cost");
            }
        }
        return new OrderRequest(reference, description, expiration, amount, terminalId, paymentType, installments,
                (ObjectNode) config.deepCopy());
    }

    /** A decimal string with at most two decimals, above zero ({@code "100.00"}). */
    static BigDecimal money(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw PointErrors.orders(400, "property_type", field + " must be a string such as \"100.00\"", field);
        }
        if (!MONEY.matcher(value.asText()).matches() || new BigDecimal(value.asText()).signum() <= 0) {
            throw PointErrors.orders(400, "property_value", field + " must be a positive amount with at most two"
                    + " decimals, such as \"100.00\"", field);
        }
        return new BigDecimal(value.asText()).setScale(2);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw PointErrors.orders(400, "required_properties", "required property '" + field + "' is missing",
                    field);
        }
        return value;
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw PointErrors.orders(400, "property_type", field + " must be a non-empty string", field);
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw PointErrors.orders(400, "property_type", field + " must be a string", field);
        }
        return value.asText();
    }

    /** A body that is not a JSON object: the Orders API's {@code json_syntax_error}. */
    static ObjectNode parse(String body) {
        try {
            return SandboxJson.object(body, false);
        } catch (ApiError e) {
            throw PointErrors.orders(400, "json_syntax_error", "The request body is not a valid JSON object");
        }
    }
}
