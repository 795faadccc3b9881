package dev.mpmarketplace.sandbox.mercadopago.faults;

import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.advanceClock;
import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.awaitDelivery;
import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.emit;
import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.options;
import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver.Received;

/** Fault injection on the simulated API and on outgoing webhooks (docs/sandbox/faults.md). */
class FaultInjectionTest {

    private static final long SELLER = 1_000_002L;

    @Test
    void aLatencyRuleDelaysTheAnswerWithoutChangingIt() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String token = http.user("SELLER_ONE").get("access_token").asText();
            Response created = addRule(http, Map.of("path", "/users/me", "method", "GET", "kind", "latency",
                    "latency_ms", 400));

            long started = System.nanoTime();
            Response me = http.get("/users/me", token);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().fieldNames()).toIterable().contains("id", "kind", "path", "method",
                    "latency_ms", "probability", "hits", "created_at");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("id").asLong()).isEqualTo(http.user("SELLER_ONE").get("id").asLong());
            assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
            assertThat(rule(http, created).get("hits").asInt()).isEqualTo(1);
        }
    }

    @Test
    void anErrorRuleAnswersItsServerErrorInTheClassicEnvelopeAndExpiresAfterItsTimes() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String token = http.user("SELLER_ONE").get("access_token").asText();
            addRule(http, Map.of("path", "/users/*", "kind", "error", "status", 503, "times", 2));

            Response first = http.get("/users/me", token);
            Response second = http.get("/users/me", token);
            Response third = http.get("/users/me", token);

            for (Response failed : List.of(first, second)) {
                assertThat(failed.status()).isEqualTo(503);
                assertThat(failed.json().fieldNames()).toIterable().containsExactly("message", "error", "status",
                        "cause");
                assertThat(failed.json().get("status").asInt()).isEqualTo(503);
            }
            assertThat(third.status()).isEqualTo(200);
            assertThat(http.get("/sandbox/faults", null).json()).isEmpty();
        }
    }

    @Test
    void aRateLimitRuleAnswers429WithRetryAfter() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            addRule(http, Map.of("path", "/oauth/token", "method", "POST", "kind", "rate_limit",
                    "retry_after_seconds", 7));

            Response limited = http.post("/oauth/token", null, Map.of("grant_type", "client_credentials"));

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isEqualTo("7");
            assertThat(limited.json().get("status").asInt()).isEqualTo(429);
            assertThat(limited.json().get("error").asText()).isEqualTo("too_many_requests");
        }
    }

    @Test
    void aResetRuleClosesTheConnectionWithoutAnAnswer() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String token = http.user("SELLER_ONE").get("access_token").asText();
            Response created = addRule(http, Map.of("path", "/users/me", "kind", "reset"));

            // A client of its own, so that the closed connection is a fresh one and not retried as a stale one.
            assertThatThrownBy(() -> new SandboxHttp(sandbox.url()).get("/users/me", token))
                    .hasCauseInstanceOf(IOException.class);
            assertThat(rule(http, created).get("hits").asInt()).isPositive();
            http.send("DELETE", "/sandbox/faults/" + created.json().get("id").asText(), null, null, null);
            assertThat(http.get("/users/me", token).status()).isEqualTo(200);
        }
    }

    @Test
    void aNotifiedResourceAnswersItsNotFoundUntilTheWindowHasPassed() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            Response created = addRule(http, Map.of("path", "/v1/payments/*", "kind", "not_found_after_notify",
                    "duration_ms", 60_000));
            emit(http, "payment", "payment.created", "5555", SELLER);

            Response early = http.get("/v1/payments/5555", null);
            Response other = http.get("/v1/payments/6666", null);
            long hitsEarly = rule(http, created).get("hits").asLong();
            advanceClock(http, Duration.ofSeconds(61));
            http.get("/v1/payments/5555", null);
            long hitsLate = rule(http, created).get("hits").asLong();

            assertThat(early.status()).isEqualTo(404);
            assertThat(early.json().get("error").asText()).isEqualTo("not_found");
            assertThat(early.json().get("cause").get(0).get("code").asInt()).isEqualTo(2000);
            assertThat(early.json().get("message").asText()).isEqualTo("Payment not found");
            assertThat(other.json().path("cause").path(0).path("code").asInt()).isNotEqualTo(2000);
            assertThat(hitsEarly).isEqualTo(1);
            assertThat(hitsLate).isEqualTo(1);
        }
    }

    @Test
    void faultsNeverTouchTheControlApi() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String token = http.user("SELLER_ONE").get("access_token").asText();
            addRule(http, Map.of("path", "*", "kind", "error"));
            addRule(http, Map.of("path", "/**", "kind", "reset"));

            assertThat(http.get("/users/me", token).status()).isEqualTo(500);
            assertThat(http.get("/sandbox/users", null).status()).isEqualTo(200);
            assertThat(http.get("/sandbox/faults", null).json()).hasSize(2);
            assertThat(http.post("/sandbox/faults", null, Map.of("path", "/sandbox/users", "kind", "error"))
                    .status()).isEqualTo(400);
            assertThat(http.send("DELETE", "/sandbox/faults", null, null, null).json().get("deleted").asInt())
                    .isEqualTo(2);
            assertThat(http.get("/users/me", token).status()).isEqualTo(200);
        }
    }

    @Test
    void aRuleAppliesOnlyToItsMethodAndPath() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String token = http.user("SELLER_ONE").get("access_token").asText();
            addRule(http, Map.of("path", "/users/me", "method", "POST", "kind", "error"));
            addRule(http, Map.of("path", "/users/m*x", "kind", "error"));
            addRule(http, Map.of("path", "/users/me/more", "kind", "error"));

            assertThat(http.get("/users/me", token).status()).isEqualTo(200);
            assertThat(http.post("/users/me", token, Map.of()).status()).isEqualTo(500);
        }
    }

    @Test
    void aRuleWithProbabilityZeroNeverFires() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String token = http.user("SELLER_ONE").get("access_token").asText();
            Response created = addRule(http, Map.of("path", "*", "kind", "error", "probability", 0));

            for (int i = 0; i < 5; i++) {
                assertThat(http.get("/users/me", token).status()).isEqualTo(200);
            }
            assertThat(rule(http, created).get("hits").asInt()).isZero();
        }
    }

    @Test
    void invalidRulesAreRefusedAndRulesCanBeListedReplacedAndDeleted() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            List<Object> invalid = List.of("{not json", Map.of("path", "*", "kind", "explode"),
                    Map.of("kind", "error"), Map.of("path", "*", "kind", "error", "status", 404),
                    Map.of("path", "*", "kind", "latency"), Map.of("path", "*", "kind", "error", "probability", 2),
                    Map.of("path", "*", "kind", "error", "times", 0), Map.of("path", "v1", "kind", "error"),
                    Map.of("path", "*", "kind", "not_found_after_notify"),
                    Map.of("path", "*", "kind", "error", "method", "FETCH"),
                    Map.of("path", "*", "kind", "latency", "latency_ms", "slow"));
            for (Object body : invalid) {
                Response refused = http.post("/sandbox/faults", null, body);
                assertThat(refused.status()).as("%s", body).isEqualTo(400);
                assertThat(refused.json().fieldNames()).toIterable().containsExactly("message", "error", "status",
                        "cause");
            }
            assertThat(http.get("/sandbox/faults", null).json()).isEmpty();

            addRule(http, Map.of("id", "slow-payments", "path", "/v1/payments", "kind", "latency", "latency_ms", 10));
            addRule(http, Map.of("id", "slow-payments", "path", "/v1/payments", "kind", "latency", "latency_ms", 20));
            JsonNode rules = http.get("/sandbox/faults", null).json();
            assertThat(rules).hasSize(1);
            assertThat(rules.get(0).get("latency_ms").asInt()).isEqualTo(20);
            assertThat(http.send("DELETE", "/sandbox/faults/slow-payments", null, null, null).status())
                    .isEqualTo(200);
            assertThat(http.send("DELETE", "/sandbox/faults/slow-payments", null, null, null).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aResetClearsTheRules() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            addRule(http, Map.of("path", "*", "kind", "error"));

            http.post("/sandbox/reset", null, Map.of());

            assertThat(http.get("/sandbox/faults", null).json()).isEmpty();
        }
    }

    @Test
    void aDuplicateRuleSendsTheSameNotificationTwiceWithDistinctRequestIds() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            addRule(http, Map.of("kind", "webhook_duplicate", "type", "payment", "times", 1));

            JsonNode emitted = emit(http, "payment", "payment.created", "300", SELLER);
            List<Received> webhooks = receiver.await(2);

            assertThat(emitted.get("deliveries")).hasSize(2);
            assertThat(emitted.get("deliveries").get(1).get("duplicate_of").asText())
                    .isEqualTo(emitted.get("deliveries").get(0).get("id").asText());
            assertThat(webhooks.get(0).body()).isEqualTo(webhooks.get(1).body());
            assertThat(webhooks.get(0).header("x-request-id")).isNotEqualTo(webhooks.get(1).header("x-request-id"));
            assertThat(webhooks.get(0).header("x-signature")).isNotEqualTo(webhooks.get(1).header("x-signature"));
            for (JsonNode delivery : emitted.get("deliveries")) {
                awaitDelivery(http, delivery.get("id").asText(), status("delivered"));
            }
        }
    }

    @Test
    void anOutOfOrderRuleDeliversABatchInAnotherOrderThanItWasMade() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            addRule(http, Map.of("kind", "webhook_out_of_order", "batch_size", 3, "hold_ms", 600_000));

            JsonNode first = emit(http, "payment", "payment.created", "1", SELLER);
            emit(http, "payment", "payment.updated", "1", SELLER);
            assertThat(first.get("deliveries").get(0).get("held").asBoolean()).isTrue();
            emit(http, "payment", "payment.updated", "2", SELLER);
            List<Received> webhooks = receiver.await(3);

            List<String> order = webhooks.stream()
                    .map(w -> w.json().get("action").asText() + ":" + w.json().get("data").get("id").asText())
                    .toList();
            assertThat(order).containsExactlyInAnyOrder("payment.created:1", "payment.updated:1",
                    "payment.updated:2");
            assertThat(order).isNotEqualTo(List.of("payment.created:1", "payment.updated:1", "payment.updated:2"));
        }
    }

    @Test
    void aHeldBatchIsReleasedWhenItsHoldExpiresOnTheSandboxClock() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            addRule(http, Map.of("kind", "webhook_out_of_order", "batch_size", 5, "hold_ms", 60_000));

            JsonNode emitted = emit(http, "payment", "payment.created", "1", SELLER);
            emit(http, "payment", "payment.created", "2", SELLER);
            advanceClock(http, Duration.ofSeconds(61));

            assertThat(receiver.await(2)).hasSize(2);
            awaitDelivery(http, emitted.get("deliveries").get(0).get("id").asText(), status("delivered"));
        }
    }

    @Test
    void aDropRuleRecordsTheNotificationAsDroppedAndNeverSendsIt() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            addRule(http, Map.of("kind", "webhook_drop", "type", "payment", "times", 1));

            JsonNode dropped = emit(http, "payment", "payment.created", "400", SELLER);
            JsonNode otherType = emit(http, "mp-connect", "application.authorized", "401", SELLER);
            JsonNode afterExpiry = emit(http, "payment", "payment.created", "402", SELLER);
            awaitDelivery(http, afterExpiry.get("deliveries").get(0).get("id").asText(), status("delivered"));
            awaitDelivery(http, otherType.get("deliveries").get(0).get("id").asText(), status("delivered"));

            JsonNode delivery = dropped.get("deliveries").get(0);
            assertThat(delivery.get("status").asText()).isEqualTo("dropped");
            assertThat(delivery.get("attempts")).isEmpty();
            assertThat(receiver.received()).extracting(w -> w.query().get("data.id"))
                    .containsExactlyInAnyOrder("401", "402");
            assertThat(http.get("/sandbox/webhooks/deliveries?status=dropped", null).json().get("results"))
                    .hasSize(1);
        }
    }

    private static Response addRule(SandboxHttp http, Map<String, Object> rule) {
        Response response = http.post("/sandbox/faults", null, new LinkedHashMap<>(rule));
        if (response.status() != 201) {
            throw new AssertionError("rule refused: " + response.body());
        }
        return response;
    }

    private static JsonNode rule(SandboxHttp http, Response created) {
        return http.get("/sandbox/faults/" + created.json().get("id").asText(), null).json();
    }
}
