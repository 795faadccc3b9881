package dev.mpmarketplace.sandbox.mercadopago.customers;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;

/**
 * The fields of a create or update customer request, validated with the Customers API's codes (103-118). A
 * {@code null} field was not sent (or sent as JSON {@code null}), so an update leaves it as it was.
 */
final class CustomerInput {

    /** Longest text the sandbox accepts in any customer field (Mercado Pago's limits are not documented). */
    static final int MAX_TEXT = 256;
    /** RFC 5321's limit on an address. */
    static final int MAX_EMAIL = 254;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final Pattern AREA_CODE = Pattern.compile("^[0-9]{1,5}$");
    private static final Pattern PHONE_NUMBER = Pattern.compile("^[0-9][0-9 -]{0,19}$");
    private static final Pattern ID_NUMBER = Pattern.compile("^[0-9A-Za-z.\\-/]{1,20}$");
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]XX"));

    String email;
    String firstName;
    String lastName;
    String phoneAreaCode;
    String phoneNumber;
    String identificationType;
    String identificationNumber;
    boolean hasAddress;
    String zipCode;
    String streetName;
    String streetNumber;
    String cityName;
    Instant dateRegistered;
    String description;
    JsonNode metadata;
    String defaultAddress;
    String defaultCard;

    private CustomerInput() {
    }

    /**
     * Reads and validates a request body.
     *
     * @param emailRequired whether a missing e-mail is an error (create) or means "unchanged" (update)
     * @throws ApiError 400 with the first problem found
     */
    static CustomerInput parse(ObjectNode body, boolean emailRequired) {
        CustomerInput input = new CustomerInput();
        input.email = string(body, "email", "email", 106, MAX_EMAIL);
        if (input.email == null && emailRequired) {
            throw CustomerErrors.invalidEmail();
        }
        if (input.email != null && !EMAIL.matcher(input.email).matches()) {
            throw CustomerErrors.invalidEmail();
        }
        input.firstName = string(body, "first_name", "first_name", 107, MAX_TEXT);
        input.lastName = string(body, "last_name", "last_name", 108, MAX_TEXT);

        JsonNode phone = object(body, "phone");
        if (phone != null) {
            input.phoneAreaCode = digits(phone, "phone.area_code", "area_code", 109, AREA_CODE);
            input.phoneNumber = digits(phone, "phone.number", "number", 110, PHONE_NUMBER);
        }
        JsonNode identification = object(body, "identification");
        if (identification != null) {
            input.identificationType = string(identification, "type", "identification.type", 111, MAX_TEXT);
            input.identificationNumber = digits(identification, "identification.number", "number", 112,
                    ID_NUMBER);
            checkDocument(input.identificationType, input.identificationNumber);
        }
        JsonNode address = object(body, "address");
        if (address != null) {
            input.hasAddress = true;
            input.zipCode = scalar(address, "zip_code", "address.zip_code", 113, MAX_TEXT);
            input.streetName = string(address, "street_name", "address.street_name", 114, MAX_TEXT);
            input.streetNumber = scalar(address, "street_number", "address.street_number", 125, MAX_TEXT);
            JsonNode city = address.get("city");
            if (city != null && city.isObject() && city.path("name").isTextual()) {
                input.cityName = city.get("name").asText();
            }
        }
        input.dateRegistered = date(body, "date_registered");
        input.description = string(body, "description", "description", 116, MAX_TEXT);
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw CustomerErrors.badRequest(117, "the metadata is invalid.");
            }
            input.metadata = metadata;
        }
        input.defaultAddress = scalar(body, "default_address", "default_address", 125, MAX_TEXT);
        input.defaultCard = scalar(body, "default_card", "default_card", 125, MAX_TEXT);
        return input;
    }

    /** A JSON string field; numbers and other types are the field's error. */
    private static String string(JsonNode node, String field, String label, int code, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(label, code);
        }
        return limited(value.asText(), label, max);
    }

    /** A string or a number given as text (Mercado Pago's own examples send both for these fields). */
    private static String scalar(JsonNode node, String field, String label, int code, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw invalid(label, code);
        }
        return limited(value.asText(), label, max);
    }

    private static String digits(JsonNode node, String name, String field, int code, Pattern pattern) {
        String value = scalar(node, field, name, code, MAX_TEXT);
        if (value != null && !pattern.matcher(value).matches()) {
            throw CustomerErrors.badRequest(code, "the " + name + " is invalid.");
        }
        return value;
    }

    /** Brazilian documents have fixed lengths; other types are only checked for their characters. */
    private static void checkDocument(String type, String number) {
        if (type == null || number == null) {
            return;
        }
        int length = switch (type.toUpperCase(Locale.ROOT)) {
            case "CPF" -> 11;
            case "CNPJ" -> 14;
            default -> -1;
        };
        if (length > 0 && !(number.length() == length && number.chars().allMatch(Character::isDigit))) {
            throw CustomerErrors.badRequest(112, "the identification.number is invalid.");
        }
    }

    private static JsonNode object(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw CustomerErrors.objectExpected(field);
        }
        return value;
    }

    private static Instant date(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            for (DateTimeFormatter format : DATE_FORMATS) {
                try {
                    return OffsetDateTime.parse(value.asText(), format).toInstant();
                } catch (DateTimeParseException e) {
                    // Try the next accepted format.
                }
            }
        }
        throw CustomerErrors.badRequest(115, "the date_registered format is invalid.");
    }

    private static String limited(String value, String field, int max) {
        if (value.length() > max) {
            throw CustomerErrors.tooLong(field);
        }
        return value;
    }

    private static ApiError invalid(String field, int code) {
        return switch (code) {
            case 106 -> CustomerErrors.invalidEmail();
            case 125 -> CustomerErrors.invalidParameters(field);
            default -> CustomerErrors.badRequest(code, "the " + field + " is invalid.");
        };
    }
}
