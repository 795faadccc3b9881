package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WebhookDelivery;
import dev.mpmarketplace.testing.mercadopago.WebhookSigner;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.notifications.MercadoPagoNotification;
import dev.mpmarketplace.testing.notifications.Notifications;

/**
 * A service in the middle of a secret rotation: its current secret is a new one, and the sandbox still signs with
 * what is now the service's previous secret. Both are accepted; any other is not.
 */
@QuarkusTest
@TestProfile(SecretRotationTest.MidRotation.class)
@WithKafkaBroker
@WithMercadoPagoSandbox
class SecretRotationTest {

    /** The management interface (health, metrics, OpenAPI): not the public port. */
    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    /** The sandbox's secret is configured as the previous one (see SandboxWebhookSecretConfigSourceFactory). */
    public static class MidRotation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest-test.sandbox-secret-as", "previous");
        }
    }

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @ConfigProperty(name = "mercadopago.sandbox-url")
    String sandboxUrl;

    @ConfigProperty(name = "ingest.mercadopago.webhook-secret")
    String currentSecret;

    @Test
    void aDeliverySignedWithThePreviousSecretIsAcceptedAndCounted() {
        SandboxControl sandbox = new SandboxControl(sandboxUrl);
        long seller = sandbox.sellerId("SELLER_ONE");
        String dataId = Notifications.uniqueId();

        WebhookDelivery delivery = sandbox.awaitFinished(
                sandbox.emit("payment", "payment.updated", dataId, seller).delivery().id(), Duration.ofSeconds(30));

        assertThat(delivery.isDelivered()).isTrue();
        assertThat(recordsWithKey(seller + ":" + dataId)).hasSize(1);
        given().port(managementPort).get("/q/metrics").then()
                .body(containsString("ingest_webhook_previous_secret_matches_total"));
        assertThat(previousSecretMatches()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aNotificationSignedWithTheNewCurrentSecretIsAccepted() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());
        String dataId = payment.dataId();
        String requestId = UUID.randomUUID().toString();

        given().header("x-signature", new WebhookSigner(currentSecret).signNow(dataId, requestId))
                .header("x-request-id", requestId)
                .contentType("application/json")
                .body(payment.json())
                .post("/webhooks/mercadopago?" + payment.query())
                .then().statusCode(200);

        assertThat(recordsWithKey("1000002:" + dataId)).hasSize(1);
    }

    @Test
    void aNotificationSignedWithNeitherSecretIsRefused() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());
        String dataId = payment.dataId();
        String requestId = UUID.randomUUID().toString();

        given().header("x-signature", new WebhookSigner("neither-secret").signNow(dataId, requestId))
                .header("x-request-id", requestId)
                .contentType("application/json")
                .body(payment.json())
                .post("/webhooks/mercadopago?" + payment.query())
                .then().statusCode(401)
                .body("type", equalTo("https://mpmarketplace.dev/problems/signature-mismatch"));

        assertThat(recordsWithKey("1000002:" + dataId)).isEmpty();
    }

    private List<ConsumerRecord<String, byte[]>> recordsWithKey(String key) {
        return broker.records(List.of(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS.topicName())).stream()
                .filter(record -> key.equals(record.key())).toList();
    }

    private double previousSecretMatches() {
        return given().port(managementPort).get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith("ingest_webhook_previous_secret_matches_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
