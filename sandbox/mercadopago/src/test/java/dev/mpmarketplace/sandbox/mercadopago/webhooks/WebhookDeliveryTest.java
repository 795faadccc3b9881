package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.advanceClock;
import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.attempts;
import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.awaitDelivery;
import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.emit;
import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.options;
import static dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookTesting.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver.Received;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver.Reply;

/** Webhook delivery with Mercado Pago's semantics (reference 6.1-6.3, docs/sandbox/webhooks.md). */
class WebhookDeliveryTest {

    private static final long SELLER = 1_000_002L;

    @Test
    void aNotificationIsPostedWithDataIdAndTypeInTheQueryAndMercadoPagosStandardBody() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String clientId = http.marketplaceApplication().get("client_id").asText();

            JsonNode emitted = emit(http, "payment", "payment.created", "123456789", SELLER);
            Received webhook = receiver.await(1).get(0);

            assertThat(webhook.method()).isEqualTo("POST");
            assertThat(webhook.path()).isEqualTo("/webhooks/mercadopago");
            assertThat(webhook.query()).containsExactly(Map.entry("data.id", "123456789"), Map.entry("type",
                    "payment"));
            assertThat(webhook.header("Content-Type")).startsWith("application/json");
            JsonNode body = webhook.json();
            assertThat(body.fieldNames()).toIterable().contains("id", "live_mode", "type", "date_created", "user_id",
                    "api_version", "action", "data", "application_id");
            assertThat(body.get("id").isIntegralNumber()).isTrue();
            assertThat(body.get("id").asLong()).isEqualTo(emitted.get("notification_id").asLong());
            assertThat(body.get("live_mode").asBoolean()).isTrue();
            assertThat(body.get("type").asText()).isEqualTo("payment");
            assertThat(body.get("action").asText()).isEqualTo("payment.created");
            assertThat(body.get("api_version").asText()).isEqualTo("v1");
            assertThat(body.get("user_id").isIntegralNumber()).isTrue();
            assertThat(body.get("user_id").asLong()).isEqualTo(SELLER);
            assertThat(body.get("data").get("id").isTextual()).isTrue();
            assertThat(body.get("data").get("id").asText()).isEqualTo("123456789");
            assertThat(body.get("application_id").asText()).isEqualTo(clientId);
            assertThat(body.get("date_created").asText()).matches(
                    "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[-+]\\d{2}:\\d{2}");
        }
    }

    @Test
    void theSignatureIsTheHmacSha256OfTheManifestKeyedWithTheApplicationsWebhookSecret() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String secret = http.marketplaceApplication().get("webhook_secret").asText();

            emit(http, "order", "order.processed", "ORD01J49MMW3SSBK5PSV3DFR32959", SELLER);
            Received webhook = receiver.await(1).get(0);

            String requestId = webhook.header("x-request-id");
            assertThat(requestId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : webhook.header("x-signature").split(",")) {
                int eq = part.indexOf('=');
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
            assertThat(parts).containsOnlyKeys("ts", "v1");
            assertThat(parts.get("ts")).matches("\\d{13}");
            // data.id exactly as it is in the query, case kept.
            String dataId = webhook.query().get("data.id");
            assertThat(dataId).isEqualTo("ORD01J49MMW3SSBK5PSV3DFR32959");
            String manifest = "id:" + dataId + ";request-id:" + requestId + ";ts:" + parts.get("ts") + ";";
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)));
            assertThat(parts.get("v1")).isEqualTo(expected);
        }
    }

    @Test
    void aResourcesNotificationUrlWinsOverTheApplicationsWebhookUrlAndKeepsItsOwnQuery() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                WebhookReceiver resourceReceiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("client_id", http.marketplaceApplication().get("client_id").asText());
            request.put("type", "payment");
            request.put("action", "payment.updated");
            request.put("data_id", "987");
            request.put("user_id", SELLER);
            request.put("notification_url", resourceReceiver.url() + "?source_news=webhooks");

            JsonNode emitted = emit(http, request);
            Received webhook = resourceReceiver.await(1).get(0);

            assertThat(webhook.query()).containsExactly(Map.entry("source_news", "webhooks"),
                    Map.entry("data.id", "987"), Map.entry("type", "payment"));
            awaitDelivery(http, emitted.get("deliveries").get(0).get("id").asText(), status("delivered"));
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void answering200Or201CountsAsDeliveredAtTheFirstAttempt() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            receiver.script(Reply.status(201), Reply.status(200));

            String first = deliveryId(emit(http, "payment", "payment.created", "1", SELLER));
            String second = deliveryId(emit(http, "payment", "payment.created", "2", SELLER));

            for (String id : List.of(first, second)) {
                JsonNode delivery = awaitDelivery(http, id, status("delivered"));
                assertThat(delivery.get("attempts")).hasSize(1);
                assertThat(delivery.get("next_attempt_at").isNull()).isTrue();
            }
            assertThat(receiver.received()).hasSize(2);
        }
    }

    @Test
    void anotherStatusIsRetriedWhenTheSandboxClockReachesTheNextStepOfTheLadder() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            receiver.script(Reply.status(500), Reply.status(204));

            String id = deliveryId(emit(http, "payment", "payment.created", "42", SELLER));
            JsonNode afterFirst = awaitDelivery(http, id, attempts(1));

            assertThat(afterFirst.get("status").asText()).isEqualTo("pending");
            JsonNode attempt = afterFirst.get("attempts").get(0);
            assertThat(attempt.get("status_code").asInt()).isEqualTo(500);
            assertThat(Duration.between(time(attempt.get("at")), time(afterFirst.get("next_attempt_at"))))
                    .isBetween(Duration.ofMinutes(15), Duration.ofMinutes(15).plusSeconds(30));

            advanceClock(http, Duration.ofMinutes(15));
            JsonNode afterSecond = awaitDelivery(http, id, attempts(2));
            // 204 is not 200/201: still a failure, and the next step of the ladder is 30 minutes.
            assertThat(afterSecond.get("attempts").get(1).get("status_code").asInt()).isEqualTo(204);
            assertThat(Duration.between(time(afterSecond.get("attempts").get(1).get("at")),
                    time(afterSecond.get("next_attempt_at")))).isBetween(Duration.ofMinutes(30),
                            Duration.ofMinutes(30).plusSeconds(30));

            advanceClock(http, Duration.ofMinutes(30));
            JsonNode delivered = awaitDelivery(http, id, status("delivered"));

            List<Received> webhooks = receiver.received();
            assertThat(webhooks).hasSize(3);
            assertThat(webhooks).extracting(Received::body).containsOnly(webhooks.get(0).body());
            assertThat(webhooks).extracting(w -> w.header("x-request-id")).doesNotHaveDuplicates();
            JsonNode recorded = delivered.get("attempts");
            assertThat(recorded).hasSize(3);
            for (int i = 0; i < 3; i++) {
                JsonNode a = recorded.get(i);
                assertThat(a.get("number").asInt()).isEqualTo(i + 1);
                assertThat(a.get("request_id").asText()).isEqualTo(webhooks.get(i).header("x-request-id"));
                assertThat(a.get("x_signature").asText()).isEqualTo(webhooks.get(i).header("x-signature"));
                assertThat(a.get("url").asText()).startsWith(receiver.url() + "?data.id=42&type=payment");
                assertThat(a.get("duration_ms").isIntegralNumber()).isTrue();
                assertThat(a.has("at") && a.has("error")).isTrue();
            }
            assertThat(recorded).extracting(a -> a.get("status_code").asInt()).containsExactly(500, 204, 200);
        }
    }

    @Test
    void aTimeoutIsAFailedAttemptAndRetriesGetTheShorterRetryTimeout() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver)
                        .withWebhookTimeouts(Duration.ofSeconds(1), Duration.ofMillis(800)))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            receiver.script(Reply.after(Duration.ofSeconds(4), 200), Reply.after(Duration.ofSeconds(4), 200));

            String id = deliveryId(emit(http, "payment", "payment.created", "7", SELLER));
            JsonNode afterFirst = awaitDelivery(http, id, attempts(1));
            advanceClock(http, Duration.ofMinutes(15));
            JsonNode afterSecond = awaitDelivery(http, id, attempts(2));
            advanceClock(http, Duration.ofMinutes(30));
            JsonNode delivered = awaitDelivery(http, id, status("delivered"));

            JsonNode first = afterFirst.get("attempts").get(0);
            assertThat(first.get("status_code").isNull()).isTrue();
            assertThat(first.get("error").asText()).startsWith("timeout");
            assertThat(first.get("timeout_ms").asLong()).isEqualTo(1000);
            JsonNode second = afterSecond.get("attempts").get(1);
            assertThat(second.get("error").asText()).startsWith("timeout");
            assertThat(second.get("timeout_ms").asLong()).isEqualTo(800);
            assertThat(delivered.get("attempts").get(2).get("status_code").asInt()).isEqualTo(200);
        }
    }

    @Test
    void aRefusedConnectionIsRetriedAndTheDeliveryGivenUpAfterTheLastStep() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("client_id", http.marketplaceApplication().get("client_id").asText());
            request.put("type", "payment");
            request.put("action", "payment.created");
            request.put("data_id", "55");
            request.put("user_id", SELLER);
            request.put("notification_url", WebhookReceiver.refusingUrl());

            String id = deliveryId(emit(http, request));
            awaitDelivery(http, id, attempts(1));
            advanceClock(http, Duration.ofMinutes(15));
            awaitDelivery(http, id, attempts(2));
            advanceClock(http, Duration.ofMinutes(30));
            JsonNode failed = awaitDelivery(http, id, status("failed"));

            assertThat(failed.get("attempts")).hasSize(3);
            assertThat(failed.get("attempts")).allSatisfy(a -> {
                assertThat(a.get("status_code").isNull()).isTrue();
                assertThat(a.get("error").asText()).isNotBlank();
            });
            assertThat(failed.get("next_attempt_at").isNull()).isTrue();
            advanceClock(http, Duration.ofDays(30));
            assertThat(http.post("/sandbox/webhooks/flush", null, Map.of()).json().get("pending").asInt())
                    .isZero();
            assertThat(WebhookTesting.delivery(http, id).get("attempts")).hasSize(3);
        }
    }

    @Test
    void flushAttemptsPendingDeliveriesWithoutMovingTheClock() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            receiver.script(Reply.status(503));

            String id = deliveryId(emit(http, "payment", "payment.created", "8", SELLER));
            awaitDelivery(http, id, attempts(1));
            Response flushed = http.post("/sandbox/webhooks/flush", null, Map.of());

            assertThat(flushed.json().get("pending").asInt()).isEqualTo(1);
            assertThat(awaitDelivery(http, id, status("delivered")).get("attempts")).hasSize(2);
        }
    }

    @Test
    void fraudAlertsAreNotRetried() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            receiver.script(Reply.status(500));

            String id = deliveryId(emit(http, "stop_delivery_op_wh", "created", "9", SELLER));

            JsonNode failed = awaitDelivery(http, id, status("failed"));
            assertThat(failed.get("attempts")).hasSize(1);
        }
    }

    @Test
    void aNotificationWithoutAnyTargetIsRecordedAsUndeliverable() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String clientId = http.post("/sandbox/applications", null, Map.of("name", "No webhooks")).json()
                    .get("client_id").asText();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("client_id", clientId);
            request.put("type", "payment");
            request.put("action", "payment.created");
            request.put("data_id", "10");
            request.put("user_id", SELLER);

            JsonNode delivery = emit(http, request).get("deliveries").get(0);

            assertThat(delivery.get("status").asText()).isEqualTo("undeliverable");
            assertThat(delivery.get("target").isNull()).isTrue();
            assertThat(delivery.get("note").asText()).isNotBlank();
            Response listed = http.get("/sandbox/webhooks/deliveries?status=undeliverable", null);
            assertThat(listed.json().get("results")).hasSize(1);
        }
    }

    @Test
    void aReplayIsANewDeliveryOfTheSameNotificationWithNewRequestIds() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String id = deliveryId(emit(http, "payment", "payment.updated", "11", SELLER));
            awaitDelivery(http, id, status("delivered"));

            Response replay = http.post("/sandbox/webhooks/deliveries/" + id + "/replay", null, Map.of());

            assertThat(replay.status()).isEqualTo(201);
            String replayId = replay.json().get("id").asText();
            assertThat(replayId).isNotEqualTo(id);
            assertThat(replay.json().get("replay_of").asText()).isEqualTo(id);
            awaitDelivery(http, replayId, status("delivered"));
            List<Received> webhooks = receiver.await(2);
            assertThat(webhooks.get(1).json().get("id")).isEqualTo(webhooks.get(0).json().get("id"));
            assertThat(webhooks.get(1).body()).isEqualTo(webhooks.get(0).body());
            assertThat(webhooks.get(1).header("x-request-id")).isNotEqualTo(webhooks.get(0).header("x-request-id"));
            assertThat(http.post("/sandbox/webhooks/deliveries/nope/replay", null, Map.of()).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aSellersAuthorizationSendsMpConnectApplicationAuthorized() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            long seller = http.user("SELLER_ONE").get("id").asLong();

            http.linkSeller("SELLER_ONE");
            Received webhook = receiver.await(1).get(0);

            assertThat(webhook.query()).containsEntry("type", "mp-connect").containsEntry("data.id",
                    Long.toString(seller));
            JsonNode body = webhook.json();
            assertThat(body.get("type").asText()).isEqualTo("mp-connect");
            assertThat(body.get("action").asText()).isEqualTo("application.authorized");
            assertThat(body.get("user_id").asLong()).isEqualTo(seller);
            assertThat(webhook.header("x-signature")).startsWith("ts=");
        }
    }

    @Test
    void aSellersRevocationSendsMpConnectApplicationDeauthorized() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            long seller = http.user("SELLER_TWO").get("id").asLong();
            String clientId = http.marketplaceApplication().get("client_id").asText();
            http.linkSeller("SELLER_TWO");
            receiver.await(1);

            Response revoked = http.post("/sandbox/users/" + seller + "/revocations", null,
                    Map.of("client_id", clientId));
            Received webhook = receiver.await(2).get(1);

            assertThat(revoked.status()).isEqualTo(200);
            assertThat(webhook.json().get("type").asText()).isEqualTo("mp-connect");
            assertThat(webhook.json().get("action").asText()).isEqualTo("application.deauthorized");
            assertThat(webhook.json().get("user_id").asLong()).isEqualTo(seller);
            assertThat(webhook.query()).containsEntry("data.id", Long.toString(seller));
            Response listed = http.get("/sandbox/webhooks/deliveries?type=mp-connect&user_id=" + seller, null);
            assertThat(listed.json().get("results")).extracting(d -> d.get("action").asText())
                    .containsExactly("application.deauthorized", "application.authorized");
        }
    }

    @Test
    void pendingDeliveriesContinueAfterARestartWithADataDir(@TempDir Path dataDir) {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            MercadoPagoSandboxOptions options = options(receiver).withDataDir(dataDir);
            receiver.script(Reply.status(500));
            String id;
            try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options)) {
                SandboxHttp http = new SandboxHttp(sandbox.url());
                id = deliveryId(emit(http, "payment", "payment.created", "12", SELLER));
                awaitDelivery(http, id, attempts(1));
            }
            try (MercadoPagoSandbox restarted = MercadoPagoSandbox.start(options)) {
                SandboxHttp http = new SandboxHttp(restarted.url());
                JsonNode pending = WebhookTesting.delivery(http, id);
                assertThat(pending.get("status").asText()).isEqualTo("pending");
                assertThat(pending.get("attempts")).hasSize(1);

                advanceClock(http, Duration.ofMinutes(15));
                JsonNode delivered = awaitDelivery(http, id, status("delivered"));

                assertThat(delivered.get("attempts")).extracting(a -> a.get("status_code").asInt())
                        .containsExactly(500, 200);
                assertThat(receiver.received()).hasSize(2);
            }
        }
    }

    @Test
    void deliveriesAreListedNewestFirstWithFiltersAndPaging() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            emit(http, "payment", "payment.created", "100", SELLER);
            emit(http, "payment", "payment.updated", "100", SELLER);
            emit(http, "topic_merchant_order_wh", "update", "200", SELLER + 1);
            receiver.await(3);

            JsonNode all = http.get("/sandbox/webhooks/deliveries", null).json();
            JsonNode payments = http.get("/sandbox/webhooks/deliveries?type=payment&data_id=100", null).json();
            JsonNode page = http.get("/sandbox/webhooks/deliveries?limit=1&offset=1", null).json();
            JsonNode bySeller = http.get("/sandbox/webhooks/deliveries?user_id=" + (SELLER + 1), null).json();

            assertThat(all.get("paging").get("total").asInt()).isEqualTo(3);
            assertThat(all.get("results")).extracting(d -> d.get("data_id").asText())
                    .containsExactly("200", "100", "100");
            assertThat(payments.get("results")).extracting(d -> d.get("action").asText())
                    .containsExactly("payment.updated", "payment.created");
            assertThat(page.get("paging").get("limit").asInt()).isEqualTo(1);
            assertThat(page.get("results")).hasSize(1);
            assertThat(page.get("results").get(0).get("action").asText()).isEqualTo("payment.updated");
            assertThat(bySeller.get("results")).hasSize(1);
            JsonNode delivery = all.get("results").get(1);
            assertThat(delivery.fieldNames()).toIterable().contains("id", "status", "notification_id", "type",
                    "action", "data_id", "user_id", "client_id", "target", "created_at", "next_attempt_at",
                    "notification", "attempts");
            assertThat(http.get("/sandbox/webhooks/deliveries?status=lost", null).status()).isEqualTo(400);
            assertThat(http.get("/sandbox/webhooks/deliveries?limit=x", null).status()).isEqualTo(400);
            assertThat(http.get("/sandbox/webhooks/deliveries/nope", null).json().get("status").asInt())
                    .isEqualTo(404);
        }
    }

    @Test
    void aMerchantOrderNotificationCarriesTheMerchantOrderIdAtTheTopLevel() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("client_id", http.marketplaceApplication().get("client_id").asText());
            request.put("type", "topic_merchant_order_wh");
            request.put("action", "update");
            request.put("data_id", "29622218613");
            request.put("user_id", SELLER);
            request.put("status", "closed");

            emit(http, request);
            Received webhook = receiver.await(1).get(0);

            JsonNode body = webhook.json();
            assertThat(body.get("id").asText()).isEqualTo("29622218613");
            assertThat(body.get("status").asText()).isEqualTo("closed");
            assertThat(body.get("data").get("status").asText()).isEqualTo("closed");
            assertThat(body.fieldNames()).toIterable().contains("action", "application_id", "data", "date_created",
                    "id", "live_mode", "status", "type", "user_id", "version");
            assertThat(webhook.query()).containsEntry("data.id", "29622218613");
        }
    }

    @Test
    void aTestNotificationWithBadInputIsRefusedWithTheEnvelope() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(options(receiver))) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            String clientId = http.marketplaceApplication().get("client_id").asText();

            Response malformed = http.post("/sandbox/webhooks/test", null, "{not json");
            Response missingType = http.post("/sandbox/webhooks/test", null, Map.of("client_id", clientId,
                    "action", "a", "data_id", "1", "user_id", 1));
            Response badUser = http.post("/sandbox/webhooks/test", null, Map.of("client_id", clientId, "type",
                    "payment", "action", "a", "data_id", "1", "user_id", "x"));
            Response noTarget = http.post("/sandbox/webhooks/test", null, Map.of("type", "payment", "action", "a",
                    "data_id", "1", "user_id", 1));
            Response unknownApp = http.post("/sandbox/webhooks/test", null, Map.of("client_id", "0", "type",
                    "payment", "action", "a", "data_id", "1", "user_id", 1));

            for (Response response : List.of(malformed, missingType, badUser, noTarget)) {
                assertThat(response.status()).isEqualTo(400);
                assertThat(response.json().fieldNames()).toIterable().contains("message", "error", "status",
                        "cause");
            }
            assertThat(unknownApp.status()).isEqualTo(404);
            assertThat(http.get("/sandbox/webhooks/deliveries", null).json().get("paging").get("total").asInt())
                    .isZero();
        }
    }

    private static String deliveryId(JsonNode emitted) {
        return emitted.get("deliveries").get(0).get("id").asText();
    }

    private static OffsetDateTime time(JsonNode timestamp) {
        return OffsetDateTime.parse(timestamp.asText());
    }
}
