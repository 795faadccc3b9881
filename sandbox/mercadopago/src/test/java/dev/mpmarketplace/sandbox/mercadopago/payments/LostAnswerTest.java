package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/**
 * The fault that makes clients charge twice (docs/sandbox/faults.md, {@code lost_answer}): the payment is created, then
 * its answer is lost. The proof a client needs: the payment exists afterwards, and a retry with the same
 * {@code X-Idempotency-Key} answers that same payment instead of charging again.
 */
class LostAnswerTest {

    @Test
    void aClosedConnectionAfterTheEffectLeavesThePaymentAndTheRetryAnswersIt() {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            lostAnswerRule(fixture, Map.of("mode", "reset"));
            String key = UUID.randomUUID().toString();
            ObjectNode body = referenced(fixture);

            assertThatThrownBy(() -> send(fixture, body, key, Duration.ofSeconds(10)))
                    .isInstanceOf(IOException.class);

            assertExactlyOnePaymentAndTheRetryAnswersIt(fixture, body, key);
        }
    }

    @Test
    void aServerErrorAfterTheEffectLeavesThePaymentAndTheRetryAnswersIt() throws Exception {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            lostAnswerRule(fixture, Map.of("mode", "error", "status", 503));
            String key = UUID.randomUUID().toString();
            ObjectNode body = referenced(fixture);

            HttpResponse<String> lost = send(fixture, body, key, Duration.ofSeconds(10));

            assertThat(lost.statusCode()).isEqualTo(503);
            JsonNode envelope = SandboxHttp.JSON.readTree(lost.body());
            assertThat(envelope.get("error").asText()).isEqualTo("service_unavailable");
            assertThat(envelope.has("id")).as("the answer is not the payment").isFalse();
            assertExactlyOnePaymentAndTheRetryAnswersIt(fixture, body, key);
        }
    }

    @Test
    void anAnswerHeldPastTheCallersTimeoutLeavesThePaymentAndTheRetryAnswersIt() {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            lostAnswerRule(fixture, Map.of("mode", "timeout", "answer_delay_ms", 3_000));
            String key = UUID.randomUUID().toString();
            ObjectNode body = referenced(fixture);

            assertThatThrownBy(() -> send(fixture, body, key, Duration.ofMillis(500)))
                    .isInstanceOf(HttpTimeoutException.class);

            assertExactlyOnePaymentAndTheRetryAnswersIt(fixture, body, key);
        }
    }

    @Test
    void aLostAnswerRuleCountsOnlyRequestsThatReachedTheirEndpoint() {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            lostAnswerRule(fixture, Map.of("mode", "reset"));
            fixture.http.post("/sandbox/faults", null, Map.of("id", "unavailable", "kind", "error", "path",
                    "/v1/payments", "method", "POST", "status", 503, "times", 1));
            String key = UUID.randomUUID().toString();
            ObjectNode body = referenced(fixture);

            Response refused = fixture.pay(fixture.sellerOne, body, key);

            assertThat(refused.status()).isEqualTo(503);
            assertThat(searchByReference(fixture, body)).isZero();
            JsonNode rule = fixture.http.get("/sandbox/faults/lost", null).json();
            assertThat(rule.get("hits").asInt()).isZero();
            assertThat(rule.get("remaining").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anInvalidLostAnswerRuleIsRefusedAndNothingChanges() {
        try (PaymentsFixture fixture = new PaymentsFixture()) {
            Response noMode = fixture.http.post("/sandbox/faults", null, Map.of("kind", "lost_answer", "path",
                    "/v1/payments"));
            Response noDelay = fixture.http.post("/sandbox/faults", null, Map.of("kind", "lost_answer", "path",
                    "/v1/payments", "mode", "timeout"));
            Response badStatus = fixture.http.post("/sandbox/faults", null, Map.of("kind", "lost_answer", "path",
                    "/v1/payments", "mode", "error", "status", 404));

            for (Response refused : new Response[]{noMode, noDelay, badStatus}) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(400);
                assertThat(refused.json().get("error").asText()).isEqualTo("invalid_request");
            }
            assertThat(fixture.http.get("/sandbox/faults", null).json()).isEmpty();
        }
    }

    private static void lostAnswerRule(PaymentsFixture fixture, Map<String, Object> how) {
        Map<String, Object> rule = new java.util.LinkedHashMap<>(Map.of("id", "lost", "kind", "lost_answer", "path",
                "/v1/payments", "method", "POST", "times", 1));
        rule.putAll(how);
        Response created = fixture.http.post("/sandbox/faults", null, rule);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("mode").asText()).isEqualTo(how.get("mode"));
    }

    /** A payment body with an external reference of its own, to find it as the payment-service would. */
    private static ObjectNode referenced(PaymentsFixture fixture) {
        ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "120.50");
        body.put("external_reference", "our-payment-" + UUID.randomUUID());
        return body;
    }

    private static void assertExactlyOnePaymentAndTheRetryAnswersIt(PaymentsFixture fixture, ObjectNode body,
            String key) {
        // A caller that gave up may do so before the sandbox even got the request on a busy machine: it waits for
        // the outcome, as a client resolving an unknown outcome searches for it.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (searchByReference(fixture, body) == 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(searchByReference(fixture, body)).as("the payment was made before the answer was lost")
                .isEqualTo(1);
        JsonNode found = fixture.http.get("/v1/payments/search?external_reference="
                + body.get("external_reference").asText(), fixture.sellerOne).json().get("results").get(0);

        Response retry = fixture.pay(fixture.sellerOne, body, key);

        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.json().get("id").asLong()).isEqualTo(found.get("id").asLong());
        assertThat(retry.json().get("status").asText()).isEqualTo("approved");
        assertThat(searchByReference(fixture, body)).as("the retry charged nothing").isEqualTo(1);
        assertThat(fixture.http.get("/sandbox/faults", null).json()).as("the rule fired once").isEmpty();
    }

    private static int searchByReference(PaymentsFixture fixture, ObjectNode body) {
        return fixture.http.get("/v1/payments/search?external_reference=" + body.get("external_reference").asText(),
                fixture.sellerOne).json().get("paging").get("total").asInt();
    }

    /** A create call with its own timeout, on a fresh client (a closed connection is not retried as a stale one). */
    private static HttpResponse<String> send(PaymentsFixture fixture, ObjectNode body, String key, Duration timeout)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(fixture.sandbox.url() + "/v1/payments"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + fixture.sellerOne)
                .header("Content-Type", "application/json")
                .header("X-Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
