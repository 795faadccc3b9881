package dev.mpmarketplace.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.payment.PaymentEventTypes;
import dev.mpmarketplace.payment.service.PaymentNotifications;
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
 * Payment notifications are hints: the payment is fetched with the collector's token and only what is newer is
 * applied. Duplicates and notifications out of order change nothing twice and nothing backwards (one event per
 * change); a payment made elsewhere appears; a notification about a payment of ours whose answer was lost completes
 * it, never duplicates it; poison records are dead-lettered.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class PaymentNotificationsTest extends PaymentServiceTest {

    @Inject
    PaymentNotifications notifications;

    JsonNode create(Sellers.LinkedSeller seller, String cardholder, String amount) {
        return given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE))
                .header("Idempotency-Key", "n-" + System.nanoTime()).contentType(ContentType.JSON)
                .body(PaymentRequestsForTests.payment(seller.id(), control().cardToken(seller.publicKey(), cardholder),
                        amount, null))
                .post("/payments").then().extract().as(JsonNode.class);
    }

    String outcome(String eventId) {
        return outcome(PaymentNotifications.CONSUMER, eventId);
    }

    @Test
    void aNotificationMakesTheServiceFetchThePaymentAndApplyItsNewStatusOnce() {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode created = create(seller, "CONT", "55.00");
        String id = created.get("id").asText();
        long mercadoPagoId = created.get("mercadopago_payment_id").asLong();
        assertThat(created.get("status").asText()).isEqualTo("in_process");

        control().resolvePayment(mercadoPagoId, "approved");
        RawNotification updated = Kafka.notification(seller.id(), mercadoPagoId, "payment.updated");
        String eventId = kafka().publishNotification(updated);
        kafka().publishNotification(updated);

        await().atMost(WAIT).untilAsserted(() -> assertThat(read(id).get("status").asText()).isEqualTo("approved"));
        JsonNode timeline = read(id).get("timeline");
        assertThat(timeline.get(timeline.size() - 1).get("source").asText()).isEqualTo("notification");
        List<Kafka.Event> changes = statusChanges(id, 2);
        assertThat(changes).extracting(e -> e.data().get("old_status").asText() + ">"
                + e.data().get("new_status").asText()).containsExactly("submitting>in_process", "in_process>approved");
        assertThat(changes.get(1).data().get("source").asText()).isEqualTo("notification");
        assertThat(changes.get(1).attributes().subject()).isEqualTo(Long.toString(seller.id()));
        assertThat(outcome(eventId)).isEqualTo("changed");
    }

    /**
     * Two replicas (or a redelivery racing its first delivery) handling one payment's notifications at the same time,
     * without the lanes that keep them in turn inside one process: one event delivered twice and another event of the
     * same change delivered twice, all four at once, each on its own context. The claim and the payment's row lock
     * make them take turns: one change, one event, one timeline entry; every other delivery takes no effect.
     */
    @Test
    void concurrentDeliveriesOfOnePaymentsNotificationsMakeOneChange() throws Exception {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode created = create(seller, "CONT", "61.00");
        String id = created.get("id").asText();
        long mercadoPagoId = created.get("mercadopago_payment_id").asLong();
        control().resolvePayment(mercadoPagoId, "approved");
        List<String> events = List.of("race-" + UUID.randomUUID(), "race-" + UUID.randomUUID());

        ExecutorService deliveries = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (String eventId : List.of(events.get(0), events.get(0), events.get(1), events.get(1))) {
                outcomes.add(deliveries.submit(() -> {
                    start.await();
                    try {
                        return VertxContextSupport.subscribeAndAwait(
                                () -> notifications.handle(eventId, seller.id(), mercadoPagoId));
                    } catch (Throwable failure) {
                        throw new IllegalStateException(failure);
                    }
                }));
            }
            start.countDown();
            List<String> answered = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                answered.add(outcome.get(30, TimeUnit.SECONDS));
            }
            assertThat(answered).as("one delivery changed the payment; the others took no effect")
                    .containsOnlyOnce("changed")
                    .allMatch(outcome -> outcome.equals("changed") || outcome.equals("duplicate")
                            || outcome.startsWith("unchanged_"));
        } finally {
            deliveries.shutdownNow();
        }

        assertThat(read(id).get("timeline").findValuesAsText("status")).containsExactly("submitting", "in_process",
                "approved");
        assertThat(statusChanges(id, 2)).extracting(e -> e.data().get("new_status").asText())
                .containsExactly("in_process", "approved");
        assertThat(events).allSatisfy(eventId -> assertThat(outcome(eventId)).isNotEqualTo("processing"));
    }

    @Test
    void duplicateAndShuffledNotificationsOfAPaymentsWholeLifeEndInItsFinalStateWithOneEventPerChange() {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode created = create(seller, "CONT", "90.00");
        String id = created.get("id").asText();
        long mercadoPagoId = created.get("mercadopago_payment_id").asLong();
        control().resolvePayment(mercadoPagoId, "approved");
        control().refund(seller.accessToken(), mercadoPagoId, new java.math.BigDecimal("40.00"));
        control().refund(seller.accessToken(), mercadoPagoId, null);

        List<RawNotification> notifications = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RawNotification one = Kafka.notification(seller.id(), mercadoPagoId, i == 0
                    ? "payment.created"
                    : "payment.updated");
            notifications.add(one);
            notifications.add(one);
        }
        Collections.shuffle(notifications, new Random(7));
        notifications.forEach(kafka()::publishNotification);

        await().atMost(WAIT).untilAsserted(() -> assertThat(read(id).get("status").asText()).isEqualTo("refunded"));
        List<Kafka.Event> changes = statusChanges(id, 2);
        assertThat(changes).extracting(e -> e.data().get("new_status").asText() + "/"
                + e.data().get("status_detail").asText())
                .as("one event per change: a notification names the payment, the fetch says where it is now")
                .containsExactly("in_process/pending_contingency", "refunded/refunded");
        assertThat(kafka().read(Topic.PAYMENT_EVENTS, e -> PaymentEventTypes.REFUNDED.equals(e.type())
                && id.equals(e.data().path("payment_id").asText()), 2, Duration.ofSeconds(5))).hasSize(2);
        assertThat(read(id).get("refunds")).hasSize(2);
    }

    @Test
    void aLateInProcessAnswerNeverOverwritesTheApprovalTheSweepAppliedMeanwhile() throws Throwable {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode created = create(seller, "CONT", "66.00");
        String id = created.get("id").asText();
        long mercadoPagoId = created.get("mercadopago_payment_id").asLong();
        // The notification's fetch reads "in process", then its answer is held 1.5 s (inside our 2 s timeout).
        control().fault(Map.of("id", "late-answer", "kind", "lost_answer", "mode", "timeout", "answer_delay_ms",
                1500, "path", "/v1/payments/" + mercadoPagoId, "method", "GET", "times", 1));
        String late = kafka().publishNotification(Kafka.notification(seller.id(), mercadoPagoId, "payment.created"));
        await().atMost(WAIT).until(() -> !control().hasFault("late-answer"));

        control().resolvePayment(mercadoPagoId, "approved");
        sweepNow();
        assertThat(read(id).get("status").asText()).isEqualTo("approved");

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(late)).startsWith("unchanged_"));
        JsonNode payment = read(id);
        assertThat(payment.get("status").asText()).isEqualTo("approved");
        assertThat(payment.get("timeline").findValuesAsText("status")).containsExactly("submitting", "in_process",
                "approved");
        assertThat(statusChanges(id, 2)).extracting(e -> e.data().get("new_status").asText())
                .containsExactly("in_process", "approved");
    }

    @Test
    void aPaymentMadeElsewhereAppearsFromItsNotification() {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode direct = control().createPayment(seller.accessToken(), "checkout-key-1", Map.of(
                "transaction_amount", 12.5, "token", control().cardToken(seller.publicKey(), "APRO"),
                "payment_method_id", "master", "installments", 1, "external_reference", "checkout-123",
                "payer", Map.of("email", "test_user_buyer@testuser.com")));
        long mercadoPagoId = direct.get("id").asLong();

        kafka().publishNotification(Kafka.notification(seller.id(), mercadoPagoId, "payment.created"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(given()
                .header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).queryParam("seller", seller.id())
                .get("/payments").then().extract().jsonPath().getList("payments")).hasSize(1));
        JsonNode listed = given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ))
                .queryParam("seller", seller.id()).get("/payments").then().extract().as(JsonNode.class)
                .get("payments").get(0);
        assertThat(listed.get("origin").asText()).isEqualTo("external");
        assertThat(listed.get("status").asText()).isEqualTo("approved");
        assertThat(listed.get("external_reference").asText()).isEqualTo("checkout-123");
        assertThat(listed.get("mercadopago_payment_id").asLong()).isEqualTo(mercadoPagoId);
        Kafka.Event event = statusChanges(listed.get("id").asText(), 1).get(0);
        assertThat(event.data().has("old_status")).as("first heard of").isFalse();
        assertThat(event.data().get("new_status").asText()).isEqualTo("approved");
    }

    @Test
    void aNotificationOfAPaymentWhoseCreateAnswerWasLostCompletesItAndMakesNoSecondOne() {
        Sellers.LinkedSeller seller = linkedSeller();
        control().fault(Map.of("id", "slow-create", "kind", "latency", "path", "/v1/payments", "method", "POST",
                "latency_ms", 2500, "times", 1));
        JsonNode accepted = create(seller, "APRO", "33.00");
        String id = accepted.get("id").asText();
        assertThat(accepted.get("status").asText()).isEqualTo("unknown");

        List<JsonNode> atMercadoPago = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            atMercadoPago.clear();
            atMercadoPago.addAll(control().paymentsByExternalReference(seller.accessToken(), id));
            return !atMercadoPago.isEmpty();
        });
        long mercadoPagoId = atMercadoPago.get(0).get("id").asLong();
        kafka().publishNotification(Kafka.notification(seller.id(), mercadoPagoId, "payment.created"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(read(id).get("status").asText()).isEqualTo("approved"));
        assertThat(read(id).get("mercadopago_payment_id").asLong()).isEqualTo(mercadoPagoId);
        var rows = pool.preparedQuery("SELECT count(*) AS n FROM payment WHERE mercadopago_payment_id = $1"
                + " OR external_reference = $2").execute(Tuple.of(mercadoPagoId, id)).await().atMost(WAIT);
        assertThat(rows.iterator().next().getLong("n")).isEqualTo(1);
        assertThat(control().paymentsByExternalReference(seller.accessToken(), id)).hasSize(1);
    }

    @Test
    void aPaymentNotYetReadableWhenNotifiedIsFetchedAgainUntilItIs() {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode created = create(seller, "CONT", "44.00");
        long mercadoPagoId = created.get("mercadopago_payment_id").asLong();
        control().fault(Map.of("id", "eventually-consistent", "kind", "not_found_after_notify", "path",
                "/v1/payments/*", "duration_ms", 2000));
        control().resolvePayment(mercadoPagoId, "approved");

        String eventId = kafka().publishNotification(Kafka.notification(seller.id(), mercadoPagoId,
                "payment.updated"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(eventId)).isEqualTo("changed"));
        assertThat(read(created.get("id").asText()).get("status").asText()).isEqualTo("approved");
    }

    @Test
    void poisonRecordsAreDeadLetteredAndTheConsumerCarriesOn() {
        kafka().publishRaw(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS.topicName(), "poison:1", "no CloudEvent here");
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode created = create(seller, "CONT", "21.00");
        control().resolvePayment(created.get("mercadopago_payment_id").asLong(), "rejected");

        kafka().publishNotification(Kafka.notification(seller.id(),
                created.get("mercadopago_payment_id").asLong(), "payment.updated"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(read(created.get("id").asText()).get("status").asText())
                .isEqualTo("rejected"));
        assertThat(kafka().read(Topic.PAYMENT_DEAD_LETTERS, e -> "no CloudEvent here".equals(e.value()), 1,
                Duration.ofSeconds(10))).hasSize(1);
    }
}
