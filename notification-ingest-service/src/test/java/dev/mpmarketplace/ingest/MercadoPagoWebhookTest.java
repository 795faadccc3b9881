package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventTypes;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.ingest.support.AdjustableClock;
import dev.mpmarketplace.ingest.support.Notifications;
import dev.mpmarketplace.ingest.support.SandboxControl;
import dev.mpmarketplace.ingest.support.Signatures;
import dev.mpmarketplace.ingest.support.TopicReader;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;

/**
 * Mercado Pago notifications end to end: the sandbox delivers real signed webhooks to the service on port 8081, and
 * the records are read back from the real broker.
 */
@QuarkusTest
@WithKafkaBroker
@WithMercadoPagoSandbox
class MercadoPagoWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(30);
    private static final List<String> RAW_TOPICS = Topic.ofKind(Topic.Kind.RAW_NOTIFICATION).stream()
            .map(Topic::topicName).toList();

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @ConfigProperty(name = "mercadopago.sandbox-url")
    String sandboxUrl;

    @ConfigProperty(name = "ingest.mercadopago.webhook-secret")
    String webhookSecret;

    @Inject
    AdjustableClock clock;

    SandboxControl sandbox;

    @BeforeEach
    void sandbox() {
        sandbox = new SandboxControl(sandboxUrl);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    // --- Real signed deliveries from the sandbox --------------------------------------------------------------------

    @Test
    void aPaymentMadeThroughTheSandboxArrivesSignedAndLandsOnThePaymentTopicWithKeyHeadersAndBodyAsSent() {
        long seller = sandbox.user("SELLER_ONE").get("id").asLong();
        String token = sandbox.linkSeller(seller);
        String paymentId = sandbox.createPayment(token).get("id").asText();

        JsonNode delivery = sandbox.awaitDeliveryOf("payment", paymentId, null, DELIVERY_WAIT);

        assertThat(delivery.get("status").asText()).isEqualTo("delivered");
        assertThat(delivery.get("signed").asBoolean()).isTrue();
        ConsumerRecord<String, byte[]> record = onlyRecord(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS, seller, paymentId);
        assertPublishedAsSent(record, delivery, "payment", seller);
    }

    @Test
    void aSellerAuthorizingTheApplicationArrivesAsMpConnectOnTheConnectTopic() {
        long seller = sandbox.user("SELLER_TWO").get("id").asLong();
        sandbox.authorize(seller, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

        JsonNode delivery = sandbox.awaitDeliveryOf("mp-connect", null, seller, DELIVERY_WAIT);

        assertThat(delivery.get("status").asText()).isEqualTo("delivered");
        String dataId = delivery.get("data_id").asText();
        ConsumerRecord<String, byte[]> record = onlyRecord(Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS, seller, dataId);
        assertPublishedAsSent(record, delivery, "mp-connect", seller);
        assertThat(TopicReader.header(record, "ce_type"))
                .isEqualTo("dev.mpmarketplace.notification.mercadopago.mp-connect.v1");
    }

    @ParameterizedTest(name = "{0} lands on {2}")
    @CsvSource({
            "merchant_order, merchant_order.updated, MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS",
            "point_integration_wh, state_FINISHED, MERCADOPAGO_POINT_NOTIFICATIONS",
            "order, order.processed, MERCADOPAGO_ORDER_NOTIFICATIONS",
            "payment, payment.updated, MERCADOPAGO_PAYMENT_NOTIFICATIONS",
            "wallet_connect, wallet.updated, UNROUTED_NOTIFICATIONS",
            "stop_delivery_op_wh, fraud.alert, UNROUTED_NOTIFICATIONS"})
    void everyMercadoPagoTopicFromTheSandboxLandsOnItsOwnTopic(String type, String action, Topic topic) {
        long seller = sandbox.user("SELLER_ONE").get("id").asLong();
        String dataId = type.equals("order")
                ? "ORD01J49MMW3SSBK5PSV3DFR" + Notifications.uniqueId().substring(0, 4)
                : Notifications.uniqueId();
        String deliveryId = sandbox.emit(type, action, dataId, seller).get("deliveries").get(0).get("id").asText();

        JsonNode delivery = sandbox.awaitFinished(deliveryId, DELIVERY_WAIT);

        assertThat(delivery.get("status").asText()).isEqualTo("delivered");
        assertPublishedAsSent(onlyRecord(topic, seller, dataId), delivery, type, seller);
    }

    @Test
    void aMerchantOrderNotificationWhoseIdIsTheOrderGetsAnIdPerActionAndVersion() {
        long seller = sandbox.user("SELLER_ONE").get("id").asLong();
        String orderId = Notifications.uniqueId();
        String deliveryId = sandbox.emit("topic_merchant_order_wh", "update", orderId, seller).get("deliveries")
                .get(0).get("id").asText();

        JsonNode delivery = sandbox.awaitFinished(deliveryId, DELIVERY_WAIT);

        ConsumerRecord<String, byte[]> record = onlyRecord(Topic.MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS, seller,
                orderId);
        assertThat(TopicReader.header(record, "ce_id"))
                .isEqualTo(StableEventId.of("mercadopago", "topic_merchant_order_wh", "update", orderId, "0"));
        assertThat(TopicReader.header(record, "ce_providerid")).isNull();
        assertThat(json(record.value())).isEqualTo(delivery.get("notification"));
    }

    // --- Refused: nothing published ---------------------------------------------------------------------------------

    @Test
    void aForgedSignatureIsRefusedWith401AndNeitherTheAnswerNorTheLogShowsIt() {
        String dataId = Notifications.uniqueId();
        String requestId = UUID.randomUUID().toString();
        String forged = Signatures.xSignature("a-guessed-secret", dataId, requestId, System.currentTimeMillis());
        List<String> logLines = new ArrayList<>();
        Handler capture = capturing(logLines);
        Logger.getLogger("").addHandler(capture);
        try {
            Response answer = postPayment(dataId, requestId, forged, body("payment", dataId));

            answer.then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://mpmarketplace.dev/problems/signature-mismatch"))
                    .body("title", equalTo("Invalid webhook signature"))
                    .body("status", equalTo(401))
                    .body("detail", containsString("signature-mismatch"))
                    .body("instance", equalTo("/webhooks/mercadopago"))
                    .body(not(containsString(Signatures.hashOf(forged))));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("signature-mismatch"));
        assertThat(logLines).noneSatisfy(line -> assertThat(line).contains(Signatures.hashOf(forged)));
        assertNothingPublishedAbout(dataId);
    }

    @Test
    void aSignatureOlderThanTheWindowIsRefusedAsStale() {
        String dataId = Notifications.uniqueId();
        String requestId = UUID.randomUUID().toString();
        long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();

        postPayment(dataId, requestId, Signatures.xSignature(webhookSecret, dataId, requestId, tenMinutesAgo),
                body("payment", dataId))
                .then().statusCode(401)
                .body("type", equalTo("https://mpmarketplace.dev/problems/timestamp-out-of-tolerance"));

        assertNothingPublishedAbout(dataId);
    }

    @Test
    void aGenuineSandboxDeliveryReplayedInsideTheWindowIsTheSameEventAndOutsideItIsRefused() {
        long seller = sandbox.user("SELLER_ONE").get("id").asLong();
        String dataId = Notifications.uniqueId();
        String deliveryId = sandbox.emit("payment", "payment.created", dataId, seller).get("deliveries").get(0)
                .get("id").asText();
        JsonNode delivery = sandbox.awaitFinished(deliveryId, DELIVERY_WAIT);
        JsonNode attempt = delivery.get("attempts").get(0);

        Response insideWindow = replay(attempt, delivery.get("notification"));
        clock.advance(Duration.ofMinutes(6));
        Response outsideWindow = replay(attempt, delivery.get("notification"));

        insideWindow.then().statusCode(200);
        outsideWindow.then().statusCode(401)
                .body("type", equalTo("https://mpmarketplace.dev/problems/timestamp-out-of-tolerance"));
        List<ConsumerRecord<String, byte[]>> records = recordsAbout(dataId);
        assertThat(records).hasSize(2).extracting(record -> TopicReader.header(record, "ce_id")).containsOnly(
                StableEventId.of("mercadopago", "notification", delivery.get("notification_id").asText()));
    }

    @Test
    void aGenuineSignatureMovedToAnotherResourceIsRefused() {
        long seller = sandbox.user("SELLER_ONE").get("id").asLong();
        String dataId = Notifications.uniqueId();
        String deliveryId = sandbox.emit("payment", "payment.created", dataId, seller).get("deliveries").get(0)
                .get("id").asText();
        JsonNode attempt = sandbox.awaitFinished(deliveryId, DELIVERY_WAIT).get("attempts").get(0);
        String otherId = Notifications.uniqueId();

        postPayment(otherId, attempt.get("request_id").asText(), attempt.get("x_signature").asText(),
                body("payment", otherId))
                .then().statusCode(401)
                .body("type", equalTo("https://mpmarketplace.dev/problems/signature-mismatch"));

        assertNothingPublishedAbout(otherId);
    }

    @Test
    void aNotificationWithoutSignatureIsRefused() {
        String dataId = Notifications.uniqueId();

        given().contentType("application/json").body(body("payment", dataId))
                .post("/webhooks/mercadopago?data.id=" + dataId + "&type=payment")
                .then().statusCode(401)
                .body("type", equalTo("https://mpmarketplace.dev/problems/missing-signature-header"));

        assertNothingPublishedAbout(dataId);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() {
        String dataId = Notifications.uniqueId();
        String requestId = UUID.randomUUID().toString();
        String oversize = "{\"padding\":\"" + "x".repeat(64 * 1024) + "\"}";

        postPayment(dataId, requestId, sign(dataId, requestId), oversize)
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/payload-too-large"))
                .body("status", equalTo(413));

        assertNothingPublishedAbout(dataId);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith415() {
        String dataId = Notifications.uniqueId();
        String requestId = UUID.randomUUID().toString();

        given().header("x-signature", sign(dataId, requestId)).header("x-request-id", requestId)
                .contentType("text/plain").body(body("payment", dataId))
                .post("/webhooks/mercadopago?data.id=" + dataId + "&type=payment")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/unsupported-media-type"));

        assertNothingPublishedAbout(dataId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1,2,3]", "{\"type\":\"payment\"} trailing", ""})
    void aSignedBodyThatIsNotOneJsonObjectIsRefusedWith400(String garbage) {
        String dataId = Notifications.uniqueId();
        String requestId = UUID.randomUUID().toString();

        postPayment(dataId, requestId, sign(dataId, requestId), garbage)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/malformed-json"))
                .body(not(containsString("Exception")));

        assertNothingPublishedAbout(dataId);
    }

    @Test
    void aSignedNotificationWithoutTypeIsRefusedWith400() {
        String dataId = Notifications.uniqueId();
        String requestId = UUID.randomUUID().toString();

        given().header("x-signature", sign(dataId, requestId)).header("x-request-id", requestId)
                .contentType("application/json").body("{\"id\":1,\"data\":{\"id\":\"" + dataId + "\"}}")
                .post("/webhooks/mercadopago?data.id=" + dataId)
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/missing-field"))
                .body("detail", containsString("type"));

        assertNothingPublishedAbout(dataId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void anotherMethodThanPostIsRefusedWith405(String method) {
        given().contentType("application/json").body("{}")
                .request(method, "/webhooks/mercadopago")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .header("Allow", containsString("POST"))
                .body("type", equalTo("https://mpmarketplace.dev/problems/method-not-allowed"));
    }

    // --- Legacy IPN ---------------------------------------------------------------------------------------------------

    @Test
    void anIpnNotificationIsPublishedUnsignedWithItsTopicAndIdAsValue() {
        String paymentId = Notifications.uniqueId();

        given().post("/webhooks/mercadopago?topic=payment&id=" + paymentId)
                .then().statusCode(200)
                .body("event_id", equalTo(StableEventId.of("mercadopago", "payment", "ipn", paymentId)));

        ConsumerRecord<String, byte[]> record = onlyRecordWithKey(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS,
                "unknown:" + paymentId);
        assertThat(TopicReader.header(record, "ce_verification")).isEqualTo("unsigned-ipn");
        assertThat(TopicReader.header(record, "ce_subject")).isNull();
        assertThat(json(record.value()))
                .isEqualTo(JSON.createObjectNode().put("topic", "payment").put("id", paymentId));
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    private void assertPublishedAsSent(ConsumerRecord<String, byte[]> record, JsonNode delivery, String type,
            long seller) {
        JsonNode attempt = delivery.get("attempts").get(delivery.get("attempts").size() - 1);
        String notificationId = delivery.get("notification_id").asText();
        assertThat(json(record.value())).isEqualTo(delivery.get("notification"));
        assertThat(TopicReader.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(TopicReader.header(record, "ce_id"))
                .isEqualTo(StableEventId.of("mercadopago", "notification", notificationId));
        assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/notification-ingest-service");
        assertThat(TopicReader.header(record, "ce_type")).isEqualTo(EventTypes.rawNotification("mercadopago", type));
        assertThat(TopicReader.header(record, "ce_subject")).isEqualTo(Long.toString(seller));
        assertThat(OffsetDateTime.parse(TopicReader.header(record, "ce_time")))
                .isBetween(OffsetDateTime.now().minusMinutes(2), OffsetDateTime.now().plusSeconds(1));
        assertThat(TopicReader.header(record, "content-type")).isEqualTo(CloudEventAttributes.JSON);
        assertThat(TopicReader.header(record, "ce_requestid")).isEqualTo(attempt.get("request_id").asText());
        assertThat(TopicReader.header(record, "ce_verification")).isEqualTo("valid");
        assertThat(TopicReader.header(record, "ce_providerid")).isEqualTo(notificationId);
        assertThat(record.headers().toArray()).noneSatisfy(
                header -> assertThat(new String(header.value(), StandardCharsets.UTF_8))
                        .contains(Signatures.hashOf(attempt.get("x_signature").asText())));
    }

    private ConsumerRecord<String, byte[]> onlyRecord(Topic topic, long seller, String resourceId) {
        return onlyRecordWithKey(topic, seller + ":" + resourceId);
    }

    private ConsumerRecord<String, byte[]> onlyRecordWithKey(Topic topic, String key) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(broker.bootstrapServers(), RAW_TOPICS)
                .stream().filter(record -> key.equals(record.key())).toList();
        assertThat(records).as("records with key %s", key).hasSize(1);
        assertThat(records.get(0).topic()).isEqualTo(topic.topicName());
        return records.get(0);
    }

    private List<ConsumerRecord<String, byte[]>> recordsAbout(String resourceId) {
        return TopicReader.readAll(broker.bootstrapServers(), RAW_TOPICS).stream()
                .filter(record -> record.key().endsWith(":" + resourceId)).toList();
    }

    private void assertNothingPublishedAbout(String resourceId) {
        assertThat(recordsAbout(resourceId)).isEmpty();
    }

    private Response postPayment(String dataId, String requestId, String signature, String body) {
        return given().header("x-signature", signature).header("x-request-id", requestId)
                .contentType("application/json").body(body)
                .post("/webhooks/mercadopago?data.id=" + dataId + "&type=payment");
    }

    /** Sends the exact request of a recorded sandbox attempt again. */
    private Response replay(JsonNode attempt, JsonNode notification) {
        URI url = URI.create(attempt.get("url").asText());
        return given().header("x-signature", attempt.get("x_signature").asText())
                .header("x-request-id", attempt.get("request_id").asText())
                .contentType("application/json").body(notification.toString())
                .post(url.getPath() + "?" + url.getRawQuery());
    }

    private String sign(String dataId, String requestId) {
        return Signatures.xSignature(webhookSecret, dataId, requestId, System.currentTimeMillis());
    }

    private static String body(String type, String dataId) {
        return Notifications.mercadoPago(type, type + ".created", dataId, 1000002).toString();
    }

    private static JsonNode json(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(value, StandardCharsets.UTF_8), e);
        }
    }

    private static Handler capturing(List<String> lines) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record instanceof ExtLogRecord extended
                        ? extended.getFormattedMessage()
                        : record.getMessage();
                synchronized (lines) {
                    lines.add(message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
