package dev.mpmarketplace.payment.service;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.events.MarketplaceJson;

/**
 * The fingerprint of a request, to tell "the same request again" from "another request with the same key": SHA-256
 * of its canonical JSON (object members sorted by name at every level, absent members left out, numbers compared by
 * value, so {@code 10.5} and {@code 10.50} are the same request).
 */
public final class Fingerprints {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    private Fingerprints() {
    }

    /** The fingerprint of {@code request}, as 64 hex characters. */
    public static String of(Object request) {
        JsonNode canonical = canonical(JSON.valueToTree(request));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(JSON.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree is always serialisable", e);
        }
    }

    static JsonNode canonical(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : fields) {
                if (!field.getValue().isNull()) {
                    sorted.set(field.getKey(), canonical(field.getValue()));
                }
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            return JsonNodeFactory.instance.textNode("#" + value.toPlainString());
        }
        return node;
    }
}
