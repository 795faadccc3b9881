package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.ingest.support.Notifications;
import dev.mpmarketplace.ingest.support.TopicReader;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;

/** The Point integrator webhook: the validation challenge and the raw payment intent notifications. */
@QuarkusTest
@WithKafkaBroker
@WithMercadoPagoSandbox
class PointWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
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
    void anIntentNotificationLandsOnThePointTopicKeyedByCallerAndIntent() throws IOException {
        String intentId = "abcdef123-8ab5-4139-9aa3-" + Notifications.uniqueId();
        ObjectNode intent = Notifications.pointIntent(intentId, "FINISHED", SELLER);

        given().contentType("application/json").body(intent.toString()).post("/webhooks/point")
                .then().statusCode(200)
                .body("event_id", equalTo(StableEventId.of("mercadopago", "point", intentId, "FINISHED")));

        ConsumerRecord<String, byte[]> record = onlyRecordWithKey(SELLER + ":" + intentId);
        assertThat(record.topic()).isEqualTo(Topic.MERCADOPAGO_POINT_NOTIFICATIONS.topicName());
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(intent.toString());
        assertThat(TopicReader.header(record, "ce_type"))
                .isEqualTo("dev.mpmarketplace.notification.mercadopago.point-integrator.v1");
        assertThat(TopicReader.header(record, "ce_verification")).isEqualTo("unsigned-point");
        assertThat(TopicReader.header(record, "ce_subject")).isEqualTo(Long.toString(SELLER));
        assertThat(TopicReader.header(record, "ce_providerid")).isEqualTo(intentId);
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

    private ConsumerRecord<String, byte[]> onlyRecordWithKey(String key) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(broker.bootstrapServers(),
                List.of(Topic.MERCADOPAGO_POINT_NOTIFICATIONS.topicName())).stream()
                .filter(record -> key.equals(record.key())).toList();
        assertThat(records).as("records with key %s", key).hasSize(1);
        return records.get(0);
    }
}
