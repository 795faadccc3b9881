package dev.mpmarketplace.events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents 1.0 context attributes every record on every topic carries, in the Kafka protocol binding's
 * binary content mode: the attributes travel as {@code ce_*} headers and the record value is the event data
 * itself, so a consumer that ignores CloudEvents still reads plain JSON.
 *
 * @param id stable identity of the fact (see {@link StableEventId}); consumers de-duplicate on it
 * @param source the service that states the fact, see {@link EventSource}
 * @param type what the fact is, see {@link EventTypes}
 * @param subject the Mercado Pago user id of the seller the fact is about, or {@code null} when it is about none
 * @param time when the fact happened (for a raw notification: when it was received)
 * @param dataContentType the media type of the record value, normally {@code application/json}
 */
public record CloudEventAttributes(String id, URI source, String type, String subject, OffsetDateTime time,
        String dataContentType) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_SUBJECT = "ce_subject";
    public static final String HEADER_TIME = "ce_time";
    /** The binary-mode binding maps {@code datacontenttype} to the plain {@code content-type} header. */
    public static final String HEADER_CONTENT_TYPE = "content-type";

    public CloudEventAttributes {
        requireText(id, "id");
        Objects.requireNonNull(source, "source");
        requireText(type, "type");
        Objects.requireNonNull(time, "time");
        requireText(dataContentType, "datacontenttype");
    }

    /** Writes the attributes as binary-mode headers, replacing any earlier value of the same header. */
    public Headers writeTo(Headers headers) {
        put(headers, HEADER_SPEC_VERSION, SPEC_VERSION);
        put(headers, HEADER_ID, id);
        put(headers, HEADER_SOURCE, source.toString());
        put(headers, HEADER_TYPE, type);
        if (subject != null) {
            put(headers, HEADER_SUBJECT, subject);
        }
        put(headers, HEADER_TIME, time.toString());
        put(headers, HEADER_CONTENT_TYPE, dataContentType);
        return headers;
    }

    /**
     * Reads the attributes of a binary-mode record.
     *
     * @throws MalformedCloudEventException when a required attribute is missing or invalid, or the spec version
     *         is not 1.0; consumers send such a record to their dead-letter topic
     */
    public static CloudEventAttributes readFrom(Headers headers) {
        String specVersion = last(headers, HEADER_SPEC_VERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new MalformedCloudEventException(
                    "unsupported or missing " + HEADER_SPEC_VERSION + ": " + specVersion);
        }
        try {
            return new CloudEventAttributes(
                    last(headers, HEADER_ID),
                    URI.create(required(headers, HEADER_SOURCE)),
                    last(headers, HEADER_TYPE),
                    last(headers, HEADER_SUBJECT),
                    OffsetDateTime.parse(required(headers, HEADER_TIME)),
                    last(headers, HEADER_CONTENT_TYPE));
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            throw new MalformedCloudEventException(e.getMessage());
        }
    }

    private static String required(Headers headers, String name) {
        String value = last(headers, name);
        if (value == null) {
            throw new MalformedCloudEventException("missing header " + name);
        }
        return value;
    }

    private static String last(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void requireText(String value, String attribute) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("CloudEvents attribute " + attribute + " is required");
        }
    }

    /** A record whose headers do not make a valid CloudEvent. */
    public static final class MalformedCloudEventException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedCloudEventException(String message) {
            super("malformed CloudEvent: " + message);
        }
    }
}
