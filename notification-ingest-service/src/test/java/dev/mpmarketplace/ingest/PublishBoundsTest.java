package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.RestartableKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithRestartableKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WebhookSigner;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.notifications.MercadoPagoNotification;
import dev.mpmarketplace.testing.notifications.Notifications;

/**
 * The records waiting for the broker are bounded: with the broker down and the bound reached, a further request is
 * refused at once with 503 {@code overloaded} instead of queueing, and the bound frees itself once the producer gives up
 * on the waiting records.
 */
@QuarkusTest
@TestProfile(PublishBoundsTest.ThreeInFlight.class)
@WithRestartableKafkaBroker
@WithMercadoPagoSandbox
class PublishBoundsTest {

    /** The management interface (health, metrics, OpenAPI): not the public port. */
    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    private static final int BOUND = 3;

    /** At most three records in flight. */
    public static class ThreeInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.max-in-flight-records", String.valueOf(BOUND));
        }
    }

    @InjectKafkaBroker
    RestartableKafkaBroker broker;

    @ConfigProperty(name = "ingest.mercadopago.webhook-secret")
    String webhookSecret;

    @AfterEach
    void brokerBack() {
        broker.restart();
    }

    @Test
    void withTheBrokerDownRequestsBeyondTheBoundAreRefusedAtOnceAndTheBoundFreesItself() throws Exception {
        String warmUp = Notifications.uniqueId();
        post(warmUp).then().statusCode(200);
        assertThat(metric("ingest_publish_in_flight_records")).isZero();
        double overloadedBefore = overloaded();

        broker.stop();
        // One thread per waiting request: the common pool may have a single thread on a small machine.
        ExecutorService senders = Executors.newFixedThreadPool(BOUND);
        List<CompletableFuture<Response>> waiting = new ArrayList<>();
        for (int i = 0; i < BOUND; i++) {
            String dataId = Notifications.uniqueId();
            waiting.add(CompletableFuture.supplyAsync(() -> post(dataId), senders));
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> metric("ingest_publish_in_flight_records") == BOUND);

        long start = System.nanoTime();
        Response refused = post(Notifications.uniqueId());
        Duration refusedIn = Duration.ofNanos(System.nanoTime() - start);

        refused.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("https://mpmarketplace.dev/problems/broker-unavailable"));
        assertThat(refusedIn).as("refused without waiting for the publish timeout").isLessThan(Duration.ofSeconds(1));
        assertThat(overloaded()).isEqualTo(overloadedBefore + 1);
        for (CompletableFuture<Response> request : waiting) {
            assertThat(request.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        }
        senders.shutdown();
        // Once the producer gave up on the waiting records (metadata or delivery timeout), the bound is free again.
        await().atMost(Duration.ofSeconds(15)).until(() -> metric("ingest_publish_in_flight_records") == 0);
        assertThat(metric("ingest_publish_in_flight_bytes")).isZero();

        broker.restart();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> post(Notifications.uniqueId()).statusCode() == 200);
    }

    private double overloaded() {
        return metric(
                "ingest_publish_failures_total{reason=\"overloaded\",topic=\"notifications.mercadopago.payment\"}");
    }

    /** The value of one metric line of the Prometheus text, 0 when absent. */
    private double metric(String nameAndTags) {
        String text = given().port(managementPort).get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith(nameAndTags + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private Response post(String dataId) {
        MercadoPagoNotification payment = Notifications.payment(dataId);
        String requestId = UUID.randomUUID().toString();
        return given().header("x-signature", new WebhookSigner(webhookSecret).signNow(dataId, requestId))
                .header("x-request-id", requestId)
                .contentType("application/json")
                .body(payment.json())
                .post("/webhooks/mercadopago?" + payment.query());
    }
}
