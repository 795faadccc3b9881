package dev.mpmarketplace.sandbox.mercadopago.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** Requests and shape checks shared by the preference tests. */
final class PreferenceFixtures {

    /** Every key the preference resource has (reference section 3 and sdk-java's fixture). */
    static final List<String> PREFERENCE_KEYS = List.of("id", "items", "payer", "client_id", "collector_id",
            "payment_methods", "back_urls", "shipments", "notification_url", "statement_descriptor",
            "external_reference", "expires", "date_of_expiration", "expiration_date_from", "expiration_date_to",
            "marketplace", "marketplace_fee", "additional_info", "auto_return", "operation_type", "processing_modes",
            "binary_mode", "metadata", "init_point", "sandbox_init_point", "date_created", "last_updated",
            "site_id", "redirect_urls", "internal_metadata", "total_amount", "coupon_code", "product_id");

    /** Every key of a search element (sdk-java's {@code PreferenceSearch}). */
    static final List<String> SUMMARY_KEYS = List.of("id", "client_id", "collector_id", "date_created",
            "expiration_date_from", "expiration_date_to", "expires", "external_reference", "items", "last_updated",
            "live_mode", "marketplace", "operation_type", "payer_email", "payer_id", "platform_id",
            "processing_modes", "product_id", "purpose", "site_id", "sponsor_id", "shipping_mode");

    private PreferenceFixtures() {
    }

    static ObjectNode item(String title, int quantity, String unitPrice) {
        ObjectNode item = SandboxHttp.object().put("title", title).put("quantity", quantity);
        item.put("unit_price", new java.math.BigDecimal(unitPrice));
        return item;
    }

    /** One item of 2 × 50.00 BRL. */
    static ObjectNode minimal() {
        ObjectNode request = SandboxHttp.object();
        request.putArray("items").add(item("Camiseta", 2, "50.00").put("currency_id", "BRL"));
        return request;
    }

    static ArrayNode items(ObjectNode request) {
        return (ArrayNode) request.get("items");
    }

    /** A 400 in the Preferences API's envelope with exactly that error key and message and an empty cause. */
    static void assertRejected(Response response, String error, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode body = response.json();
        assertThat(body.get("error").asText()).as(response.body()).isEqualTo(error);
        assertThat(body.get("message").asText()).as(response.body()).isEqualTo(message);
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("cause").isArray()).isTrue();
        assertThat(body.get("cause")).isEmpty();
    }

    static void assertPreferenceShape(JsonNode preference) {
        assertThat(preference.isObject()).isTrue();
        for (String key : PREFERENCE_KEYS) {
            assertThat(preference.has(key)).as("preference has %s: %s", key, preference).isTrue();
        }
        assertThat(preference.get("items").isArray()).isTrue();
        for (JsonNode item : preference.get("items")) {
            for (String key : List.of("id", "title", "description", "picture_url", "category_id", "quantity",
                    "currency_id", "unit_price")) {
                assertThat(item.has(key)).as("item has %s: %s", key, item).isTrue();
            }
        }
        for (String key : List.of("name", "surname", "email", "phone", "identification", "address")) {
            assertThat(preference.get("payer").has(key)).as("payer has %s", key).isTrue();
        }
        for (String key : List.of("excluded_payment_methods", "excluded_payment_types", "installments",
                "default_installments", "default_payment_method_id")) {
            assertThat(preference.get("payment_methods").has(key)).as("payment_methods has %s", key).isTrue();
        }
        for (String key : List.of("success", "pending", "failure")) {
            assertThat(preference.get("back_urls").has(key)).as("back_urls has %s", key).isTrue();
        }
        assertThat(preference.get("total_amount").isNumber()).isTrue();
        assertThat(preference.get("marketplace_fee").isNumber()).isTrue();
        assertThat(preference.get("collector_id").isIntegralNumber()).isTrue();
    }

    static void assertSummaryShape(JsonNode summary) {
        for (String key : SUMMARY_KEYS) {
            assertThat(summary.has(key)).as("search element has %s: %s", key, summary).isTrue();
        }
    }
}
