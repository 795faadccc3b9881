package dev.mpmarketplace.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.payment.PaymentCommandTypes;
import dev.mpmarketplace.events.payment.PaymentEventTypes;
import dev.mpmarketplace.payment.service.PaymentCommands;
import dev.mpmarketplace.payment.support.Kafka;
import dev.mpmarketplace.payment.support.PaymentRequestsForTests;
import dev.mpmarketplace.payment.support.PaymentServiceTest;
import dev.mpmarketplace.payment.support.Sellers;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Commands on {@code payments.commands} run the same use cases as the HTTP API: the same command delivered twice, or
 * sent twice with one key, is one payment; a command that cannot be carried out is stated as a command-failed event
 * with its reason (and Mercado Pago's causes); an unreadable one is dead-lettered.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class PaymentCommandsTest extends PaymentServiceTest {

    Map<String, Object> createCommand(Sellers.LinkedSeller seller, String key, String amount, String fee) {
        Map<String, Object> command = new HashMap<>(PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), amount, fee));
        command.put("idempotency_key", key);
        return command;
    }

    String outcome(String commandId) {
        return outcome(PaymentCommands.CONSUMER, commandId);
    }

    List<Kafka.Event> failures(String commandId) {
        return kafka().read(Topic.PAYMENT_EVENTS, e -> PaymentEventTypes.COMMAND_FAILED.equals(e.type())
                && commandId.equals(e.data().path("command_id").asText()), 1, Duration.ofSeconds(10));
    }

    JsonNode paymentByKey(long sellerId, String key) {
        JsonNode payments = given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ))
                .queryParam("seller", sellerId).get("/payments").then().statusCode(200).extract().as(JsonNode.class)
                .get("payments");
        for (JsonNode payment : payments) {
            if (key.equals(payment.path("idempotency_key").asText())) {
                return payment;
            }
        }
        return null;
    }

    @Test
    void theSameCreateCommandDeliveredTwiceOrSentTwiceWithOneKeyIsOnePayment() {
        Sellers.LinkedSeller seller = linkedSeller();
        Map<String, Object> command = createCommand(seller, "cmd-create-1", "61.00", "3.00");
        String first = kafka().publishCommand(PaymentCommandTypes.CREATE, Long.toString(seller.id()), command);
        kafka().publishCommand(first, PaymentCommandTypes.CREATE, Long.toString(seller.id()), command);
        String second = kafka().publishCommand(PaymentCommandTypes.CREATE, Long.toString(seller.id()), command);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(outcome(first)).isEqualTo("done");
            assertThat(outcome(second)).isIn("replayed", "in_progress");
        });
        JsonNode payment = paymentByKey(seller.id(), "cmd-create-1");
        assertThat(payment.get("status").asText()).isEqualTo("approved");
        assertThat(control().paymentsByExternalReference(seller.accessToken(), payment.get("id").asText()))
                .hasSize(1);
        List<Kafka.Event> changed = kafka().read(Topic.PAYMENT_EVENTS, e -> PaymentEventTypes.STATUS_CHANGED
                .equals(e.type()) && "cmd-create-1".equals(e.data().path("idempotency_key").asText()), 1,
                Duration.ofSeconds(10));
        assertThat(changed).as("the sender hears of its payment by its key").singleElement()
                .satisfies(e -> assertThat(e.data().get("new_status").asText()).isEqualTo("approved"));
    }

    @Test
    void aCommandAndAnHttpRequestWithOneKeyAreOnePayment() {
        Sellers.LinkedSeller seller = linkedSeller();
        Map<String, Object> command = createCommand(seller, "shared-key", "62.00", null);
        Map<String, Object> body = new HashMap<>(command);
        body.remove("idempotency_key");
        String created = given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE))
                .header("Idempotency-Key", "shared-key").contentType("application/json").body(body)
                .post("/payments").then().statusCode(201).extract().path("id");

        String commandId = kafka().publishCommand(PaymentCommandTypes.CREATE, Long.toString(seller.id()), command);

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(commandId)).isEqualTo("replayed"));
        assertThat(control().paymentsByExternalReference(seller.accessToken(), created)).hasSize(1);
    }

    @Test
    void aCommandThatCannotBeCarriedOutIsStatedWithItsReasonAndMercadoPagosCauses() {
        Sellers.LinkedSeller seller = linkedSeller();
        String refused = kafka().publishCommand(PaymentCommandTypes.CREATE, Long.toString(seller.id()),
                createCommand(seller, "cmd-fee", "10.00", "12.00"));
        long stranger = control().newSeller();
        Map<String, Object> forStranger = new HashMap<>(createCommand(seller, "cmd-stranger", "10.00", null));
        forStranger.put("seller_id", stranger);
        String notLinked = kafka().publishCommand(PaymentCommandTypes.CREATE, Long.toString(stranger), forStranger);
        String reused = kafka().publishCommand(PaymentCommandTypes.CREATE, Long.toString(seller.id()),
                createCommand(seller, "cmd-fee", "10.00", "1.00"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(reused)).isNotNull());
        Kafka.Event fee = failures(refused).get(0);
        assertThat(fee.data().get("reason").asText()).isEqualTo("mercadopago-refused");
        assertThat(fee.data().get("causes").toString()).isEqualTo("[\"4038\"]");
        assertThat(fee.data().get("payment_id").asText()).isNotBlank();
        assertThat(fee.data().get("idempotency_key").asText()).isEqualTo("cmd-fee");
        assertThat(fee.attributes().subject()).isEqualTo(Long.toString(seller.id()));
        assertThat(failures(notLinked).get(0).data().get("reason").asText()).isEqualTo("seller-not-linked");
        assertThat(failures(reused).get(0).data().get("reason").asText()).isEqualTo("idempotency-key-reused");
        assertThat(outcome(notLinked)).isEqualTo("seller-not-linked");
    }

    @Test
    void captureAndRefundCommandsRunTheirOperationsOnce() {
        Sellers.LinkedSeller seller = linkedSeller();
        Map<String, Object> create = createCommand(seller, "cmd-auth", "50.00", null);
        create.put("capture", false);
        String createId = kafka().publishCommand(PaymentCommandTypes.CREATE, Long.toString(seller.id()), create);
        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(createId)).isEqualTo("done"));
        String paymentId = paymentByKey(seller.id(), "cmd-auth").get("id").asText();

        String capture = kafka().publishCommand(PaymentCommandTypes.CAPTURE, Long.toString(seller.id()),
                Map.of("idempotency_key", "cmd-capture", "payment_id", paymentId));
        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(capture)).isEqualTo("done"));
        Map<String, Object> refund = Map.of("idempotency_key", "cmd-refund", "payment_id", paymentId, "amount", 5);
        String refundCommand = kafka().publishCommand(PaymentCommandTypes.REFUND, Long.toString(seller.id()), refund);
        kafka().publishCommand(refundCommand, PaymentCommandTypes.REFUND, Long.toString(seller.id()), refund);
        String refundAgain = kafka().publishCommand(PaymentCommandTypes.REFUND, Long.toString(seller.id()), refund);
        String cancel = kafka().publishCommand(PaymentCommandTypes.CANCEL, Long.toString(seller.id()),
                Map.of("idempotency_key", "cmd-cancel", "payment_id", paymentId));

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(cancel)).isNotNull());
        assertThat(outcome(refundCommand)).isEqualTo("done");
        assertThat(outcome(refundAgain)).isEqualTo("replayed");
        assertThat(failures(cancel).get(0).data().get("reason").asText()).isEqualTo("payment-not-cancellable");
        JsonNode payment = paymentByKey(seller.id(), "cmd-auth");
        assertThat(payment.get("status_detail").asText()).isEqualTo("partially_refunded");
        assertThat(control().refunds(seller.accessToken(), payment.get("mercadopago_payment_id").asLong()))
                .hasSize(1);
    }

    @Test
    void unreadableCommandsAreDeadLettered() {
        kafka().publishRaw(Topic.PAYMENT_COMMANDS.topicName(), "x", "not a command");
        String wrongType = kafka().publishCommand("dev.mpmarketplace.command.payment.explode.v1", "x",
                Map.of("idempotency_key", "boom"));

        assertThat(kafka().read(Topic.PAYMENT_DEAD_LETTERS, e -> "not a command".equals(e.value())
                || e.attributes() != null && wrongType.equals(e.attributes().id()), 2, WAIT)).hasSize(2);
    }
}
