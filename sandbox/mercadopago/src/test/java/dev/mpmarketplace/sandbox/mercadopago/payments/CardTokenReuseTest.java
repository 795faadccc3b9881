package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertError;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/**
 * The {@code card_token_reuse} fault (docs/sandbox/faults.md): by default a card token pays once, so a client that
 * charges again with a new idempotency key gets a 400; under the rule the used token pays again, so that such a
 * client makes a second payment, as it would with a means of payment that needs no single-use token.
 */
class CardTokenReuseTest {

    @Test
    void withoutTheRuleASecondChargeWithANewKeyIsRefusedAndMakesNoPayment() {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            ObjectNode body = referenced(fixture);
            Response first = fixture.pay(fixture.sellerOne, body, UUID.randomUUID().toString());
            assertThat(first.status()).as(first.body()).isEqualTo(201);

            Response again = fixture.pay(fixture.sellerOne, body, UUID.randomUUID().toString());

            assertError(again, 400, 3003);
            assertThat(searchByReference(fixture, body)).as("one payment for the reference").isEqualTo(1);
        }
    }

    @Test
    void underTheRuleASecondChargeWithANewKeyMakesASecondPayment() {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            reuseRule(fixture, Map.of());
            ObjectNode body = referenced(fixture);
            String firstKey = UUID.randomUUID().toString();
            Response first = fixture.pay(fixture.sellerOne, body, firstKey);
            assertThat(first.status()).as(first.body()).isEqualTo(201);
            assertThat(rule(fixture).get("hits").asInt()).as("a fresh token is no reuse").isZero();

            Response again = fixture.pay(fixture.sellerOne, body, UUID.randomUUID().toString());

            assertThat(again.status()).as(again.body()).isEqualTo(201);
            assertThat(again.json().get("id").asLong()).isNotEqualTo(first.json().get("id").asLong());
            assertThat(again.json().get("status").asText()).isEqualTo("approved");
            assertThat(searchByReference(fixture, body)).as("two payments for the reference").isEqualTo(2);
            assertThat(rule(fixture).get("hits").asInt()).isEqualTo(1);

            Response sameKey = fixture.pay(fixture.sellerOne, body, firstKey);

            assertThat(sameKey.status()).as(sameKey.body()).isEqualTo(201);
            assertThat(sameKey.json().get("id").asLong()).as("the key still answers its payment")
                    .isEqualTo(first.json().get("id").asLong());
            assertThat(searchByReference(fixture, body)).isEqualTo(2);
            assertThat(rule(fixture).get("hits").asInt()).as("an idempotent replay uses no token").isEqualTo(1);
        }
    }

    @Test
    void aRuleWithTimesRunsOutAndAnExpiredTokenStaysRefused() {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            reuseRule(fixture, Map.of("times", 1));
            ObjectNode body = referenced(fixture);
            assertThat(fixture.pay(fixture.sellerOne, body).status()).isEqualTo(201);
            assertThat(fixture.pay(fixture.sellerOne, body).status()).isEqualTo(201);

            Response third = fixture.pay(fixture.sellerOne, body);

            assertError(third, 400, 3003);
            assertThat(fixture.http.get("/sandbox/faults", null).json()).isEmpty();

            reuseRule(fixture, Map.of());
            ObjectNode expiring = referenced(fixture);
            assertThat(fixture.pay(fixture.sellerOne, expiring).status()).isEqualTo(201);
            fixture.advanceClock(Duration.ofDays(7));

            Response expired = fixture.pay(fixture.sellerOne, expiring);

            assertError(expired, 400, 3003);
            assertThat(rule(fixture).get("hits").asInt()).as("a refused payment is not counted").isZero();
            assertThat(searchByReference(fixture, expiring)).isEqualTo(1);
        }
    }

    @Test
    void aReuseRuleWithAPathIsRefused() {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            Response withPath = fixture.http.post("/sandbox/faults", null,
                    Map.of("kind", "card_token_reuse", "path", "/v1/payments"));

            assertThat(withPath.status()).as(withPath.body()).isEqualTo(400);
            assertThat(withPath.json().get("error").asText()).isEqualTo("invalid_request");
            assertThat(fixture.http.get("/sandbox/faults", null).json()).isEmpty();
        }
    }

    private static void reuseRule(PaymentsFixture fixture, Map<String, Object> how) {
        Map<String, Object> rule = new java.util.LinkedHashMap<>(Map.of("id", "reuse", "kind", "card_token_reuse"));
        rule.putAll(how);
        Response created = fixture.http.post("/sandbox/faults", null, rule);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().has("path")).isFalse();
    }

    private static JsonNode rule(PaymentsFixture fixture) {
        return fixture.http.get("/sandbox/faults/reuse", null).json();
    }

    /** A payment body with an external reference of its own, as payment-service sends its payment's id. */
    private static ObjectNode referenced(PaymentsFixture fixture) {
        ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "120.50");
        body.put("external_reference", "our-payment-" + UUID.randomUUID());
        return body;
    }

    private static int searchByReference(PaymentsFixture fixture, ObjectNode body) {
        return fixture.http.get("/v1/payments/search?external_reference=" + body.get("external_reference").asText(),
                fixture.sellerOne).json().get("paging").get("total").asInt();
    }
}
