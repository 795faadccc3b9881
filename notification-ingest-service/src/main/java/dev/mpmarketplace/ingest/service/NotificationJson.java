package dev.mpmarketplace.ingest.service;

import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.notification.NotificationBody;
import dev.mpmarketplace.events.notification.SellerIds;

/**
 * Reads the few fields the service needs from a notification body. The body itself is published exactly as received;
 * this only reads it, as every consumer will ({@link NotificationBody}: lenient where providers are known to be sloppy,
 * leading zeros in numbers as in the Point documentation's example; strict about the shape, one JSON object without
 * duplicate keys).
 */
public final class NotificationJson {

    /** A provider topic name: letters, digits, {@code _ . -}; bounded, since it becomes a type and a metric tag. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_ID_LENGTH = 256;

    private NotificationJson() {
    }

    /**
     * Checks the media type and parses the body as one JSON object.
     *
     * @param contentType the {@code Content-Type} header, or {@code null}: an absent type is read as JSON
     * @throws NotificationRejectedException 415 for a media type other than JSON, 400 for an empty or malformed body
     */
    public static JsonNode parseObject(byte[] body, String contentType) {
        requireJsonMediaType(contentType);
        try {
            return NotificationBody.parseObject(body);
        } catch (NotificationBody.MalformedBodyException e) {
            throw new NotificationRejectedException(Rejection.MALFORMED_JSON, "the body " + e.getMessage());
        }
    }

    /** Refuses a media type other than {@code application/json} or {@code application/*+json} with 415. */
    public static void requireJsonMediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw new NotificationRejectedException(Rejection.UNSUPPORTED_MEDIA_TYPE,
                    "notifications are JSON (application/json), not " + type);
        }
    }

    /**
     * The text of a string or number field on the given path, or {@code null} when absent, null, empty or of another
     * kind (ids are strings or numbers depending on the provider and the topic).
     */
    public static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String field : path) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(field);
        }
        if (current == null || !(current.isTextual() || current.isIntegralNumber())) {
            return null;
        }
        String text = current.asText();
        return text.isBlank() ? null : text;
    }

    /** A required id-like value, bounded and without control characters (it becomes part of the record key). */
    public static String requireId(String value, String field) {
        if (value == null) {
            throw new NotificationRejectedException(Rejection.MISSING_FIELD, "the notification has no " + field);
        }
        return checkId(value, field);
    }

    /** An optional id-like value, checked as {@link #requireId} when present. */
    public static String optionalId(String value, String field) {
        return value == null ? null : checkId(value, field);
    }

    /**
     * A required seller user id, which becomes part of the record key: a JSON integer or a string of decimal digits
     * of a positive {@code long} ({@link SellerIds}; a JSON number with leading zeros reads as the number).
     *
     * @throws NotificationRejectedException 400 {@code missing-field} when absent, {@code invalid-field} when it is
     *         anything else (text, a fraction, a sign, a separator, an object)
     */
    public static long requireSellerId(JsonNode node, String field) {
        Long sellerId = optionalSellerId(node, field);
        if (sellerId == null) {
            throw new NotificationRejectedException(Rejection.MISSING_FIELD, "the notification has no " + field);
        }
        return sellerId;
    }

    /** An optional seller user id: {@code null} when the field is absent or null, else checked as required. */
    public static Long optionalSellerId(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        Long sellerId = value.isIntegralNumber() || value.isTextual() ? SellerIds.parse(value.asText()) : null;
        if (sellerId == null) {
            throw new NotificationRejectedException(Rejection.INVALID_FIELD,
                    field + " must be a user id: digits only, positive");
        }
        return sellerId;
    }

    /**
     * The signed {@code data.id} of a Mercado Pago Webhooks query: required, checked as {@link #requireId}, and
     * without {@code ;} or {@code :}, the separators of the signature manifest ({@code id:<data.id>;request-id:...}):
     * with them, an id could carry another manifest's request id, and a captured signature would verify for a
     * resource it never named.
     */
    public static String requireSignedDataId(String value) {
        String dataId = requireId(value == null || value.isEmpty() ? null : value, "data.id");
        if (dataId.indexOf(';') >= 0 || dataId.indexOf(':') >= 0) {
            throw new NotificationRejectedException(Rejection.INVALID_FIELD, "data.id must not contain ';' or ':'");
        }
        return dataId;
    }

    /** A required provider topic name. */
    public static String requireTopic(String value, String field) {
        if (value == null) {
            throw new NotificationRejectedException(Rejection.MISSING_FIELD, "the notification has no " + field);
        }
        if (!TOPIC_NAME.matcher(value).matches()) {
            throw new NotificationRejectedException(Rejection.INVALID_FIELD,
                    field + " must be letters, digits, '_', '.' or '-' (at most 64)");
        }
        return value;
    }

    private static String checkId(String value, String field) {
        if (value.length() > MAX_ID_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw new NotificationRejectedException(Rejection.INVALID_FIELD,
                    field + " must be at most " + MAX_ID_LENGTH + " characters without control characters");
        }
        return value;
    }
}
