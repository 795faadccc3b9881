package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.customers.SavedCard;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * Card tokenization ({@code POST /v1/card_tokens}) as MercadoPago.js calls it: a full card, or a saved card's id plus
 * its CVV. Validation errors carry the card-token cause codes Mercado Pago documents for this call ("Manejo de
 * respuestas para la creación de pagos y card tokens": {@code 205}, {@code 208}, {@code 209}, {@code 212},
 * {@code 214}, {@code 221}, {@code 224}, {@code E301}, {@code E302}, {@code 316}, {@code 322}, {@code 324},
 * {@code 325}, {@code 326}), as strings since some are not numbers.
 */
final class CardTokens {

    /** Tokens are due 7 days after creation ({@code date_due}) and can be used once. */
    static final Duration LIFETIME = Duration.ofDays(7);

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern NAME = Pattern.compile("[\\p{L}][\\p{L} .'\\-]{0,99}");
    private static final Pattern DOCUMENT_NUMBER = Pattern.compile("[0-9A-Za-z.\\-]{1,20}");
    private static final Set<String> DOCUMENT_TYPES = Set.of("CPF", "CNPJ", "DNI", "CI", "LC", "LE", "CUIT", "CUIL",
            "RUT", "RUC", "CC", "CE", "NIT", "PASAPORTE", "PASSPORT", "OTRO", "RFC", "CURP");

    private final SandboxContext context;

    CardTokens(SandboxContext context) {
        this.context = context;
    }

    /** A full card, validated; the number and CVV are dropped right here, only their shape is kept. */
    record CardData(String firstSixDigits, String lastFourDigits, int numberLength, CardBrands.Brand brand,
            int expirationMonth, int expirationYear, String cardholderName, String identificationType,
            String identificationNumber) {
    }

    /**
     * Validates a full-card request without touching state (the clock only).
     *
     * @throws ApiError 400 with the card-token cause code of the first problem
     */
    CardData validateCard(ObjectNode request) {
        String number = requiredText(request, "card_number", "205", "parameter cardNumber can not be null/empty");
        number = number.replace(" ", "");
        CardBrands.Brand brand = DIGITS.matcher(number).matches() ? CardBrands.of(number) : null;
        if (!DIGITS.matcher(number).matches() || number.length() < 13 || number.length() > 19
                || !CardBrands.luhn(number) || ("amex".equals(brand == null ? null : brand.paymentMethodId())
                        && number.length() != 15)) {
            throw error("E301", "invalid parameter cardNumber");
        }
        int month = expirationPart(request, "expiration_month", "208", "325", "cardExpirationMonth");
        int year = expirationPart(request, "expiration_year", "209", "326", "cardExpirationYear");
        if (month < 1 || month > 12) {
            throw error("325", "invalid parameter cardExpirationMonth");
        }
        if (year < 1000 || year > 9999) {
            throw error("326", "invalid parameter cardExpirationYear");
        }
        YearMonth now = YearMonth.from(context.clock().instant().atZone(ZoneOffset.UTC));
        if (year < now.getYear()) {
            throw error("326", "invalid parameter cardExpirationYear: the card has expired");
        }
        if (YearMonth.of(year, month).isBefore(now)) {
            throw error("325", "invalid parameter cardExpirationMonth: the card has expired");
        }
        int cvvLength = brand == null ? 3 : brand.securityCodeLength();
        securityCode(request, cvvLength);
        JsonNode cardholder = request.get("cardholder");
        if (cardholder != null && !cardholder.isNull() && !cardholder.isObject()) {
            throw error("221", "parameter cardholderName can not be null/empty");
        }
        String name = cardholder == null ? null : SandboxJson.text(cardholder, "name");
        if (name == null || name.isBlank()) {
            throw error("221", "parameter cardholderName can not be null/empty");
        }
        name = name.trim();
        if (!NAME.matcher(name).matches()) {
            throw error("316", "invalid parameter cardholderName");
        }
        String[] document = identification(cardholder.get("identification"));
        return new CardData(number.substring(0, 6), number.substring(number.length() - 4), number.length(), brand,
                month, year, name, document[0], document[1]);
    }

    /** Creates the token of a validated full card for a seller. */
    CardToken create(SandboxState state, long userId, String publicKey, CardData card) {
        CardToken token = newToken(userId, publicKey);
        token.firstSixDigits = card.firstSixDigits();
        token.lastFourDigits = card.lastFourDigits();
        token.cardNumberLength = card.numberLength();
        token.expirationMonth = card.expirationMonth();
        token.expirationYear = card.expirationYear();
        token.cardholderName = card.cardholderName();
        token.identificationType = card.identificationType();
        token.identificationNumber = card.identificationNumber();
        if (card.brand() != null) {
            token.paymentMethodId = card.brand().paymentMethodId();
            token.paymentTypeId = card.brand().paymentTypeId();
            token.issuerId = card.brand().issuerId();
        }
        token.securityCodeLength = card.brand() == null ? 3 : card.brand().securityCodeLength();
        token.luhnValidation = true;
        state.payments.cardTokens.put(token.id, token);
        return token;
    }

    /**
     * Creates a token from a card saved on one of the seller's customers ({@code card_id} + {@code security_code},
     * optionally {@code customer_id}).
     *
     * @throws ApiError 400 {@code 2010} for a card that is not the seller's (or not that customer's); the CVV codes
     */
    CardToken createFromSavedCard(SandboxState state, long userId, String publicKey, ObjectNode request) {
        String cardId = SandboxJson.text(request, "card_id");
        String customerId = SandboxJson.text(request, "customer_id");
        SavedCard card = state.customers.findCard(userId, cardId);
        if (card == null || (customerId != null && !customerId.equals(card.customerId))) {
            throw error("2010", "Card not found");
        }
        int cvvLength = CardBrands.securityCodeLength(card.paymentMethodId);
        securityCode(request, cvvLength);
        CardToken token = newToken(userId, publicKey);
        token.cardId = card.id;
        token.customerId = card.customerId;
        token.firstSixDigits = card.firstSixDigits;
        token.lastFourDigits = card.lastFourDigits;
        token.expirationMonth = card.expirationMonth;
        token.expirationYear = card.expirationYear;
        token.cardholderName = card.cardholderName;
        token.identificationType = card.identificationType;
        token.identificationNumber = card.identificationNumber;
        token.paymentMethodId = card.paymentMethodId;
        token.paymentTypeId = card.paymentTypeId;
        token.issuerId = card.issuerId;
        token.securityCodeLength = cvvLength;
        token.luhnValidation = false;
        state.payments.cardTokens.put(token.id, token);
        return token;
    }

    private CardToken newToken(long userId, String publicKey) {
        Instant now = context.clock().instant();
        CardToken token = new CardToken();
        token.id = context.randomHex(32);
        token.userId = userId;
        token.publicKey = publicKey;
        token.securityCodeProvided = true;
        token.dateCreated = now;
        token.expiresAt = now.plus(LIFETIME);
        return token;
    }

    /** Whether the token is past its {@code date_due}. */
    static boolean expired(CardToken token, Instant now) {
        return token.expiresAt != null && !now.isBefore(token.expiresAt);
    }

    private static void securityCode(ObjectNode request, int length) {
        String cvv = requiredText(request, "security_code", "224", "parameter securityCode can not be null/empty");
        if (!DIGITS.matcher(cvv).matches() || cvv.length() != length) {
            throw error("E302", "invalid parameter securityCode: " + length + " digits expected");
        }
    }

    private static int expirationPart(ObjectNode request, String field, String missingCode, String invalidCode,
            String parameter) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            throw error(missingCode, "parameter " + parameter + " can not be null/empty");
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual() && DIGITS.matcher(value.asText().trim()).matches()
                && value.asText().trim().length() <= 4) {
            return Integer.parseInt(value.asText().trim());
        }
        throw error(invalidCode, "invalid parameter " + parameter);
    }

    /** {type, number}, both {@code null} when absent or empty (MercadoPago.js sends {@code {}}). */
    private static String[] identification(JsonNode identification) {
        if (identification == null || identification.isNull()) {
            return new String[2];
        }
        if (!identification.isObject()) {
            throw error("322", "invalid parameter docType");
        }
        String type = SandboxJson.text(identification, "type");
        String number = SandboxJson.text(identification, "number");
        type = type == null || type.isBlank() ? null : type.trim();
        number = number == null || number.isBlank() ? null : number.trim();
        if (type == null && number == null) {
            return new String[2];
        }
        if (type == null) {
            throw error("212", "parameter docType can not be null/empty");
        }
        if (number == null) {
            throw error("214", "parameter docNumber can not be null/empty");
        }
        String upper = type.toUpperCase(Locale.ROOT);
        if (!DOCUMENT_TYPES.contains(upper)) {
            throw error("322", "invalid parameter docType");
        }
        boolean valid = switch (upper) {
            case "CPF" -> number.length() == 11 && DIGITS.matcher(number).matches();
            case "CNPJ" -> number.length() == 14 && DIGITS.matcher(number).matches();
            default -> DOCUMENT_NUMBER.matcher(number).matches();
        };
        if (!valid) {
            throw error("324", "invalid parameter docNumber");
        }
        return new String[]{type, number};
    }

    private static String requiredText(ObjectNode request, String field, String code, String message) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
            throw error(code, message);
        }
        return value.asText().trim();
    }

    static ApiError error(String code, String message) {
        return new ApiError(400, "bad_request", message, List.of(new ApiError.Cause(code, message)));
    }
}
