package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.KafkaTestBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.notifications.Notifications;
import dev.mpmarketplace.testing.notifications.PointIntentNotification;

/** The Point integrator webhook: the validation challenge and the raw payment intent notifications. */
@QuarkusTest
@WithKafkaBroker
@WithMercadoPagoSandbox
class PointWebhookTest {

    private static final long SELLER = 9876543L;

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @ConfigProperty(name = "ingest.point.integrator-token")
    String integratorToken;

    @Test
    void theChallengeIsAnsweredWithTheHexHmacOfTheCodeKeyedByTheIntegratorToken() throws Exception {
        String challengeCode = "challenge-" + Notifications.uniqueId();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(integratorToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(challengeCode.getBytes(StandardCharsets.UTF_8)));

        given().get("/webhooks/point?challengeCode=" + challengeCode)
                .then().statusCode(200)
                .contentType("application/json")
                .body("encrypted_challenge", equalTo(expected));
    }

    @Test
    void aChallengeWithoutCodeIsRefusedWith400() {
        given().get("/webhooks/point")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/missing-field"));
    }

    @Test
    void anIntentNotificationLandsOnThePointTopicKeyedByCallerAndIntent() {
        PointIntentNotification intent = Notifications
                .pointIntent("abcdef123-8ab5-4139-9aa3-" + Notifications.uniqueId(), "FINISHED").caller(SELLER);

        given().contentType("application/json").body(intent.json()).post("/webhooks/point")
                .then().statusCode(200)
                .body("event_id", equalTo(StableEventId.of("mercadopago", "point", intent.intentId(), "FINISHED")));

        ConsumerRecord<String, byte[]> record = onlyRecordWithKey(SELLER + ":" + intent.intentId());
        assertThat(record.topic()).isEqualTo(Topic.MERCADOPAGO_POINT_NOTIFICATIONS.topicName());
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(intent.json());
        assertThat(KafkaTestBroker.header(record, "ce_type"))
                .isEqualTo("dev.mpmarketplace.notification.mercadopago.point-integrator.v1");
        assertThat(KafkaTestBroker.header(record, "ce_verification")).isEqualTo("unsigned-point");
        assertThat(KafkaTestBroker.header(record, "ce_subject")).isEqualTo(Long.toString(SELLER));
        assertThat(KafkaTestBroker.header(record, "ce_providerid")).isEqualTo(intent.intentId());
        assertThat(KafkaTestBroker.header(record, "ce_providertopic")).isEqualTo("point_integrator");
    }

    @Test
    void theDocumentationsExampleWithALeadingZeroIsReadAndPublishedAsReceived() {
        String intentId = "leading-zero-" + Notifications.uniqueId();
        String body = "{\"amount\":100,\"caller_id\": 09876543,\"id\":\"" + intentId + "\",\"state\":\"FINISHED\"}";

        given().contentType("application/json").body(body).post("/webhooks/point").then().statusCode(200);

        assertThat(new String(onlyRecordWithKey("9876543:" + intentId).value(), StandardCharsets.UTF_8))
                .isEqualTo(body);
    }

    @Test
    void anIntentWithoutIdIsRefusedWith400() {
        given().contentType("application/json").body("{\"state\":\"FINISHED\"}").post("/webhooks/point")
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/missing-field"));
    }

    @Test
    void aCallerIdThatIsNotAUserIdIsRefusedBecauseItBecomesTheKey() {
        String intentId = "bad-caller-" + Notifications.uniqueId();
        String body = Notifications.pointIntent(intentId, "FINISHED").json()
                .replace("\"caller_id\":" + SELLER, "\"caller_id\":\"9876543:x\"");

        given().contentType("application/json").body(body).post("/webhooks/point")
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/invalid-field"));

        assertThat(broker.records(List.of(Topic.MERCADOPAGO_POINT_NOTIFICATIONS.topicName())))
                .noneMatch(record -> record.key().endsWith(":" + intentId));
    }

    private ConsumerRecord<String, byte[]> onlyRecordWithKey(String key) {
        List<ConsumerRecord<String, byte[]>> records = broker
                .records(List.of(Topic.MERCADOPAGO_POINT_NOTIFICATIONS.topicName())).stream()
                .filter(record -> key.equals(record.key())).toList();
        assertThat(records).as("records with key %s", key).hasSize(1);
        return records.get(0);
    }
}
