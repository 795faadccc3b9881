package dev.mpmarketplace.payment.service;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.events.MarketplaceJson;

/**
 * Checks of a preference request before anything is stored or called: only what Mercado Pago cannot check (the
 * seller, the fields the platform sets). Everything else (items, payer, {@code marketplace_fee}, back URLs,
 * {@code auto_return}, dates...) is Mercado Pago's to refuse, so its documented error keys reach the caller.
 */
public final class PreferenceRequests {

    /** Set by the platform: the external reference is our preference id; notifications go to the app's webhook. */
    private static final List<String> NOT_ACCEPTED = List.of("external_reference", "notification_url");

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    /**
     * A new preference's request.
     *
     * @param sellerId the collector: the Mercado Pago user id of a linked seller
     * @param preference Mercado Pago's preference fields as given (without {@code seller_id})
     * @param fingerprint the request's fingerprint (with the seller)
     */
    public record NewPreference(long sellerId, ObjectNode preference, String fingerprint) {
        @Override
        public String toString() {
            return "NewPreference[seller_id=" + sellerId + "]";
        }
    }

    private PreferenceRequests() {
    }

    /** A create request: Mercado Pago's preference fields plus {@code seller_id}. */
    public static NewPreference read(JsonNode body) {
        ObjectNode preference = fields(body);
        JsonNode seller = preference.remove("seller_id");
        if (seller == null || !seller.canConvertToLong() || !seller.isIntegralNumber() || seller.asLong() <= 0) {
            throw PaymentProblems.invalidRequest("seller_id (the Mercado Pago user id of a linked seller) is required");
        }
        return new NewPreference(seller.asLong(), preference, Fingerprints.of(body));
    }

    /** An update: the preference fields to replace (Mercado Pago replaces the top-level fields sent). */
    public static ObjectNode readUpdate(JsonNode body) {
        ObjectNode preference = fields(body);
        if (preference.has("seller_id")) {
            throw PaymentProblems.invalidRequest("a preference stays with the seller it was created for");
        }
        return preference;
    }

    /** The create body sent to Mercado Pago: the fields as given plus our id as {@code external_reference}. */
    public static String mercadoPagoBody(ObjectNode preference, UUID id) {
        ObjectNode body = preference.deepCopy();
        body.put("external_reference", id.toString());
        return write(body);
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree is always serialisable", e);
        }
    }

    /** Our preference id of a path; anything else is a preference that does not exist. */
    public static UUID preferenceId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw PaymentProblems.preferenceNotFound(id);
        }
    }

    private static ObjectNode fields(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw PaymentProblems.invalidRequest("the preference must be a JSON object");
        }
        for (String field : NOT_ACCEPTED) {
            if (body.has(field)) {
                throw PaymentProblems.invalidRequest(field + " is set by the platform (external_reference is its "
                        + "preference id, which links the checkout's payments to it; notifications go to the "
                        + "application's webhook); put your own reference in metadata");
            }
        }
        return ((ObjectNode) body).deepCopy();
    }
}
