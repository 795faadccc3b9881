package dev.mpmarketplace.sandbox.mercadopago.point;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver.Received;

/** Orders API orders of type point ({@code /v1/orders}), driven by the same device simulator (docs/sandbox/point.md). */
class PointOrdersTest {

    private static final String ORDER_ID = "ORD[0-9A-Z]{26}";

    @Test
    void anOrderIsCreatedWithTheDocumentedShapeAndItsKeyAnswersItAgain() {
        try (PointFixture point = new PointFixture()) {
            ObjectNode body = point.order("100.00");
            String key = UUID.randomUUID().toString();

            Response created = point.createOrder(body, key);
            Response replayed = point.createOrder(body, key);
            ObjectNode other = point.order("50.00");
            Response reused = point.createOrder(other, key);
            JsonNode order = created.json();

            assertThat(created.status()).isEqualTo(201);
            PointFixture.assertHasFields(order, "id", "type", "processing_mode", "external_reference",
                    "description", "expiration_time", "country_code", "user_id", "status", "status_detail",
                    "currency", "created_date", "last_updated_date", "integration_data", "transactions", "config");
            assertThat(order.get("id").asText()).matches(ORDER_ID);
            assertThat(order.get("type").asText()).isEqualTo("point");
            assertThat(order.get("status").asText()).isEqualTo("created");
            assertThat(order.get("status_detail").asText()).isEqualTo("created");
            assertThat(order.get("expiration_time").asText()).isEqualTo("PT15M");
            assertThat(order.get("user_id").asText()).isEqualTo(Long.toString(point.sellerId));
            assertThat(order.get("currency").asText()).isEqualTo("BRL");
            assertThat(order.get("created_date").asText())
                    .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            JsonNode payment = order.get("transactions").get("payments").get(0);
            assertThat(payment.get("id").asText()).matches("PAY[0-9A-Z]{26}");
            assertThat(payment.get("amount").asText()).isEqualTo("100.00");
            assertThat(payment.get("status").asText()).isEqualTo("created");
            assertThat(order.get("config")).isEqualTo(body.get("config"));
            assertThat(replayed.status()).isEqualTo(201);
            assertThat(replayed.json().get("id")).isEqualTo(order.get("id"));
            assertThat(reused.status()).isEqualTo(409);
            assertThat(reused.json().get("errors").get(0).get("code").asText())
                    .isEqualTo("idempotency_key_already_used");
        }
    }

    @Test
    void badOrdersAreRefusedWithTheOrdersApiErrorsAndLeaveTheTerminalFree() {
        try (PointFixture point = new PointFixture()) {
            ObjectNode numberAmount = point.order("10.00");
            ((ObjectNode) numberAmount.get("transactions").get("payments").get(0)).put("amount", 10);
            ObjectNode twoPayments = point.order("10.00");
            ((ArrayNode) twoPayments.get("transactions").get("payments")).addObject().put("amount", "5.00");
            ObjectNode unsupported = point.order("10.00");
            unsupported.put("notification_url", "https://example.com");
            ObjectNode noTerminal = point.order("10.00");
            ((ObjectNode) noTerminal.get("config").get("point")).remove("terminal_id");
            ObjectNode foreignTerminal = point.order("10.00");
            String otherDevice = point.http.get(PointFixture.API + "/devices", point.otherSeller).json()
                    .get("devices").get(0).get("id").asText();
            ((ObjectNode) foreignTerminal.get("config").get("point")).put("terminal_id", otherDevice);
            ObjectNode tooMuch = point.order("70000.01");

            Map<ObjectNode, String> cases = new java.util.LinkedHashMap<>();
            cases.put(numberAmount, "property_type");
            cases.put(twoPayments, "maximum_items");
            cases.put(unsupported, "unsupported_properties");
            cases.put(noTerminal, "required_properties");
            cases.put(foreignTerminal, "property_value");
            cases.put(tooMuch, "property_value");
            cases.forEach((body, code) -> {
                Response refused = point.createOrder(body, UUID.randomUUID().toString());
                assertThat(refused.status()).as(body.toString()).isEqualTo(400);
                assertThat(refused.json().get("errors").get(0).get("code").asText()).as(refused.body())
                        .isEqualTo(code);
                assertThat(refused.json().get("errors").get(0).has("details")).isTrue();
            });
            Response noKey = point.http.post("/v1/orders", point.seller, point.order("10.00"));
            assertThat(noKey.status()).isEqualTo(400);
            assertThat(noKey.json().get("errors").get(0).get("code").asText()).isEqualTo("empty_required_header");
            Response notJson = point.createOrder("{", UUID.randomUUID().toString());
            assertThat(notJson.json().get("errors").get(0).get("code").asText()).isEqualTo("json_syntax_error");
            assertThat(point.http.get("/sandbox/point/devices/" + point.pdvDevice, null).json().get("queued")
                    .isNull()).isTrue();
        }
    }

    @Test
    void aBusyTerminalRefusesAnotherOrderOrIntent() {
        try (PointFixture point = new PointFixture()) {
            String order = point.queuedOrder("10.00");

            Response second = point.createOrder(point.order("20.00"), UUID.randomUUID().toString());
            Response intent = point.createIntent(point.pdvDevice, PointFixture.intent(1500));

            assertThat(second.status()).isEqualTo(409);
            assertThat(second.json().get("errors").get(0).get("code").asText())
                    .isEqualTo("already_queued_order_on_terminal");
            assertThat(intent.status()).isEqualTo(409);
            assertThat(intent.json().get("payment_intent_id").asText()).isEqualTo(order);
        }
    }

    @Test
    void aProcessedOrderHasItsPaymentAndASignedOrderWebhookWithTheOrderAsData() {
        try (PointFixture point = new PointFixture()) {
            String id = point.queuedOrder("150.00");

            JsonNode atTerminal = point.act(point.pdvDevice, "pick-up").get("resource");
            point.act(point.pdvDevice, "process", Map.of("payment_type", "debit_card"));
            JsonNode order = point.getOrder(id);
            JsonNode transaction = order.get("transactions").get("payments").get(0);
            long paymentId = Long.parseLong(transaction.get("reference").get("id").asText());

            assertThat(atTerminal.get("status").asText()).isEqualTo("at_terminal");
            assertThat(order.get("status").asText()).isEqualTo("processed");
            assertThat(order.get("status_detail").asText()).isEqualTo("processed");
            assertThat(transaction.get("status").asText()).isEqualTo("processed");
            assertThat(transaction.get("paid_amount").asText()).isEqualTo("150.00");
            assertThat(transaction.get("payment_method").get("type").asText()).isEqualTo("debit_card");
            JsonNode payment = point.http.get("/v1/payments/" + paymentId, point.seller).json();
            assertThat(payment.get("status").asText()).isEqualTo("approved");
            assertThat(payment.get("payment_type_id").asText()).isEqualTo("debit_card");
            assertThat(payment.get("external_reference").asText()).isEqualTo(order.get("external_reference")
                    .asText());

            JsonNode delivery = point.awaitDelivery("order", id, d -> d.get("status").asText().equals("delivered"));
            assertThat(delivery.get("action").asText()).isEqualTo("order.processed");
            JsonNode webhook = delivery.get("notification");
            assertThat(webhook.get("type").asText()).isEqualTo("order");
            assertThat(webhook.get("data").get("id").asText()).isEqualTo(id);
            assertThat(webhook.get("data").get("status").asText()).isEqualTo("processed");
            assertThat(webhook.get("data").get("total_paid_amount").asText()).isEqualTo("150.00");
            assertThat(webhook.get("data").get("transactions").get("payments").get(0).get("reference").get("id")
                    .asText()).isEqualTo(Long.toString(paymentId));
            Received received = point.receiver.awaitMatching(r -> r.body().contains("order.processed"));
            assertThat(received.query().get("data.id")).as("the id exactly as the order has it").isEqualTo(id);
            assertThat(received.header("x-signature")).startsWith("ts=");
        }
    }

    @Test
    void amountsCodeFailures() {
        try (PointFixture point = new PointFixture()) {
            String rejected = point.queuedOrder("12.00");
            point.act(point.pdvDevice, "process");
            String error = point.queuedOrder("13.00");
            point.act(point.pdvDevice, "process");
            String reversed = point.queuedOrder("11.00");
            point.act(point.pdvDevice, "process");

            assertThat(point.getOrder(rejected).get("status_detail").asText()).isEqualTo("rejected_by_issuer");
            assertThat(point.getOrder(error).get("status_detail").asText()).isEqualTo("processing_error");
            JsonNode reversedOrder = point.getOrder(reversed);
            assertThat(reversedOrder.get("status").asText()).isEqualTo("failed");
            assertThat(reversedOrder.get("status_detail").asText()).isEqualTo("reversed");
            for (String id : List.of(rejected, error, reversed)) {
                assertThat(point.getOrder(id).get("status").asText()).isEqualTo("failed");
                point.awaitDelivery("order", id, d -> d.get("action").asText().equals("order.failed"));
            }
        }
    }

    @Test
    void aCreatedOrderIsCancelledAtOnceAndOneAtTheTerminalOnlyAsynchronouslyWithTheHeader() {
        try (PointFixture point = new PointFixture()) {
            String created = point.queuedOrder("10.00");
            Response cancelCreated = cancel(point, created, false);
            String atTerminal = point.queuedOrder("10.00");
            point.act(point.pdvDevice, "pick-up");

            Response refused = cancel(point, atTerminal, false);
            Response accepted = cancel(point, atTerminal, true);
            String stillAtTerminal = point.getOrder(atTerminal).get("status").asText();
            point.advanceClock(Duration.ofSeconds(2));

            assertThat(cancelCreated.status()).isEqualTo(200);
            assertThat(cancelCreated.json().get("status").asText()).isEqualTo("canceled");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("errors").get(0).get("code").asText()).isEqualTo("cannot_cancel_order");
            assertThat(accepted.status()).isEqualTo(202);
            assertThat(accepted.json().get("status").asText()).isEqualTo("at_terminal");
            assertThat(stillAtTerminal).isEqualTo("at_terminal");
            assertThat(point.getOrder(atTerminal).get("status").asText()).isEqualTo("canceled");
            point.awaitDelivery("order", atTerminal, d -> d.get("action").asText().equals("order.canceled"));
            assertThat(cancel(point, atTerminal, true).status()).isEqualTo(409);
        }
    }

    @Test
    void theTerminalWinsARaceWithAnAsynchronousCancel() {
        try (PointFixture point = new PointFixture()) {
            String id = point.queuedOrder("10.00");
            point.act(point.pdvDevice, "pick-up");
            cancel(point, id, true);

            point.act(point.pdvDevice, "process");
            point.advanceClock(Duration.ofSeconds(5));

            assertThat(point.getOrder(id).get("status").asText()).isEqualTo("processed");
        }
    }

    @Test
    void ordersExpireAndTurnActionRequiredOnTheSandboxClock() {
        try (PointFixture point = new PointFixture()) {
            ObjectNode shortLived = point.order("10.00");
            shortLived.put("expiration_time", "PT1M");
            String expiring = point.createOrder(shortLived, UUID.randomUUID().toString()).json().get("id").asText();
            point.advanceClock(Duration.ofMinutes(1));
            String slow = point.queuedOrder("10.00");
            point.act(point.pdvDevice, "start-processing");
            point.advanceClock(Duration.ofSeconds(40));
            JsonNode actionRequired = point.getOrder(slow);
            point.act(point.pdvDevice, "process");

            assertThat(point.getOrder(expiring).get("status").asText()).isEqualTo("expired");
            point.awaitDelivery("order", expiring, d -> d.get("action").asText().equals("order.expired"));
            assertThat(actionRequired.get("status").asText()).isEqualTo("action_required");
            assertThat(actionRequired.get("status_detail").asText()).isEqualTo("check_on_terminal");
            assertThat(point.getOrder(slow).get("status").asText()).isEqualTo("processed");
            assertThat(point.deliveries("order", slow)).extracting(d -> d.get("action").asText())
                    .containsExactly("order.action_required", "order.processed");
        }
    }

    @Test
    void aProcessedOrderIsRefundedInPartsThenWhole() {
        try (PointFixture point = new PointFixture()) {
            String id = point.queuedOrder("100.00");
            Response early = point.http.post("/v1/orders/" + id + "/refund", point.seller, null,
                    Map.of("X-Idempotency-Key", UUID.randomUUID().toString()));
            point.act(point.pdvDevice, "process");
            String transaction = point.getOrder(id).get("transactions").get("payments").get(0).get("id").asText();
            String key = UUID.randomUUID().toString();
            Map<String, Object> partial = Map.of("transactions", List.of(Map.of("id", transaction, "amount",
                    "30.00")));

            Response first = point.http.post("/v1/orders/" + id + "/refund", point.seller, partial,
                    Map.of("X-Idempotency-Key", key));
            Response replay = point.http.post("/v1/orders/" + id + "/refund", point.seller, partial,
                    Map.of("X-Idempotency-Key", key));
            Response rest = point.http.post("/v1/orders/" + id + "/refund", point.seller, null,
                    Map.of("X-Idempotency-Key", UUID.randomUUID().toString()));
            long paymentId = Long.parseLong(rest.json().get("transactions").get("payments").get(0).get("reference")
                    .get("id").asText());

            assertThat(early.status()).isEqualTo(409);
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.json().get("status").asText()).isEqualTo("processed");
            assertThat(first.json().get("status_detail").asText()).isEqualTo("partially_refunded");
            assertThat(replay.json().get("transactions").get("refunds")).hasSize(1);
            assertThat(rest.json().get("status").asText()).isEqualTo("refunded");
            assertThat(rest.json().get("transactions").get("refunds")).extracting(r -> r.get("amount").asText())
                    .containsExactly("30.00", "70.00");
            JsonNode payment = point.http.get("/v1/payments/" + paymentId, point.seller).json();
            assertThat(payment.get("status").asText()).isEqualTo("refunded");
            assertThat(payment.get("refunds")).hasSize(2);
        }
    }

    @Test
    void anOrderWhoseAnswerWasLostIsAnsweredAgainToItsKeyAndQueuedOnce() {
        try (PointFixture point = new PointFixture()) {
            point.http.post("/sandbox/faults", null, Map.of("kind", "lost_answer", "mode", "error", "path",
                    "/v1/orders", "method", "POST", "times", 1));
            ObjectNode body = point.order("42.00");
            String key = UUID.randomUUID().toString();

            Response lost = point.createOrder(body, key);
            String queued = point.http.get("/sandbox/point/devices/" + point.pdvDevice, null).json().get("queued")
                    .get("id").asText();
            Response retried = point.createOrder(body, key);

            assertThat(lost.status()).isEqualTo(502);
            assertThat(retried.status()).isEqualTo(201);
            assertThat(retried.json().get("id").asText()).isEqualTo(queued);
        }
    }

    @Test
    void anotherSellersOrderIsNotFound() {
        try (PointFixture point = new PointFixture()) {
            String id = point.queuedOrder("10.00");

            Response foreign = point.http.get("/v1/orders/" + id, point.otherSeller);

            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.json().toString()).isEqualTo(
                    "{\"errors\":[{\"code\":\"order_not_found\",\"message\":\"Order not found\",\"details\":[]}]}");
        }
    }

    @Test
    void ordersSurviveARestart(@TempDir Path dataDir) {
        String id;
        String seller;
        JsonNode before;
        try (PointFixture point = new PointFixture(options -> options.withDataDir(dataDir))) {
            seller = point.seller;
            id = point.queuedOrder("25.00");
            point.act(point.pdvDevice, "process");
            before = point.getOrder(id);
        }
        try (PointFixture restarted = new PointFixture(options -> options.withDataDir(dataDir))) {
            assertThat(restarted.http.get("/v1/orders/" + id, seller).json()).isEqualTo(before);
        }
    }

    private static Response cancel(PointFixture point, String id, boolean atTerminal) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("X-Idempotency-Key",
                UUID.randomUUID().toString()));
        if (atTerminal) {
            headers.put("x-allow-cancelable-status", "at_terminal");
        }
        return point.http.post("/v1/orders/" + id + "/cancel", point.seller, null, headers);
    }
}
