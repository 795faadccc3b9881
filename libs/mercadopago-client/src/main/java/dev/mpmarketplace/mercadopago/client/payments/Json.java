package dev.mpmarketplace.mercadopago.client.payments;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

import com.fasterxml.jackson.databind.JsonNode;

/** Lenient readers of Mercado Pago's JSON values (reference section 0: dates with or without millis and colon). */
final class Json {

    /** {@code 2026-01-10T10:10:10.000-04:00}, {@code ...-0400}, {@code ...Z}, with or without the fraction. */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
            .toFormatter();

    private Json() {
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    static Long longOrNull(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.canConvertToLong()) {
            return node.asLong();
        }
        String text = node.asText();
        return text.matches("\\d{1,18}") ? Long.valueOf(text) : null;
    }

    static BigDecimal decimal(JsonNode node) {
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

    static OffsetDateTime date(JsonNode node) {
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
