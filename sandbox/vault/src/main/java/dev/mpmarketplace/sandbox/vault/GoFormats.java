package dev.mpmarketplace.sandbox.vault;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The textual formats Vault's Go code reads and writes, so that values look exactly as a real server renders them:
 * timestamps ({@code time.RFC3339Nano}), durations ({@code time.Duration.String()}) and the lenient ("weak") decoding
 * Vault's request framework applies to field values.
 */
final class GoFormats {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private GoFormats() {
    }

    /**
     * Go's {@code time.RFC3339Nano} layout in UTC, as Vault prints {@code created_time}: the fraction drops its
     * trailing zeros and disappears when zero, e.g. {@code 2018-03-22T02:24:06.945319214Z}. {@code null} (a time
     * that is not set) is the empty string, as in Vault's {@code deletion_time}.
     */
    static String timestamp(Instant instant) {
        if (instant == null) {
            return "";
        }
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d",
                utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(), utc.getHour(), utc.getMinute(),
                utc.getSecond()));
        int nanos = instant.getNano();
        if (nanos != 0) {
            String fraction = String.format(Locale.ROOT, "%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(fraction, 0, end);
        }
        return text.append('Z').toString();
    }

    /** Go's {@code time.Duration.String()} for whole seconds: {@code 0s}, {@code 1m30s}, {@code 1h0m0s}. */
    static String duration(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        if (seconds < 0) {
            text.append('-');
            seconds = -seconds;
        }
        long hours = seconds / 3600;
        long minutes = (seconds % 3600) / 60;
        long secs = seconds % 60;
        if (hours > 0) {
            text.append(hours).append('h').append(minutes).append('m');
        } else if (minutes > 0) {
            text.append(minutes).append('m');
        }
        return text.append(secs).append('s').toString();
    }

    /**
     * A {@code TypeDurationSecond} field: a number of seconds, or a string that is either a number of seconds or a
     * Go duration such as {@code 1h30m} (Vault also accepts a {@code d} unit for days).
     */
    static long durationSeconds(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.isNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.isEmpty()) {
                return 0;
            }
            if (INTEGER.matcher(text).matches()) {
                return Long.parseLong(text);
            }
            boolean negative = text.startsWith("-");
            String body = negative || text.startsWith("+") ? text.substring(1) : text;
            Matcher part = DURATION_PART.matcher(body);
            BigDecimal nanos = BigDecimal.ZERO;
            int position = 0;
            while (position < body.length() && part.find(position) && part.start() == position) {
                nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitNanos(part.group(2)))));
                position = part.end();
            }
            if (position == body.length() && position > 0) {
                long seconds = nanos.divideToIntegralValue(BigDecimal.valueOf(1_000_000_000L)).longValue();
                return negative ? -seconds : seconds;
            }
        }
        throw conversionError(value, field, "time: invalid duration");
    }

    /** A {@code TypeInt} field, which Vault decodes weakly: numbers, numeric strings and booleans. */
    static long weakInt(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return (long) value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? 1 : 0;
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.isEmpty()) {
                return 0;
            }
            if (INTEGER.matcher(text).matches()) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw conversionError(value, field, "value out of range");
                }
            }
        }
        throw conversionError(value, field, "cannot parse as an integer");
    }

    /** A {@code TypeBool} field: booleans, and the strings and numbers Go's {@code strconv.ParseBool} accepts. */
    static boolean weakBool(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.asDouble() != 0;
        }
        if (value.isTextual()) {
            Boolean parsed = parseBool(value.asText());
            if (parsed != null) {
                return parsed;
            }
        }
        throw conversionError(value, field, "cannot parse as a boolean");
    }

    /** Go's {@code strconv.ParseBool}; {@code null} when the text is not one of its spellings. */
    static Boolean parseBool(String text) {
        switch (text) {
            case "1", "t", "T", "TRUE", "true", "True" :
                return true;
            case "0", "f", "F", "FALSE", "false", "False" :
                return false;
            default :
                return null;
        }
    }

    /** A {@code TypeCommaIntSlice} field: a list of numbers, or a comma-separated string of them, or one number. */
    static List<Long> commaIntSlice(JsonNode value, String field) {
        List<Long> numbers = new ArrayList<>();
        if (value == null || value.isNull()) {
            return numbers;
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                numbers.add(weakInt(element, field));
            }
            return numbers;
        }
        if (value.isTextual()) {
            for (String part : value.asText().split(",")) {
                if (!part.isBlank()) {
                    numbers.add(weakInt(TextNode.valueOf(part.trim()), field));
                }
            }
            return numbers;
        }
        numbers.add(weakInt(value, field));
        return numbers;
    }

    /** The value is named by its JSON type only: it may be part of a secret. */
    private static VaultApiException conversionError(JsonNode value, String field, String reason) {
        return VaultApiException
                .badRequest("error converting input " + value.getNodeType().name().toLowerCase(Locale.ROOT)
                        + " for field \"" + field + "\": " + reason);
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
    }
}
