package dev.mpmarketplace.sandbox.mercadopago.http;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The sandbox's own JSON handling (independent of the services' configuration on purpose): the mapper, Mercado
 * Pago's timestamp format, and body parsing that turns bad input into the documented error instead of a 500.
 */
public final class SandboxJson {

    /** Mapper for wire JSON and for the state file: fields, not getters, so state classes stay plain. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * Mercado Pago's timestamps: millisecond precision with the offset of the account's site (the sandbox uses
     * -04:00, as the documentation's examples), e.g. {@code 2022-01-10T10:10:10.000-04:00}.
     */
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.ofHours(-4));

    private SandboxJson() {
    }

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** {@link #timestamp}, or {@code null} for no instant (a resource's date not reached yet). */
    public static String timestampOrNull(Instant instant) {
        return instant == null ? null : TIMESTAMP.format(instant);
    }

    /**
     * Parses a request body that must be a JSON object.
     *
     * @param allowEmpty whether an absent or empty body counts as {@code {}}
     * @throws ApiError 400 for anything else
     */
    public static ObjectNode object(String body, boolean allowEmpty) {
        if (body == null || body.isBlank()) {
            if (allowEmpty) {
                return MAPPER.createObjectNode();
            }
            throw ApiError.malformedJson();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // Reported below without quoting the body, which may hold card data.
        }
        throw ApiError.malformedJson();
    }

    /** The text of a field, or {@code null} when absent or JSON null; numbers are accepted and given as text. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : null;
    }

    /** A decimal field, or {@code null} when absent; a present non-number gives {@code invalid}. */
    public static BigDecimal decimal(JsonNode node, String field, ApiError invalid) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid;
        }
        return value.decimalValue();
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sandbox state is not serializable", e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sandbox state is not serializable", e);
        }
    }
}
