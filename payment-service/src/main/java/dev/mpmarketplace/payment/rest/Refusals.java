package dev.mpmarketplace.payment.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.MarketplaceJson;

/** A stored refusal (a problem as JSON) as a view member. */
final class Refusals {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    private Refusals() {
    }

    static Map<String, Object> read(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return JSON.readValue(stored, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("a stored problem is always readable", e);
        }
    }
}
