package dev.mpmarketplace.ingest.service;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads the few fields the service needs from a notification body. The body itself is published exactly as received;
 * this only reads it. Lenient where providers are known to be sloppy (leading zeros in numbers, as in the Point
 * documentation's example), strict about the shape: the body must be one JSON object.
 */
public final class NotificationJson {

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

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
        if (body == null || body.length == 0) {
            throw new NotificationRejectedException(Rejection.MALFORMED_JSON, "the request has no body");
        }
        JsonNode node;
        try (JsonParser parser = READER.createParser(body)) {
            node = READER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new NotificationRejectedException(Rejection.MALFORMED_JSON,
                        "the body has content after its JSON object");
            }
        } catch (IOException e) {
            throw new NotificationRejectedException(Rejection.MALFORMED_JSON, "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new NotificationRejectedException(Rejection.MALFORMED_JSON, "the body is not a JSON object");
        }
        return node;
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
