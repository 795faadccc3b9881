package dev.mpmarketplace.orders;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.MarketplaceJson;

/** The JSON text of the model's list and object columns ({@code MarketplaceJson}: the same text for the same value). */
public final class ModelJson {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private ModelJson() {
    }

    /** The value as JSON text; {@code null} stays {@code null}. */
    public static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a model value is always serialisable", e);
        }
    }

    /** A list of strings from its JSON text; empty for {@code null}. */
    public static List<String> strings(String json) {
        return json == null ? List.of() : read(json, STRINGS);
    }

    /** A value of a type from its JSON text; {@code null} for {@code null}. */
    public static <T> T read(String json, TypeReference<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("a model column holds JSON the service wrote", e);
        }
    }

    /** A value of a class from its JSON text; {@code null} for {@code null}. */
    public static <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("a model column holds JSON the service wrote", e);
        }
    }
}
