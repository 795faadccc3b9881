package dev.mpmarketplace.sandbox.launcher.fuzz;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Values for an OpenAPI schema: a valid-looking one (respecting types, formats, enums and bounds, and using the run's
 * known ids where a name asks for one), and the hostile variants of strings, numbers and path segments the fuzzer
 * sends. Every random choice comes from the one seeded {@link Random}, so a seed repeats a run.
 */
final class FuzzInputs {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Long enough to pass any sane limit of a field; short enough to send thousands of. */
    static final int OVERSIZED = 70_000;

    /** Strings that break naive code: right-to-left override, combining marks, astral plane, NUL, quotes, markup. */
    private static final List<String> UNICODE = List.of(
            "\u00f1and\u00fa \u20ac \u4e2d\u6587 \ud83d\ude00", "\u202eevil\u202c", "a\u0000b", "e\u0301\u0301\u0301",
            "\"'<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "%s%n%x", "\ufeff\ufffe\uffff",
            "\ud800", "\\u0000\\", "\r\nX-Injected: 1");

    /** Numbers around every edge: signs, zero, fractions where an integer is wanted, past long and double. */
    private static final List<JsonNode> NUMBERS = List.of(NODES.numberNode(-1), NODES.numberNode(0),
            NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(0.001),
            NODES.numberNode(-0.5), NODES.numberNode(1e308), NODES.numberNode(new BigInteger("9".repeat(40))),
            NODES.numberNode(Integer.MAX_VALUE + 1L), NODES.numberNode(new java.math.BigDecimal("1e-400")));

    /** Path segments: beyond long, negative, not numbers, traversal, encoded NUL and separators, very long. */
    static final List<String> PATH_SEGMENTS = List.of("0", "-1", "9".repeat(30), "abc", "1.5", "..%2F..%2Fetc%2Fpasswd",
            "%2e%2e", "%00", "%E2%98%83", "%20", "1%3Bselect", "x".repeat(4_000), "%25", "null", "%2F");

    private final Map<String, JsonNode> schemas;
    private final FuzzHints hints;
    final Random random;

    FuzzInputs(JsonNode document, FuzzHints hints, Random random) {
        this.schemas = new java.util.LinkedHashMap<>();
        document.path("components").path("schemas").fields()
                .forEachRemaining(entry -> schemas.put("#/components/schemas/" + entry.getKey(), entry.getValue()));
        this.hints = hints;
        this.random = random;
    }

    JsonNode resolve(JsonNode schema) {
        int hops = 0;
        while (schema != null && schema.has("$ref") && hops++ < 20) {
            schema = schemas.getOrDefault(schema.get("$ref").asText(), NODES.objectNode());
        }
        if (schema != null && schema.has("allOf")) {
            ObjectNode merged = NODES.objectNode();
            ObjectNode properties = merged.putObject("properties");
            ArrayNode required = merged.putArray("required");
            for (JsonNode part : schema.get("allOf")) {
                JsonNode resolved = resolve(part);
                resolved.fields().forEachRemaining(field -> {
                    if (!field.getKey().equals("properties") && !field.getKey().equals("required")) {
                        merged.set(field.getKey(), field.getValue());
                    }
                });
                resolved.path("properties").fields().forEachRemaining(p -> properties.set(p.getKey(), p.getValue()));
                resolved.path("required").forEach(required::add);
            }
            return merged;
        }
        if (schema != null && (schema.has("oneOf") || schema.has("anyOf"))) {
            return resolve((schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf")).get(0));
        }
        return schema == null ? NODES.objectNode() : schema;
    }

    static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode each : type) {
                if (!each.asText().equals("null")) {
                    return each.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    /** A value the operation should accept. */
    JsonNode valid(JsonNode schema, String name, int depth) {
        schema = resolve(schema);
        if (schema.has("enum") && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("default") && !schema.get("default").isNull()) {
            return schema.get("default");
        }
        String hinted = hints.valueFor(name);
        switch (type(schema)) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth > 6) {
                    return object;
                }
                schema.path("properties").fields().forEachRemaining(property -> {
                    if (!property.getValue().path("readOnly").asBoolean()) {
                        object.set(property.getKey(), valid(property.getValue(), property.getKey(), depth + 1));
                    }
                });
                JsonNode additional = schema.path("additionalProperties");
                if (additional.isObject() && object.isEmpty()) {
                    object.set("key", valid(additional, "value", depth + 1));
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth <= 6) {
                    int items = Math.max(1, schema.path("minItems").asInt(1));
                    for (int i = 0; i < items; i++) {
                        array.add(valid(schema.path("items"), singular(name), depth + 1));
                    }
                }
                return array;
            }
            case "integer" -> {
                if (hinted != null && hinted.matches("\\d+")) {
                    return NODES.numberNode(Long.parseLong(hinted));
                }
                long min = schema.has("minimum") ? schema.get("minimum").asLong() : 1;
                long max = schema.has("maximum") ? schema.get("maximum").asLong() : Math.max(min, 1000);
                return NODES.numberNode(min + (long) (random.nextDouble() * Math.min(max - min, 1000)));
            }
            case "number" -> {
                return NODES.numberNode(new java.math.BigDecimal(10 + random.nextInt(200) + ".50"));
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            default -> {
                return NODES.textNode(hinted != null ? hinted : validString(schema, name));
            }
        }
    }

    private String validString(JsonNode schema, String name) {
        String format = schema.path("format").asText("");
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        String value = switch (format) {
            case "date-time" -> Instant.now().plusSeconds(3600).toString();
            case "date" -> LocalDate.now(ZoneOffset.UTC).toString();
            case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
            case "email" -> "buyer" + random.nextInt(1000) + "@example.com";
            case "uri", "url" -> "https://example.com/" + random.nextInt(1000);
            case "int64", "int32" -> Integer.toString(1 + random.nextInt(1000));
            default -> {
                if (lower.contains("email")) {
                    yield "buyer" + random.nextInt(1000) + "@example.com";
                } else if (lower.contains("url") || lower.contains("uri")) {
                    yield "https://example.com/" + random.nextInt(1000);
                } else if (lower.contains("currency")) {
                    yield "BRL";
                } else if (lower.contains("amount") || lower.contains("price")) {
                    yield (10 + random.nextInt(100)) + ".00";
                } else if (lower.endsWith("id")) {
                    yield Integer.toString(1 + random.nextInt(100_000));
                }
                yield "fuzz-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            }
        };
        int min = schema.path("minLength").asInt(0);
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        if (value.length() < min) {
            value = value + "x".repeat(min - value.length());
        }
        return value.length() > max ? value.substring(0, max) : value;
    }

    /** Wrong types for a field of the given schema: a value of every other JSON kind. */
    List<JsonNode> wrongTypes(JsonNode schema) {
        String type = type(resolve(schema));
        List<JsonNode> wrong = new ArrayList<>();
        if (!type.equals("string")) {
            wrong.add(NODES.textNode("not-a-" + type));
        }
        if (!type.equals("integer") && !type.equals("number")) {
            wrong.add(NODES.numberNode(123));
        }
        if (!type.equals("boolean")) {
            wrong.add(NODES.booleanNode(false));
        }
        if (!type.equals("object")) {
            wrong.add(NODES.objectNode().put("nested", 1));
        }
        if (!type.equals("array")) {
            wrong.add(NODES.arrayNode().add(1).add("two"));
        }
        wrong.add(NODES.nullNode());
        return wrong;
    }

    /** Hostile values of the field's own type: edges of numbers, oversized and odd strings. */
    List<JsonNode> edges(JsonNode schema) {
        String type = type(resolve(schema));
        List<JsonNode> edges = new ArrayList<>();
        switch (type) {
            case "integer", "number" -> edges.addAll(NUMBERS);
            case "string" -> {
                edges.add(NODES.textNode(oversized()));
                edges.add(NODES.textNode(""));
                edges.add(NODES.textNode("   "));
                UNICODE.forEach(text -> edges.add(NODES.textNode(text)));
                edges.add(NODES.textNode("-1"));
                edges.add(NODES.textNode("9".repeat(40)));
            }
            case "array" -> {
                edges.add(NODES.arrayNode());
                ArrayNode many = NODES.arrayNode();
                for (int i = 0; i < 2_000; i++) {
                    many.add(NODES.objectNode());
                }
                edges.add(many);
            }
            case "object" -> edges.add(NODES.objectNode());
            default -> {
            }
        }
        return edges;
    }

    String oversized() {
        return "\u00e9".repeat(OVERSIZED / 2) + "z".repeat(OVERSIZED / 2);
    }

    /** Query and header values: odd strings, numbers past their type, empty. */
    List<String> hostileTexts() {
        List<String> texts = new ArrayList<>(List.of("", "-1", "9".repeat(30), "abc", "1e309", "0x10", "true",
                "x".repeat(3_000), "y".repeat(9_000), "2026-13-45T25:61:61Z", "../../etc/passwd"));
        UNICODE.forEach(texts::add);
        return texts;
    }

    /** Bodies that are not JSON of any shape, or JSON of the wrong shape altogether. */
    static List<String> malformedBodies() {
        return List.of("{\"", "{\"a\":1,}", "[1,2", "", "null", "[]", "\"text\"", "42", "{\"a\":\"\\ud800\"}",
                "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":" + "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_001),
                "{\"a\":1}{\"b\":2}", "\u0000\u0001\u0002", "{\"a\":NaN}");
    }

    private static String singular(String name) {
        return name != null && name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    /** Every field name of an object schema, in document order. */
    List<String> propertyNames(JsonNode schema) {
        List<String> names = new ArrayList<>();
        Iterator<String> fields = resolve(schema).path("properties").fieldNames();
        fields.forEachRemaining(names::add);
        return names;
    }
}
