package dev.mpmarketplace.sandbox.mercadopago.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** Golden shapes of reference section 4 (customer, card, search page) and of the Customers API's error envelope. */
final class CustomerShapes {

    static final List<String> CUSTOMER_FIELDS = List.of("id", "email", "first_name", "last_name", "phone",
            "identification", "address", "date_registered", "description", "date_created", "date_last_updated",
            "metadata", "default_card", "default_address", "cards", "addresses", "live_mode");
    static final List<String> CARD_FIELDS = List.of("id", "customer_id", "user_id", "expiration_month",
            "expiration_year", "first_six_digits", "last_four_digits", "payment_method", "security_code", "issuer",
            "cardholder", "date_created", "date_last_updated", "live_mode");
    /** Mercado Pago's timestamps: {@code 2022-01-10T10:10:10.000-04:00}. */
    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{2}:\\d{2}";

    private CustomerShapes() {
    }

    static void assertCustomerShape(JsonNode customer) {
        assertThat(customer.fieldNames()).toIterable().containsAll(CUSTOMER_FIELDS);
        assertThat(customer.get("id").asText()).matches("\\d+-[A-Za-z0-9]{14}");
        assertThat(customer.get("phone").fieldNames()).toIterable().contains("area_code", "number");
        assertThat(customer.get("identification").fieldNames()).toIterable().contains("type", "number");
        assertThat(customer.get("address").fieldNames()).toIterable().contains("id", "zip_code", "street_name",
                "street_number");
        assertThat(customer.get("metadata").isObject()).isTrue();
        assertThat(customer.get("cards").isArray()).isTrue();
        assertThat(customer.get("addresses").isArray()).isTrue();
        assertThat(customer.get("live_mode").isBoolean()).isTrue();
        assertThat(customer.get("date_created").asText()).matches(TIMESTAMP);
        assertThat(customer.get("date_last_updated").asText()).matches(TIMESTAMP);
    }

    static void assertCardShape(JsonNode card) {
        assertThat(card.fieldNames()).toIterable().containsAll(CARD_FIELDS);
        assertThat(card.get("id").asText()).matches("\\d{13}");
        assertThat(card.get("expiration_month").isInt()).isTrue();
        assertThat(card.get("expiration_year").isInt()).isTrue();
        assertThat(card.get("payment_method").fieldNames()).toIterable().contains("id", "name", "payment_type_id",
                "thumbnail", "secure_thumbnail");
        assertThat(card.get("security_code").fieldNames()).toIterable().contains("length", "card_location");
        assertThat(card.get("issuer").fieldNames()).toIterable().contains("id", "name");
        assertThat(card.get("cardholder").fieldNames()).toIterable().contains("name", "identification");
        assertThat(card.get("cardholder").get("identification").fieldNames()).toIterable().contains("number",
                "type");
        assertThat(card.get("date_created").asText()).matches(TIMESTAMP);
        assertThat(card.get("live_mode").isBoolean()).isTrue();
    }

    /** The classic envelope with one cause whose code is the given number, as a string. */
    static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode body = response.json();
        assertThat(body.fieldNames()).toIterable().contains("message", "error", "status", "cause");
        assertThat(body.get("status").asInt()).isEqualTo(status);
        if (code != null) {
            assertThat(body.get("cause").get(0).get("code").asText()).isEqualTo(code);
            assertThat(body.get("cause").get(0).get("code").isTextual()).isTrue();
        }
    }
}
