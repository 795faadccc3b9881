package dev.mpmarketplace.sandbox.mercadopago.point;

import static dev.mpmarketplace.sandbox.mercadopago.point.PointFixture.API;
import static dev.mpmarketplace.sandbox.mercadopago.point.PointFixture.intent;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver.Received;

/**
 * Payment intents and refund intents of the Point Integration API, driven through the device simulator of the control
 * API (docs/sandbox/point.md).
 */
class PaymentIntentsTest {

    @Test
    void anIntentIsCreatedWithTheDocumentedShapeAndQueuedOnItsDevice() {
        try (PointFixture point = new PointFixture()) {
            ObjectNode body = intent(1500);

            Response created = point.createIntent(point.pdvDevice, body);
            String id = created.json().get("id").asText();
            JsonNode read = point.getIntent(id);

            assertThat(created.status()).isEqualTo(200);
            assertThat(created.json().fieldNames()).toIterable().containsExactly("id", "device_id", "amount",
                    "description", "payment", "additional_info");
            assertThat(id).matches("[0-9a-f-]{36}");
            assertThat(created.json().get("device_id").asText()).isEqualTo(point.pdvDevice);
            assertThat(created.json().get("amount").asLong()).isEqualTo(1500);
            assertThat(created.json().get("payment")).isEqualTo(body.get("payment"));
            assertThat(created.json().get("additional_info")).isEqualTo(body.get("additional_info"));
            assertThat(read.get("state").asText()).isEqualTo("OPEN");
            assertThat(read.get("payment").has("id")).isFalse();
            assertThat(point.http.get("/sandbox/point/devices/" + point.pdvDevice, null).json().get("queued")
                    .get("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void aSecondIntentOnABusyDeviceGetsTheQueuedError() {
        try (PointFixture point = new PointFixture()) {
            String first = point.queuedIntent(1500);

            Response second = point.createIntent(point.pdvDevice, intent(2500));

            assertThat(second.status()).isEqualTo(409);
            assertThat(second.json().get("error").asText()).isEqualTo("2205");
            assertThat(second.json().get("message").asText()).isEqualTo("Device has a queued payment intent");
            assertThat(second.json().get("payment_intent_id").asText()).isEqualTo(first);
        }
    }

    @Test
    void badIntentsAreRefusedAndLeaveTheDeviceFree() {
        try (PointFixture point = new PointFixture()) {
            ObjectNode decimal = intent(1500);
            decimal.put("amount", 15.5);
            ObjectNode tooSmall = intent(99);
            ObjectNode tooLarge = intent(7_000_001);
            ObjectNode debitInstallments = intent(5000);
            ((ObjectNode) debitInstallments.get("payment")).put("type", "debit_card").put("installments", 3);
            ObjectNode smallInstallments = intent(1500);
            ((ObjectNode) smallInstallments.get("payment")).put("installments", 4);
            ObjectNode badType = intent(1500);
            ((ObjectNode) badType.get("payment")).put("type", "pix");
            ObjectNode missing = intent(1500);
            missing.remove("amount");

            for (ObjectNode bad : List.of(decimal, tooSmall, tooLarge, debitInstallments, smallInstallments, badType,
                    missing)) {
                Response refused = point.createIntent(point.pdvDevice, bad);
                assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
                assertThat(refused.json().get("error").asText()).isEqualTo("bad_request");
            }
            Response foreign = point.http.post(API + "/devices/" + point.pdvDevice + "/payment-intents",
                    point.otherSeller, intent(1500));
            assertThat(foreign.status()).isEqualTo(403);
            assertThat(point.http.get("/sandbox/point/devices/" + point.pdvDevice, null).json().get("queued")
                    .isNull()).isTrue();
            assertThat(point.createIntent(point.pdvDevice, intent(100)).status()).as("the MLB minimum")
                    .isEqualTo(200);
        }
    }

    @Test
    void aProcessedIntentCreatesTheSellersPaymentAndNotifiesEveryWay() {
        try (PointFixture point = new PointFixture()) {
            point.validatedWebhook();
            String id = point.queuedIntent(1500);

            JsonNode picked = point.act(point.pdvDevice, "pick-up");
            Response cancel = point.http.send("DELETE", API + "/devices/" + point.pdvDevice + "/payment-intents/"
                    + id, point.seller, null, null);
            JsonNode processed = point.act(point.pdvDevice, "process");
            JsonNode read = point.getIntent(id);
            long paymentId = read.get("payment").get("id").asLong();
            JsonNode payment = point.http.get("/v1/payments/" + paymentId, point.seller).json();

            assertThat(picked.get("resource").get("state").asText()).isEqualTo("ON_TERMINAL");
            assertThat(cancel.status()).isEqualTo(409);
            assertThat(processed.get("kind").asText()).isEqualTo("payment_intent");
            assertThat(processed.get("device").get("queued").isNull()).isTrue();
            assertThat(read.get("state").asText()).isEqualTo("FINISHED");
            assertThat(payment.get("status").asText()).isEqualTo("approved");
            assertThat(payment.get("transaction_amount").decimalValue()).isEqualByComparingTo("15.00");
            assertThat(payment.get("collector_id").asLong()).isEqualTo(point.sellerId);
            assertThat(payment.get("point_of_interaction").get("type").asText()).isEqualTo("POINT");
            assertThat(payment.get("external_reference").asText()).startsWith("our-intent-");
            assertThat(payment.get("description").asText()).isEqualTo("Table 4");

            Received integrator = point.receiver.awaitMatching(r -> r.method().equals("POST")
                    && r.path().equals("/webhooks/point"));
            JsonNode body = integrator.json();
            assertThat(body.fieldNames()).toIterable().containsExactly("amount", "caller_id", "client_id",
                    "created_at", "id", "payment", "state", "additional_info");
            assertThat(body.get("state").asText()).isEqualTo("FINISHED");
            assertThat(body.get("caller_id").asLong()).isEqualTo(point.sellerId);
            assertThat(body.get("client_id").asLong()).isEqualTo(point.http.marketplaceApplication()
                    .get("client_id").asLong());
            assertThat(body.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
            assertThat(body.get("payment").toString()).isEqualTo("{\"id\":" + paymentId
                    + ",\"state\":\"approved\",\"type\":\"credit_card\"}");
            assertThat(integrator.header("x-signature")).as("the integrator webhook is unsigned").isNull();
            JsonNode wh = point.awaitDelivery("point_integration_wh", id, d -> d.get("status").asText()
                    .equals("delivered"));
            assertThat(wh.get("action").asText()).isEqualTo("state_FINISHED");
            assertThat(wh.get("signed").asBoolean()).isTrue();
            assertThat(wh.get("notification").get("data").get("id").asText()).isEqualTo(id);
            point.awaitDelivery("payment", Long.toString(paymentId), d -> d.get("action").asText()
                    .equals("payment.created"));
        }
    }

    @Test
    void amountsCodeTheOutcomeAsMercadoPagosPointSimulatorDoes() {
        try (PointFixture point = new PointFixture()) {
            String rejected = point.queuedIntent(1200);
            point.act(point.pdvDevice, "process");
            String error = point.queuedIntent(1300);
            point.act(point.pdvDevice, "process");
            String reversed = point.queuedIntent(1100);
            point.act(point.pdvDevice, "process");

            JsonNode rejectedIntent = point.getIntent(rejected);
            assertThat(rejectedIntent.get("state").asText()).isEqualTo("FINISHED");
            assertThat(point.http.get("/v1/payments/" + rejectedIntent.get("payment").get("id").asLong(),
                    point.seller).json().get("status").asText()).isEqualTo("rejected");
            JsonNode errorIntent = point.getIntent(error);
            assertThat(errorIntent.get("state").asText()).isEqualTo("ERROR");
            assertThat(errorIntent.get("payment").has("id")).isFalse();
            JsonNode reversedPayment = point.http.get("/v1/payments/" + point.getIntent(reversed).get("payment")
                    .get("id").asLong(), point.seller).json();
            assertThat(reversedPayment.get("status").asText()).isEqualTo("refunded");
            assertThat(reversedPayment.get("transaction_amount_refunded").decimalValue())
                    .isEqualByComparingTo("11.00");
        }
    }

    @Test
    void anOpenIntentIsCancelledThroughTheApiAndAnUntouchedOneIsAbandonedAfterFifteenMinutes() {
        try (PointFixture point = new PointFixture()) {
            String cancelled = point.queuedIntent(1500);
            Response cancel = point.http.send("DELETE", API + "/devices/" + point.pdvDevice + "/payment-intents/"
                    + cancelled, point.seller, null, null);
            String abandoned = point.queuedIntent(1500);
            point.advanceClock(Duration.ofMinutes(14));
            String beforeTime = point.getIntent(abandoned).get("state").asText();
            point.advanceClock(Duration.ofMinutes(1));

            assertThat(cancel.status()).isEqualTo(200);
            assertThat(cancel.json().toString()).isEqualTo("{\"id\":\"" + cancelled + "\"}");
            assertThat(point.getIntent(cancelled).get("state").asText()).isEqualTo("CANCELED");
            assertThat(beforeTime).isEqualTo("OPEN");
            assertThat(point.getIntent(abandoned).get("state").asText()).isEqualTo("ABANDONED");
            assertThat(point.deliveries("point_integration_wh", abandoned)).extracting(d -> d.get("action").asText())
                    .containsExactly("state_ABANDONED");
            assertThat(point.deliveries("point_integration_wh", cancelled)).extracting(d -> d.get("action").asText())
                    .containsExactly("state_CANCELED");
            assertThat(point.createIntent(point.pdvDevice, intent(1500)).status()).as("the device is free")
                    .isEqualTo(200);
        }
    }

    @Test
    void theDeviceCanCancelErrOrLeaveTheResultForConfirmation() {
        try (PointFixture point = new PointFixture()) {
            point.validatedWebhook();
            String cancelled = point.queuedIntent(1500);
            point.act(point.pdvDevice, "cancel");
            String failed = point.queuedIntent(1500);
            point.act(point.pdvDevice, "start-processing");
            point.act(point.pdvDevice, "error");
            String unconfirmed = point.queuedIntent(1500);
            point.act(point.pdvDevice, "confirmation-required");

            assertThat(point.getIntent(cancelled).get("state").asText()).isEqualTo("CANCELED");
            assertThat(point.getIntent(failed).get("state").asText()).isEqualTo("ERROR");
            JsonNode confirmation = point.getIntent(unconfirmed);
            assertThat(confirmation.get("state").asText()).isEqualTo("CONFIRMATION_REQUIRED");
            long paymentId = confirmation.get("payment").get("id").asLong();
            assertThat(point.http.get("/v1/payments/" + paymentId, point.seller).json().get("status").asText())
                    .as("the payment exists: check it before delivering the goods").isEqualTo("approved");
            JsonNode body = point.receiver.awaitMatching(r -> r.path().equals("/webhooks/point")
                    && r.body().contains(unconfirmed)).json();
            assertThat(body.get("payment").get("state").asText()).isEmpty();
            assertThat(body.get("payment").get("type").asText()).isEmpty();
            JsonNode cancelledBody = point.receiver.awaitMatching(r -> r.path().equals("/webhooks/point")
                    && r.method().equals("POST") && r.body().contains(cancelled)).json();
            assertThat(cancelledBody.has("payment")).as("CANCELED carries no payment").isFalse();
            Response idle = point.device(point.pdvDevice, "process", Map.of());
            assertThat(idle.status()).isEqualTo(409);
            assertThat(idle.json().get("error").asText()).isEqualTo("nothing_queued");
        }
    }

    @Test
    void eventsGiveTheLastStateAndTheFinalStatesOfADateRange() {
        try (PointFixture point = new PointFixture()) {
            String finished = point.queuedIntent(1500);
            point.act(point.pdvDevice, "process");
            String open = point.queuedIntent(1500);
            String today = LocalDate.now(ZoneOffset.UTC).toString();

            JsonNode last = point.http.get(API + "/payment-intents/" + finished + "/events", point.seller).json();
            JsonNode byDate = point.http.get(API + "/payment-intents/events?startDate=" + today + "&endDate="
                    + today, point.seller).json();
            Response tooLong = point.http.get(API + "/payment-intents/events?startDate=2026-01-01&endDate="
                    + "2026-03-01", point.seller);

            assertThat(last.fieldNames()).toIterable().containsExactly("status", "created_on");
            assertThat(last.get("status").asText()).isEqualTo("FINISHED");
            assertThat(last.get("created_on").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
            assertThat(byDate.get("events")).extracting(e -> e.get("payment_intent_id").asText())
                    .containsExactly(finished).doesNotContain(open);
            assertThat(tooLong.status()).isEqualTo(400);
        }
    }

    @Test
    void aRefundIntentRunsOnTheDeviceOfThePaymentAndRefundsIt() {
        try (PointFixture point = new PointFixture()) {
            point.queuedIntent(2500);
            long paymentId = point.act(point.pdvDevice, "process").get("resource").get("payment").get("id").asLong();
            ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            body.put("payment_id", Long.toString(paymentId));
            body.putObject("additional_info").putArray("print_on_terminal").add("SELLER_TICKET").add("BUYER_TICKET");

            Response elsewhere = point.http.post(API + "/devices/" + point.standaloneDevice + "/refund",
                    point.seller, body);
            Response created = point.http.post(API + "/devices/" + point.pdvDevice + "/refund", point.seller, body);
            String id = created.json().get("id").asText();
            JsonNode open = point.http.get(API + "/refund/" + id, point.seller).json();
            JsonNode processed = point.act(point.pdvDevice, "process");

            assertThat(elsewhere.status()).isEqualTo(400);
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.json().fieldNames()).toIterable().containsExactly("id", "payment_id", "device_id",
                    "additional_info");
            assertThat(created.json().get("payment_id").asText()).isEqualTo(Long.toString(paymentId));
            assertThat(open.get("state").asText()).isEqualTo("OPEN");
            assertThat(processed.get("kind").asText()).isEqualTo("refund_intent");
            assertThat(point.http.get(API + "/refund/" + id, point.seller).json().get("state").asText())
                    .isEqualTo("FINISHED");
            assertThat(point.http.get("/v1/payments/" + paymentId, point.seller).json().get("status").asText())
                    .isEqualTo("refunded");
            assertThat(point.deliveries("point_integration_wh", id)).extracting(d -> d.get("action").asText())
                    .containsExactly("refund_state_FINISHED");
            Response again = point.http.post(API + "/devices/" + point.pdvDevice + "/refund", point.seller, body);
            assertThat(again.status()).as("a refunded payment is not refunded twice").isEqualTo(400);
        }
    }

    @Test
    void anOpenRefundIntentIsCancelledAndABadOneChangesNothing() {
        try (PointFixture point = new PointFixture()) {
            point.queuedIntent(2500);
            long paymentId = point.act(point.pdvDevice, "process").get("resource").get("payment").get("id").asLong();

            Response badPayment = point.http.post(API + "/devices/" + point.pdvDevice + "/refund", point.seller,
                    Map.of("payment_id", "123"));
            Response badTickets = point.http.post(API + "/devices/" + point.pdvDevice + "/refund", point.seller,
                    Map.of("payment_id", Long.toString(paymentId), "additional_info",
                            Map.of("print_on_terminal", true)));
            String id = point.http.post(API + "/devices/" + point.pdvDevice + "/refund", point.seller,
                    Map.of("payment_id", Long.toString(paymentId))).json().get("id").asText();
            Response cancel = point.http.send("DELETE", API + "/devices/" + point.pdvDevice + "/refund/" + id,
                    point.seller, null, null);

            assertThat(badPayment.status()).isEqualTo(400);
            assertThat(badTickets.status()).isEqualTo(400);
            assertThat(cancel.status()).isEqualTo(200);
            assertThat(point.http.get(API + "/refund/" + id, point.seller).json().get("state").asText())
                    .isEqualTo("CANCELED");
            assertThat(point.http.get("/v1/payments/" + paymentId, point.seller).json().get("status").asText())
                    .isEqualTo("approved");
            assertThat(point.http.get(API + "/refund/" + id, point.otherSeller).status()).isEqualTo(404);
        }
    }

    @Test
    void intermediateStatesAreNotifiedWhenTheSandboxIsToldTo() {
        try (PointFixture point = new PointFixture()) {
            point.http.put("/sandbox/point/settings", null, Map.of("notify_intermediate_states", true));
            String id = point.queuedIntent(1500);
            point.act(point.pdvDevice, "process");

            point.awaitDelivery("point_integration_wh", id, d -> d.get("action").asText().equals("state_FINISHED"));
            assertThat(point.deliveries("point_integration_wh", id)).extracting(d -> d.get("action").asText())
                    .containsExactly("state_OPEN", "state_ON_TERMINAL", "state_PROCESSING", "state_PROCESSED",
                            "state_FINISHED");
        }
    }

    @Test
    void faultRulesApplyToThePointApi() {
        try (PointFixture point = new PointFixture()) {
            point.http.post("/sandbox/faults", null, Map.of("kind", "error", "path", API + "/devices/*/payment-intents",
                    "status", 503, "times", 1));

            Response failed = point.createIntent(point.pdvDevice, intent(1500));

            assertThat(failed.status()).isEqualTo(503);
            assertThat(point.http.get("/sandbox/point/devices/" + point.pdvDevice, null).json().get("queued")
                    .isNull()).isTrue();
            assertThat(point.createIntent(point.pdvDevice, intent(1500)).status()).isEqualTo(200);
        }
    }

    @Test
    void devicesIntentsAndIntegratorsSurviveARestart(@TempDir Path dataDir) {
        String intent;
        JsonNode before;
        JsonNode integrator;
        String seller;
        String device;
        try (PointFixture point = new PointFixture(options -> options.withDataDir(dataDir))) {
            seller = point.seller;
            device = point.pdvDevice;
            point.validatedWebhook();
            intent = point.queuedIntent(1500);
            point.act(device, "pick-up");
            before = point.getIntent(intent);
            integrator = point.http.get(API + "/integrators", seller).json();
        }
        try (PointFixture restarted = new PointFixture(options -> options.withDataDir(dataDir))) {
            assertThat(restarted.http.get(API + "/payment-intents/" + intent, seller).json()).isEqualTo(before);
            assertThat(restarted.http.get(API + "/integrators", seller).json()).isEqualTo(integrator);
            assertThat(restarted.http.get("/sandbox/point/devices/" + device, null).json().get("queued").get("id")
                    .asText()).isEqualTo(intent);
            restarted.act(device, "process");
            assertThat(restarted.http.get(API + "/payment-intents/" + intent, seller).json().get("state").asText())
                    .isEqualTo("FINISHED");
        }
    }
}
