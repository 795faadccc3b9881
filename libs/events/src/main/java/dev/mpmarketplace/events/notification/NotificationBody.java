package dev.mpmarketplace.events.notification;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a notification body is read, the same at the edge and in every consumer: exactly one JSON object, duplicate
 * keys refused (two readers could pick different values), leading zeros in numbers tolerated (the Point
 * documentation's own example has one).
 */
public final class NotificationBody {

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private NotificationBody() {
    }

    /**
     * Parses a body that must be exactly one JSON object.
     *
     * @throws MalformedBodyException when it is empty, not JSON, not an object, has a duplicate key or has anything
     *         after the object; the message says which, never what the body contains
     */
    public static ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedBodyException("is empty");
        }
        JsonNode node;
        try (JsonParser parser = READER.createParser(body)) {
            node = READER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new MalformedBodyException("has content after its JSON object");
            }
        } catch (IOException e) {
            throw new MalformedBodyException("is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedBodyException("is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** A body that is not exactly one JSON object. The message completes "the body ...". */
    public static final class MalformedBodyException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        MalformedBodyException(String message) {
            super(message, null, false, false);
        }
    }
}
