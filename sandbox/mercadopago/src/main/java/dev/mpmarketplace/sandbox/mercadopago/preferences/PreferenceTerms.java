package dev.mpmarketplace.sandbox.mercadopago.preferences;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;

/**
 * The terms a preference request sets, checked by the rules of {@code POST /checkout/preferences} that need nothing
 * but the request and the collector's site (the ones that need other users or the token are in
 * {@link PreferenceService}). Every violation is the documented {@code 400} with an {@code error} key and no
 * {@code cause}. JSON {@code null} counts as absent everywhere, so a preference as {@code GET} returns it can be sent
 * back to {@code PUT} unchanged.
 *
 * @param items the items, with the currency resolved
 * @param currencyId the one currency of all items
 * @param totalAmount sum of quantity × unit_price
 * @param marketplaceFee the marketplace's commission in currency, {@code 0} when absent
 * @param expires whether {@code expiration_date_from}/{@code expiration_date_to} apply
 * @param autoReturn {@code approved}, {@code all} or {@code null}
 * @param shippingCost {@code shipments.cost}, or {@code null}
 */
public record PreferenceTerms(List<Item> items, String currencyId, BigDecimal totalAmount, BigDecimal marketplaceFee,
        boolean expires, OffsetDateTime expirationDateFrom, OffsetDateTime expirationDateTo,
        OffsetDateTime dateOfExpiration, String autoReturn, String successUrl, String pendingUrl, String failureUrl,
        boolean binaryMode, String externalReference, String notificationUrl, String statementDescriptor,
        String payerEmail, BigDecimal shippingCost, String operationType, Set<String> excludedPaymentMethods,
        Set<String> excludedPaymentTypes) {

    /** One item of the preference. */
    public record Item(String id, String title, String description, int quantity, String currencyId,
            BigDecimal unitPrice) {
    }

    /** The currency of each site, the default for items without {@code currency_id}. */
    static final Map<String, String> SITE_CURRENCY = Map.of("MLA", "ARS", "MLB", "BRL", "MLM", "MXN", "MLC", "CLP",
            "MCO", "COP", "MPE", "PEN", "MLU", "UYU");

    /** Payment types a buyer may use; account_money is not among them because it cannot be excluded. */
    static final Set<String> EXCLUDABLE_PAYMENT_TYPES = Set.of("credit_card", "debit_card", "prepaid_card", "ticket",
            "bank_transfer", "atm", "digital_currency", "digital_wallet");

    /** Mercado Pago's timestamp format, keeping the offset the integrator gave. */
    static final DateTimeFormatter DATE_OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final DateTimeFormatter DATE_BASIC_OFFSET = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]xx");
    private static final Pattern DIMENSIONS = Pattern.compile("\\d+x\\d+x\\d+,\\d+");
    private static final Set<String> SHIPPING_MODES = Set.of("custom", "not_specified", "me2");
    private static final Set<String> PROCESSING_MODES = Set.of("aggregator", "gateway");

    /**
     * Checks a request.
     *
     * @param siteId the collector's site, whose currency items default to
     * @throws ApiError the first violated rule, in the order of the fields below
     */
    public static PreferenceTerms check(ObjectNode request, String siteId) {
        String siteCurrency = SITE_CURRENCY.getOrDefault(siteId, "BRL");
        List<Item> items = items(request.get("items"), siteCurrency);
        BigDecimal total = BigDecimal.ZERO;
        for (Item item : items) {
            total = total.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())));
        }
        String payerEmail = payer(request.get("payer"));
        PaymentMethods methods = paymentMethods(request.get("payment_methods"));
        BigDecimal shippingCost = shipments(request.get("shipments"));
        String[] backUrls = backUrls(request.get("back_urls"));
        String autoReturn = autoReturn(request.get("auto_return"), backUrls[0]);
        boolean binaryMode = binaryMode(request.get("binary_mode"));
        boolean expires = bool(request, "expires");
        OffsetDateTime from = date(request.get("expiration_date_from"),
                ApiError.keyed("invalid_expiration_date_from", "expiration_date_from invalid."));
        OffsetDateTime to = date(request.get("expiration_date_to"),
                ApiError.keyed("invalid_expiration_date_to", "expiration_date_to invalid."));
        if (from != null && to != null && to.isBefore(from)) {
            throw ApiError.keyed("invalid_expiration_date_to", "expiration_date_to invalid.");
        }
        OffsetDateTime dateOfExpiration = date(request.get("date_of_expiration"),
                ApiError.keyed("invalid_date", "invalid date of expiration."));
        String operationType = operationType(request.get("operation_type"));
        BigDecimal marketplaceFee = marketplaceFee(request.get("marketplace_fee"), total);
        String externalReference = string(request, "external_reference", 256);
        String notificationUrl = string(request, "notification_url", 500);
        if (notificationUrl != null && !notificationUrl.isEmpty() && !isHttpUrl(notificationUrl)) {
            throw ApiError.keyed("bad_request", "invalid value for field notification_url. Must be a valid URL.");
        }
        String statementDescriptor = string(request, "statement_descriptor", 256);
        string(request, "additional_info", 600);
        string(request, "marketplace", 256);
        string(request, "purpose", 256);
        ofType(request, "metadata", JsonNode::isObject);
        ofType(request, "differential_pricing", JsonNode::isObject);
        ofType(request, "tracks", JsonNode::isArray);
        ofType(request, "taxes", JsonNode::isArray);
        processingModes(request.get("processing_modes"));
        return new PreferenceTerms(List.copyOf(items), items.get(0).currencyId(), total, marketplaceFee, expires, from,
                to, dateOfExpiration, autoReturn, backUrls[0], backUrls[1], backUrls[2], binaryMode,
                blankToNull(externalReference), blankToNull(notificationUrl), blankToNull(statementDescriptor),
                payerEmail, shippingCost, operationType, methods.excludedMethods(), methods.excludedTypes());
    }

    /** What the buyer pays on the checkout page: the items and, when given, the shipping cost. */
    public BigDecimal amountToPay() {
        return shippingCost == null ? totalAmount : totalAmount.add(shippingCost);
    }

    /**
     * Whether the checkout page refuses the preference at that instant: it expires and the instant is outside
     * {@code [expiration_date_from, expiration_date_to]}.
     *
     * @return {@code null} when it can be paid, else why not
     */
    public String unavailableAt(Instant now) {
        if (!expires) {
            return null;
        }
        if (expirationDateFrom != null && now.isBefore(expirationDateFrom.toInstant())) {
            return "This payment link is not active yet: it can be paid from "
                    + DATE_OUT.format(expirationDateFrom) + ".";
        }
        if (expirationDateTo != null && now.isAfter(expirationDateTo.toInstant())) {
            return "This payment link expired on " + DATE_OUT.format(expirationDateTo) + ".";
        }
        return null;
    }

    /** The back URL for a payment status ({@code null} when the integrator gave none). */
    public String backUrlFor(String paymentStatus) {
        return switch (paymentStatus) {
            case "approved" -> successUrl;
            case "pending", "in_process", "authorized" -> pendingUrl;
            default -> failureUrl;
        };
    }

    /** Whether {@code auto_return} sends the buyer back at once after a payment with that status. */
    public boolean returnsAutomatically(String paymentStatus) {
        if ("all".equals(autoReturn)) {
            return true;
        }
        return "approved".equals(autoReturn) && "approved".equals(paymentStatus);
    }

    /** Normalizes a date field for the resource, as Mercado Pago echoes dates with milliseconds. */
    static String formatDate(OffsetDateTime date) {
        return date == null ? null : DATE_OUT.format(date);
    }

    private static List<Item> items(JsonNode node, String siteCurrency) {
        if (absent(node) || node.isArray() && node.isEmpty()) {
            throw items("items needed.");
        }
        if (!node.isArray()) {
            throw items("items invalid. Wrong format");
        }
        List<Item> items = new ArrayList<>();
        String currency = null;
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw items("items invalid. Wrong format");
            }
            for (String field : List.of("id", "title", "description", "picture_url", "category_id")) {
                JsonNode value = item.get(field);
                if (!absent(value) && !value.isTextual()) {
                    throw items("items invalid. Wrong format");
                }
            }
            String itemCurrency = siteCurrency;
            JsonNode currencyNode = item.get("currency_id");
            if (!absent(currencyNode)) {
                if (!currencyNode.isTextual()) {
                    throw items("currency_id invalid.");
                }
                if (currencyNode.asText().isBlank()) {
                    throw items("currency_id needed.");
                }
                itemCurrency = currencyNode.asText();
                if (!itemCurrency.equals(siteCurrency)) {
                    throw items("currency_id invalid.");
                }
            }
            if (currency != null && !currency.equals(itemCurrency)) {
                throw items("currency_id invalid.");
            }
            currency = itemCurrency;
            JsonNode quantity = item.get("quantity");
            if (absent(quantity)) {
                throw items("quantity needed.");
            }
            if (!quantity.isNumber()) {
                throw items("quantity must be a number.");
            }
            BigDecimal quantityValue = quantity.decimalValue();
            if (quantityValue.signum() <= 0 || quantityValue.stripTrailingZeros().scale() > 0
                    || quantityValue.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw items("quantity invalid.");
            }
            JsonNode unitPrice = item.get("unit_price");
            if (absent(unitPrice)) {
                throw items("unit_price needed.");
            }
            if (!unitPrice.isNumber()) {
                throw items("unit_price must be a number.");
            }
            BigDecimal price = plain(unitPrice.decimalValue());
            if (price.signum() <= 0) {
                throw items("unit_price invalid.");
            }
            items.add(new Item(text(item, "id"), text(item, "title"), text(item, "description"),
                    quantityValue.intValueExact(), itemCurrency, price));
        }
        return items;
    }

    private static ApiError items(String message) {
        return ApiError.keyed("invalid_items", message);
    }

    private static String payer(JsonNode payer) {
        if (absent(payer)) {
            return null;
        }
        ApiError wrongFormat = ApiError.keyed("invalid_payer", "payer invalid. Wrong format");
        if (!payer.isObject()) {
            throw wrongFormat;
        }
        String name = payerText(payer, "name", wrongFormat);
        String surname = payerText(payer, "surname", wrongFormat);
        String email = payerText(payer, "email", wrongFormat);
        if (name != null && name.length() > 100) {
            throw ApiError.keyed("invalid_payer", "payer name invalid. Max length 100.");
        }
        if (surname != null && surname.length() > 100) {
            throw ApiError.keyed("invalid_payer", "payer surname invalid. Max length 100.");
        }
        if (email != null && email.length() > 150) {
            throw ApiError.keyed("invalid_payer", "payer email invalid. Max length 150.");
        }
        for (String part : List.of("phone", "identification", "address")) {
            JsonNode value = payer.get(part);
            if (absent(value)) {
                continue;
            }
            if (!value.isObject()) {
                throw wrongFormat;
            }
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                if (!field.getValue().isValueNode()) {
                    throw wrongFormat;
                }
            }
        }
        return email == null || email.isBlank() ? null : email;
    }

    private static String payerText(JsonNode payer, String field, ApiError wrongFormat) {
        JsonNode value = payer.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongFormat;
        }
        return value.asText();
    }

    private record PaymentMethods(Set<String> excludedMethods, Set<String> excludedTypes) {
    }

    private static PaymentMethods paymentMethods(JsonNode node) {
        if (absent(node)) {
            return new PaymentMethods(Set.of(), Set.of());
        }
        ApiError wrongFormat = ApiError.keyed("invalid_payment_methods", "payment_methods invalid. Wrong format");
        if (!node.isObject()) {
            throw wrongFormat;
        }
        Set<String> methods = excludedIds(node.get("excluded_payment_methods"), wrongFormat);
        Set<String> types = excludedIds(node.get("excluded_payment_types"), wrongFormat);
        if (methods.contains("account_money") || types.contains("account_money")) {
            throw ApiError.keyed("invalid_payment_methods",
                    "payment_methods invalid. account_money cannot be excluded.");
        }
        if (types.containsAll(EXCLUDABLE_PAYMENT_TYPES)) {
            throw ApiError.keyed("invalid_payment_methods",
                    "payment_methods invalid. Cannot exclude all payment methods.");
        }
        JsonNode defaultMethod = node.get("default_payment_method_id");
        if (!absent(defaultMethod) && !defaultMethod.isTextual()) {
            throw wrongFormat;
        }
        JsonNode installments = node.get("installments");
        if (!absent(installments)) {
            if (!installments.isNumber()) {
                throw ApiError.keyed("invalid_installments", "installments must be a number.");
            }
            if (!isWholeBetween(installments.decimalValue(), 1, 36)) {
                throw ApiError.keyed("invalid_payment_methods",
                        "installments invalid. Should be a number between 1 and 36.");
            }
        }
        JsonNode defaultInstallments = node.get("default_installments");
        if (!absent(defaultInstallments)) {
            if (!defaultInstallments.isNumber()) {
                throw ApiError.keyed("invalid_installments", "default_installments must be a number.");
            }
            if (!isWholeBetween(defaultInstallments.decimalValue(), 1, 36)) {
                throw ApiError.keyed("invalid_installments",
                        "default_installments invalid. Should be a number between 1 and 36.");
            }
        }
        return new PaymentMethods(methods, types);
    }

    /** The ids of an exclusion list; {@code {"id": ""}} entries (what the resource shows when empty) count as none. */
    private static Set<String> excludedIds(JsonNode list, ApiError wrongFormat) {
        Set<String> ids = new TreeSet<>();
        if (absent(list)) {
            return ids;
        }
        if (!list.isArray()) {
            throw wrongFormat;
        }
        for (JsonNode entry : list) {
            if (!entry.isObject()) {
                throw wrongFormat;
            }
            JsonNode id = entry.get("id");
            if (absent(id)) {
                continue;
            }
            if (!id.isTextual()) {
                throw wrongFormat;
            }
            if (!id.asText().isBlank()) {
                ids.add(id.asText().toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(ids);
    }

    private static BigDecimal shipments(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw invalidType("invalid_shipments", "shipments", node);
        }
        JsonNode mode = node.get("mode");
        if (!absent(mode)) {
            if (!mode.isTextual()) {
                throw invalidType("invalid_shipments", "shipments.mode", mode);
            }
            if (!SHIPPING_MODES.contains(mode.asText())) {
                throw ApiError.keyed("invalid_shipments",
                        "invalid value (" + mode.asText() + ") for field shipments.mode.");
            }
        }
        BigDecimal cost = null;
        JsonNode costNode = node.get("cost");
        if (!absent(costNode)) {
            if (!costNode.isNumber()) {
                throw invalidType("invalid_shipments", "shipments.cost", costNode);
            }
            cost = plain(costNode.decimalValue());
            if (cost.signum() < 0) {
                throw ApiError.keyed("invalid_shipments",
                        "invalid value (" + cost.toPlainString() + ") for field shipments.cost.");
            }
        }
        for (String flag : List.of("local_pickup", "free_shipping")) {
            JsonNode value = node.get(flag);
            if (!absent(value) && !value.isBoolean()) {
                throw invalidType("invalid_shipments", "shipments." + flag, value);
            }
        }
        JsonNode dimensions = node.get("dimensions");
        if (!absent(dimensions)) {
            if (!dimensions.isTextual()) {
                throw invalidType("invalid_shipments", "shipments.dimensions", dimensions);
            }
            if (!dimensions.asText().isEmpty() && !DIMENSIONS.matcher(dimensions.asText()).matches()) {
                throw ApiError.keyed("invalid_shipments",
                        "invalid value (" + dimensions.asText() + ") for field shipments.dimensions.");
            }
        }
        JsonNode freeMethods = node.get("free_methods");
        if (!absent(freeMethods)) {
            if (!freeMethods.isArray()) {
                throw invalidType("invalid_shipments", "shipments.free_methods", freeMethods);
            }
            for (JsonNode method : freeMethods) {
                if (!method.isObject()) {
                    throw invalidType("invalid_shipments", "shipments.free_methods", method);
                }
                JsonNode id = method.get("id");
                if (!absent(id) && !id.isNumber()) {
                    throw invalidType("invalid_shipments", "shipments.free_methods.id", id);
                }
            }
        }
        JsonNode address = node.get("receiver_address");
        if (!absent(address) && !address.isObject()) {
            throw invalidType("invalid_shipments", "shipments.receiver_address", address);
        }
        JsonNode defaultMethod = node.get("default_shipping_method");
        if (!absent(defaultMethod) && !defaultMethod.isNumber()) {
            throw invalidType("invalid_shipments", "shipments.default_shipping_method", defaultMethod);
        }
        return cost;
    }

    /** success, pending, failure; blank ones as {@code null}. */
    private static String[] backUrls(JsonNode node) {
        String[] urls = new String[3];
        if (absent(node)) {
            return urls;
        }
        ApiError wrongFormat = ApiError.keyed("invalid_back_urls", "back_urls invalid. Wrong format");
        if (!node.isObject()) {
            throw wrongFormat;
        }
        List<String> names = List.of("success", "pending", "failure");
        for (int i = 0; i < names.size(); i++) {
            JsonNode url = node.get(names.get(i));
            if (absent(url)) {
                continue;
            }
            if (!url.isTextual()) {
                throw wrongFormat;
            }
            String value = url.asText().trim();
            if (value.isEmpty()) {
                continue;
            }
            if (!isHttpUrl(value)) {
                throw wrongFormat;
            }
            urls[i] = value;
        }
        return urls;
    }

    private static String autoReturn(JsonNode node, String successUrl) {
        if (absent(node) || node.isTextual() && node.asText().isEmpty()) {
            return null;
        }
        if (!node.isTextual() || !Set.of("approved", "all").contains(node.asText())) {
            throw ApiError.keyed("invalid_auto_return", "auto_return invalid.");
        }
        if (successUrl == null) {
            throw ApiError.keyed("invalid_auto_return", "auto_return invalid. back_url.success must be defined");
        }
        return node.asText();
    }

    private static boolean binaryMode(JsonNode node) {
        if (absent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiError.keyed("invalid_binary_mode", "binary_mode must be boolean.");
        }
        return node.booleanValue();
    }

    private static String operationType(JsonNode node) {
        if (absent(node)) {
            return "regular_payment";
        }
        if (!node.isTextual() || !Set.of("regular_payment", "money_transfer").contains(node.asText())) {
            throw ApiError.keyed("invalid_operation_type", "operation_type invalid.");
        }
        return node.asText();
    }

    private static BigDecimal marketplaceFee(JsonNode node, BigDecimal total) {
        if (absent(node)) {
            return BigDecimal.ZERO;
        }
        if (!node.isNumber()) {
            throw ApiError.keyed("invalid_marketplace_fee", "marketplace_fee must be a number.");
        }
        BigDecimal fee = plain(node.decimalValue());
        if (fee.signum() < 0) {
            throw ApiError.keyed("invalid_marketplace_fee", "marketplace_fee must be a positive number.");
        }
        if (fee.compareTo(total) > 0) {
            throw ApiError.keyed("invalid_marketplace_fee", "marketplace_fee must not be greater than total amount.");
        }
        return fee;
    }

    private static void processingModes(JsonNode node) {
        if (absent(node)) {
            return;
        }
        if (!node.isArray()) {
            throw invalidType("bad_request", "processing_modes", node);
        }
        for (JsonNode mode : node) {
            if (!mode.isTextual()) {
                throw invalidType("bad_request", "processing_modes", mode);
            }
            if (!PROCESSING_MODES.contains(mode.asText())) {
                throw ApiError.keyed("bad_request",
                        "invalid value (" + mode.asText() + ") for field processing_modes.");
            }
        }
    }

    private static OffsetDateTime date(JsonNode node, ApiError invalid) {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid;
        }
        String text = node.asText().trim();
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text, DATE_BASIC_OFFSET);
            } catch (DateTimeParseException again) {
                throw invalid;
            }
        }
    }

    private static boolean bool(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (absent(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalidType("bad_request", field, value);
        }
        return value.booleanValue();
    }

    private static String string(JsonNode request, String field, int maxLength) {
        JsonNode value = request.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalidType("bad_request", field, value);
        }
        if (value.asText().length() > maxLength) {
            throw ApiError.keyed("bad_request", field + " invalid. Max length " + maxLength + ".");
        }
        return value.asText();
    }

    private static void ofType(JsonNode request, String field, java.util.function.Predicate<JsonNode> type) {
        JsonNode value = request.get(field);
        if (!absent(value) && !type.test(value)) {
            throw invalidType("bad_request", field, value);
        }
    }

    /** The form of type error the Preferences API documents ({@code invalid type (<type>) for field <field>.}). */
    static ApiError invalidType(String error, String field, JsonNode value) {
        return ApiError.keyed(error, "invalid type (" + typeName(value) + ") for field " + field + ".");
    }

    static String typeName(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            default -> "null";
        };
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static boolean isWholeBetween(BigDecimal value, int min, int max) {
        return value.stripTrailingZeros().scale() <= 0 && value.compareTo(BigDecimal.valueOf(min)) >= 0
                && value.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Without a negative scale, so amounts are written as plain numbers ({@code 1000}, not {@code 1E+3}). */
    static BigDecimal plain(BigDecimal value) {
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return absent(value) ? null : value.asText();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
