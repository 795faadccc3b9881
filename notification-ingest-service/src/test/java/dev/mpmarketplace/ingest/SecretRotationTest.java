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

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.ingest.support.Notifications;
import dev.mpmarketplace.ingest.support.SandboxControl;
import dev.mpmarketplace.ingest.support.Signatures;
import dev.mpmarketplace.ingest.support.TopicReader;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;

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
        long seller = sandbox.user("SELLER_ONE").get("id").asLong();
        String dataId = Notifications.uniqueId();
        String deliveryId = sandbox.emit("payment", "payment.updated", dataId, seller).get("deliveries").get(0)
                .get("id").asText();

        JsonNode delivery = sandbox.awaitFinished(deliveryId, Duration.ofSeconds(30));

        assertThat(delivery.get("status").asText()).isEqualTo("delivered");
        assertThat(recordsWithKey(seller + ":" + dataId)).hasSize(1);
        given().port(managementPort).get("/q/metrics").then()
                .body(containsString("ingest_webhook_previous_secret_matches_total"));
        assertThat(previousSecretMatches()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aNotificationSignedWithTheNewCurrentSecretIsAccepted() {
        String dataId = Notifications.uniqueId();
        String requestId = UUID.randomUUID().toString();

        given().header("x-signature", Signatures.xSignature(currentSecret, dataId, requestId,
                System.currentTimeMillis()))
                .header("x-request-id", requestId)
                .contentType("application/json")
                .body(Notifications.mercadoPago("payment", "payment.created", dataId, 1000002).toString())
                .post("/webhooks/mercadopago?data.id=" + dataId + "&type=payment")
                .then().statusCode(200);

        assertThat(recordsWithKey("1000002:" + dataId)).hasSize(1);
    }

    @Test
    void aNotificationSignedWithNeitherSecretIsRefused() {
        String dataId = Notifications.uniqueId();
        String requestId = UUID.randomUUID().toString();

        given().header("x-signature", Signatures.xSignature("neither-secret", dataId, requestId,
                System.currentTimeMillis()))
                .header("x-request-id", requestId)
                .contentType("application/json")
                .body(Notifications.mercadoPago("payment", "payment.created", dataId, 1000002).toString())
                .post("/webhooks/mercadopago?data.id=" + dataId + "&type=payment")
                .then().statusCode(401)
                .body("type", equalTo("https://mpmarketplace.dev/problems/signature-mismatch"));

        assertThat(recordsWithKey("1000002:" + dataId)).isEmpty();
    }

    private List<ConsumerRecord<String, byte[]>> recordsWithKey(String key) {
        return TopicReader.readAll(broker.bootstrapServers(),
                List.of(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS.topicName())).stream()
                .filter(record -> key.equals(record.key())).toList();
    }

    private double previousSecretMatches() {
        return given().port(managementPort).get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith("ingest_webhook_previous_secret_matches_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
