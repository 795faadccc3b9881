package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.sellertokens.PointIntegratorKeys;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.KafkaTestBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.notifications.Notifications;
import dev.mpmarketplace.testing.notifications.PointIntentNotification;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * The Point integrator webhooks, one per seller: the validation challenge answered with that seller's key from Vault
 * (as point-service writes it), proven by the sandbox's own check, and the raw payment intent notifications.
 */
@QuarkusTest
@WithKafkaBroker
@WithMercadoPagoSandbox
@WithVaultDevServer
class PointWebhookTest {

    private static final long SELLER = 9876543L;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @ConfigProperty(name = "mercadopago.sandbox-url")
    String sandboxUrl;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Inject
    PointIntegratorKeys keys;

    @Test
    void eachSellersChallengeIsAnsweredWithItsOwnIntegratorsKeyAndTheSandboxsCheckPasses() {
        SandboxControl sandbox = new SandboxControl(sandboxUrl);
        long first = sandbox.newSeller();
        long second = sandbox.newSeller();
        String firstToken = sandbox.linkSeller(first);
        String secondToken = sandbox.linkSeller(second);
        String firstKey = sandbox.pointIntegrator(firstToken).get("token").asText();
        String secondKey = sandbox.pointIntegrator(secondToken).get("token").asText();
        keys.write(first, firstKey).await().atMost(WAIT);
        keys.write(second, secondKey).await().atMost(WAIT);
        String code = "challenge-" + Notifications.uniqueId();

        given().get("/webhooks/point/" + first + "?challengeCode=" + code)
                .then().statusCode(200)
                .contentType("application/json")
                .body("encrypted_challenge", equalTo(hmac(firstKey, code)));
        given().get("/webhooks/point/" + second + "?challengeCode=" + code)
                .then().statusCode(200)
                .body("encrypted_challenge", equalTo(hmac(secondKey, code)));

        sandbox.registerPointWebhook(firstToken, webhook(first));
        sandbox.registerPointWebhook(secondToken, webhook(second));
        assertThat(sandbox.checkPointWebhook(firstToken).statusCode()).isEqualTo(204);
        assertThat(sandbox.checkPointWebhook(secondToken).statusCode()).isEqualTo(204);
        assertThat(sandbox.pointIntegrator(firstToken).get("is_valid_webhook").asBoolean()).isTrue();
        assertThat(sandbox.pointIntegrator(secondToken).get("is_valid_webhook").asBoolean()).isTrue();
    }

    @Test
    void aSellerWithoutAKeyIsRefusedSoTheCheckFailsAndItsKeyIsUsedOnceWrittenWithoutWaiting() {
        SandboxControl sandbox = new SandboxControl(sandboxUrl);
        long seller = sandbox.newSeller();
        String token = sandbox.linkSeller(seller);
        sandbox.registerPointWebhook(token, webhook(seller));

        given().get("/webhooks/point/" + seller + "?challengeCode=abc")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/point-integrator-unknown"));
        HttpResponse<String> refused = sandbox.checkPointWebhook(token);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("webhook_validation_failed");

        keys.write(seller, sandbox.pointIntegrator(token).get("token").asText()).await().atMost(WAIT);
        assertThat(sandbox.checkPointWebhook(token).statusCode()).as("a missing key is never cached").isEqualTo(204);
    }

    @Test
    void aChallengeWithoutCodeOrWithoutSellerIsRefused() {
        given().get("/webhooks/point/" + SELLER)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/missing-field"));
        given().get("/webhooks/point?challengeCode=abc")
                .then().statusCode(404)
                .body("type", equalTo("https://mpmarketplace.dev/problems/point-integrator-unknown"));
        given().get("/webhooks/point/not-a-seller?challengeCode=abc")
                .then().statusCode(404)
                .body("type", equalTo("https://mpmarketplace.dev/problems/not-found"));
    }

    @Test
    void anIntentNotificationLandsOnThePointTopicKeyedByTheUrlsSellerAndTheIntent() {
        PointIntentNotification intent = Notifications
                .pointIntent("abcdef123-8ab5-4139-9aa3-" + Notifications.uniqueId(), "FINISHED").caller(SELLER);

        given().contentType("application/json").body(intent.json()).post("/webhooks/point/" + SELLER)
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
    void aBodyWithoutCallerTakesTheUrlsSellerAndOneNamingAnotherSellerIsRefused() {
        PointIntentNotification withoutCaller = Notifications
                .pointIntent("no-caller-" + Notifications.uniqueId(), "CANCELED").withoutCaller();
        PointIntentNotification otherCaller = Notifications
                .pointIntent("other-caller-" + Notifications.uniqueId(), "CANCELED").caller(SELLER + 1);

        given().contentType("application/json").body(withoutCaller.json()).post("/webhooks/point/" + SELLER)
                .then().statusCode(200);
        given().contentType("application/json").body(otherCaller.json()).post("/webhooks/point/" + SELLER)
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/body-mismatch"));

        assertThat(onlyRecordWithKey(SELLER + ":" + withoutCaller.intentId())).isNotNull();
        assertThat(broker.records(List.of(Topic.MERCADOPAGO_POINT_NOTIFICATIONS.topicName())))
                .noneMatch(record -> record.key().endsWith(":" + otherCaller.intentId()));
    }

    @Test
    void theSellerlessUrlStillTakesTheSellerFromTheCaller() {
        PointIntentNotification intent = Notifications
                .pointIntent("sellerless-" + Notifications.uniqueId(), "FINISHED").caller(SELLER);

        given().contentType("application/json").body(intent.json()).post("/webhooks/point")
                .then().statusCode(200);

        assertThat(onlyRecordWithKey(SELLER + ":" + intent.intentId())).isNotNull();
    }

    @Test
    void theDocumentationsExampleWithALeadingZeroIsReadAndPublishedAsReceived() {
        String intentId = "leading-zero-" + Notifications.uniqueId();
        String body = "{\"amount\":100,\"caller_id\": 09876543,\"id\":\"" + intentId + "\",\"state\":\"FINISHED\"}";

        given().contentType("application/json").body(body).post("/webhooks/point/9876543").then().statusCode(200);

        assertThat(new String(onlyRecordWithKey("9876543:" + intentId).value(), StandardCharsets.UTF_8))
                .isEqualTo(body);
    }

    @Test
    void anIntentWithoutIdIsRefusedWith400() {
        given().contentType("application/json").body("{\"state\":\"FINISHED\"}").post("/webhooks/point/" + SELLER)
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

    private String webhook(long seller) {
        return "http://127.0.0.1:" + port + "/webhooks/point/" + seller;
    }

    private static String hmac(String key, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(code.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ConsumerRecord<String, byte[]> onlyRecordWithKey(String key) {
        List<ConsumerRecord<String, byte[]>> records = broker
                .records(List.of(Topic.MERCADOPAGO_POINT_NOTIFICATIONS.topicName())).stream()
                .filter(record -> key.equals(record.key())).toList();
        assertThat(records).as("records with key %s", key).hasSize(1);
        return records.get(0);
    }
}
