package dev.mpmarketplace.mercadopago.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Lenient readers of Mercado Pago's JSON values (reference section 0: dates with or without millis and colon, ids as
 * numbers or digit strings), shared by the answers of every API package.
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

    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

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
