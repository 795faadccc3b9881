package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.KafkaTestBroker;
import dev.mpmarketplace.testing.kafka.RestartableKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithRestartableKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WebhookDelivery;
import dev.mpmarketplace.testing.mercadopago.WebhookSigner;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.notifications.MercadoPagoNotification;
import dev.mpmarketplace.testing.notifications.Notifications;

/**
 * The broker goes down for real (a controlled shutdown of a real KRaft broker) and comes back on the same address:
 * the service answers 503 in time while it is down, and the sandbox's retries get every notification in.
 */
@QuarkusTest
@WithRestartableKafkaBroker
@WithMercadoPagoSandbox
class BrokerOutageTest {

    /** The management interface (health, metrics, OpenAPI): not the public port. */
    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    private static final Logger LOG = Logger.getLogger(BrokerOutageTest.class);
    private static final int BURST = 3_000;

    @InjectKafkaBroker
    RestartableKafkaBroker broker;

    @ConfigProperty(name = "mercadopago.sandbox-url")
    String sandboxUrl;

    @ConfigProperty(name = "ingest.mercadopago.webhook-secret")
    String webhookSecret;

    @ConfigProperty(name = "ingest.publish-timeout")
    Duration publishTimeout;

    @AfterEach
    void brokerBack() {
        broker.restart();
    }

    @Test
    void whileTheBrokerIsDownANotificationIsAnswered503InTimeAndItsRetryIsPublishedOnceTheBrokerIsBack()
            throws Exception {
        post(Notifications.payment(Notifications.uniqueId()), UUID.randomUUID().toString()).then().statusCode(200);
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());

        broker.stop();
        long start = System.nanoTime();
        CompletableFuture<Response> pending = CompletableFuture
                .supplyAsync(() -> post(payment, UUID.randomUUID().toString()));
        Thread.sleep(300);
        long probe = System.nanoTime();
        given().port(managementPort).get("/q/health/live").then().statusCode(200);
        Duration probeTook = Duration.ofNanos(System.nanoTime() - probe);
        Response whileDown = pending.get(30, TimeUnit.SECONDS);
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - start);

        whileDown.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("https://mpmarketplace.dev/problems/broker-unavailable"));
        assertThat(answeredIn).isLessThan(publishTimeout.plusSeconds(1));
        assertThat(probeTook).as("the event loop is free while a publish waits for the broker")
                .isLessThan(Duration.ofMillis(500));
        given().port(managementPort).get("/q/health/live").then().statusCode(200);
        given().port(managementPort).get("/q/health/ready").then().statusCode(503);

        broker.restart();
        // The sender's retry is a new delivery (a new request id, so a new signature and a new event id).
        AtomicReference<String> acceptedRequestId = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String requestId = UUID.randomUUID().toString();
            boolean accepted = post(payment, requestId).statusCode() == 200;
            if (accepted) {
                acceptedRequestId.set(requestId);
            }
            return accepted;
        });
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().port(managementPort).get("/q/health/ready").statusCode() == 200);

        List<ConsumerRecord<String, byte[]>> records = broker
                .records(List.of(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS.topicName())).stream()
                .filter(record -> record.key().equals("1000002:" + payment.dataId())).toList();
        // The 503'd attempt may have reached the log once the broker came back: a delivery of its own, under its own id.
        assertThat(records).anySatisfy(record -> assertThat(KafkaTestBroker.header(record, "ce_requestid"))
                .isEqualTo(acceptedRequestId.get()));
        assertThat(records).allSatisfy(record -> assertThat(KafkaTestBroker.header(record, "ce_id"))
                .isEqualTo(StableEventId.of("mercadopago", "webhook", payment.dataId(), "request-id",
                        KafkaTestBroker.header(record, "ce_requestid"))));
    }

    @Test
    void aBurstOfSandboxDeliveriesSurvivesTheBrokerGoingDownAndComingBackWithNothingLost() throws Exception {
        SandboxControl sandbox = new SandboxControl(sandboxUrl);
        long seller = sandbox.sellerId("SELLER_ONE");
        int deliveredBefore = sandbox.deliveryCount("delivered");
        Set<String> sent = ConcurrentHashMap.newKeySet();
        long start = System.nanoTime();

        ExecutorService emitter = Executors.newSingleThreadExecutor();
        Future<?> burst = emitter.submit(() -> {
            for (int i = 0; i < BURST; i++) {
                sent.add(sandbox.emit("payment", "payment.updated", "burst-" + i, seller).notificationId());
            }
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> sandbox.deliveryCount("delivered") - deliveredBefore >= BURST / 4);
        broker.stop();
        LOG.infof("broker stopped after %d deliveries", sandbox.deliveryCount("delivered") - deliveredBefore);
        Thread.sleep(4_000);
        broker.restart();
        LOG.infof("broker back; %d delivered so far", sandbox.deliveryCount("delivered") - deliveredBefore);
        burst.get();
        emitter.shutdown();

        // The first attempts answered 503 wait on Mercado Pago's ladder (+15 min): move the sandbox's clock.
        int rounds = 0;
        while (sandbox.deliveryCount("delivered") - deliveredBefore < BURST && rounds < 20) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> dueOrRunning(sandbox) == 0);
            if (sandbox.deliveryCount("delivered") - deliveredBefore < BURST) {
                sandbox.advanceClock(Duration.ofMinutes(16));
                rounds++;
            }
        }
        int failedAttempts = sandbox.deliveries("delivered").stream()
                .mapToInt(delivery -> delivery.attempts().size() - 1).sum();
        LOG.infof("burst of %d: %d failed attempts retried in %d clock moves, %d ms", BURST, failedAttempts, rounds,
                Duration.ofNanos(System.nanoTime() - start).toMillis());

        assertThat(sent).hasSize(BURST);
        assertThat(sandbox.deliveryCount("delivered") - deliveredBefore).isEqualTo(BURST);
        assertThat(sandbox.deliveryCount("failed")).isZero();
        Set<String> published = broker.records(List.of(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS.topicName())).stream()
                .filter(record -> record.key().startsWith(seller + ":burst-"))
                .map(record -> KafkaTestBroker.header(record, "ce_providerid"))
                .collect(Collectors.toSet());
        assertThat(published).hasSize(BURST).isEqualTo(sent);
        assertThat(failedAttempts).as("the outage made some first attempts fail").isPositive();
    }

    /** Pending deliveries whose next attempt is due on the sandbox clock (or running), not waiting on the ladder. */
    private static long dueOrRunning(SandboxControl sandbox) {
        Instant now = sandbox.now();
        return sandbox.deliveries("pending").stream()
                .map(WebhookDelivery::nextAttemptAt)
                .filter(next -> next != null && !Instant.parse(next).isAfter(now))
                .count();
    }

    /** One notification, signed now for the given request id (as Mercado Pago signs each attempt). */
    private Response post(MercadoPagoNotification notification, String requestId) {
        return given().header("x-signature", new WebhookSigner(webhookSecret).signNow(notification.dataId(), requestId))
                .header("x-request-id", requestId)
                .contentType("application/json")
                .body(notification.json())
                .post("/webhooks/mercadopago?" + notification.query());
    }
}
