package dev.mpmarketplace.mercadopago.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Lenient readers of Mercado Pago's and Mercado Libre's JSON values (reference section 0: dates with or without millis
 * and colon; ids as numbers or digits; amounts as numbers or text), for the typed answers of every API package.
 */
public final class MercadoPagoJson {

    /** {@code 2026-01-10T10:10:10.000-04:00}, {@code ...-0400}, {@code ...Z}, with or without the fraction. */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
            .toFormatter();

    /** Decimals exactly as written ({@code 100.10} stays {@code 100.10}). */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private MercadoPagoJson() {
    }

    /**
     * Reads an answer's JSON text, decimals exact.
     *
     * @throws MercadoPagoException of kind {@code INVALID_RESPONSE} when it is not JSON
     */
    public static JsonNode read(String operation, String json) {
        try {
            return EXACT.readTree(json == null ? "" : json);
        } catch (IOException e) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not JSON", e);
        }
    }

    /**
     * An answer's JSON object, decimals exact.
     *
     * @throws MercadoPagoException of kind {@code INVALID_RESPONSE} when the text is not a JSON object
     */
    public static JsonNode object(String operation, String json) {
        JsonNode node;
        try {
            node = json == null ? null : EXACT.readTree(json);
        } catch (IOException e) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not a JSON object", null);
        }
        return node;
    }

    /** The texts of an array of strings; empty when absent or not an array (nulls skipped). */
    public static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                if (element != null && !element.isNull()) {
                    texts.add(element.asText());
                }
            }
        }
        return texts;
    }

    /** A whole number, as a number or as text; {@code null} when absent or not one. */
    public static Integer intOrNull(JsonNode node) {
        Long value = longOrNull(node);
        return value == null || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE ? null : value.intValue();
    }

    /** A boolean, {@code null} when absent or not one. */
    public static Boolean bool(JsonNode node) {
        return node != null && node.isBoolean() ? node.booleanValue() : null;
    }

    /** The value as text; {@code null} when absent or JSON {@code null}. */
    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    /** An id or count, as a number or as digits; {@code null} when absent or not one. */
    public static Long longOrNull(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.canConvertToLong()) {
            return node.asLong();
        }
        String text = node.asText();
        return text.matches("\\d{1,18}") ? Long.valueOf(text) : null;
    }

    /** An amount, exact, as a number or as text; {@code null} when absent or not one. */
    public static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        try {
            return new BigDecimal(node.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A date-time with its offset as written; {@code null} when absent or not one. */
    public static OffsetDateTime date(JsonNode node) {
        String text = text(node);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
