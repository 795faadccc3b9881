package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotificationReader;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.KafkaTestBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.notifications.MercadoLibreNotification;
import dev.mpmarketplace.testing.notifications.Notifications;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * The Mercado Libre feed (the sandbox does not send it, so the test posts the documented shape itself): unsigned,
 * checked by {@code application_id}, keyed by seller and resource path.
 */
@QuarkusTest
@WithKafkaBroker
@WithMercadoPagoSandbox
@WithVaultDevServer
class MercadoLibreWebhookTest {

    private static final List<String> RAW_TOPICS = Topic.ofKind(Topic.Kind.RAW_NOTIFICATION).stream()
            .map(Topic::topicName).toList();
    private static final long SELLER = 734908421L;

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @ConfigProperty(name = "ingest.mercadolibre.application-id")
    String applicationId;

    private MercadoLibreNotification notification(String topic) {
        return Notifications.mercadoLibre(topic, "/orders/" + Notifications.uniqueId()).seller(SELLER)
                .application(applicationId);
    }

    @ParameterizedTest(name = "{0} lands on {1}")
    @CsvSource({
            "orders_v2, MERCADOLIBRE_ORDER_NOTIFICATIONS",
            "orders, MERCADOLIBRE_ORDER_NOTIFICATIONS",
            "created_orders, MERCADOLIBRE_ORDER_NOTIFICATIONS",
            "payments, MERCADOLIBRE_PAYMENT_NOTIFICATIONS",
            "questions, UNROUTED_NOTIFICATIONS"})
    void aFeedNotificationForOurApplicationLandsOnItsTopicKeyedBySellerAndResource(String topic, Topic expected) {
        MercadoLibreNotification notification = notification(topic);
        String requestId = UUID.randomUUID().toString();

        given().contentType("application/json").header("x-request-id", requestId).body(notification.json())
                .post("/webhooks/mercadolibre")
                .then().statusCode(200)
                .body("event_id", equalTo(StableEventId.of("mercadolibre", notification.notificationId())));

        ConsumerRecord<String, byte[]> record = onlyRecordWithKey(SELLER + ":" + notification.resource());
        assertThat(record.topic()).isEqualTo(expected.topicName());
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(notification.json());
        assertThat(header(record, "ce_id")).isEqualTo(StableEventId.of("mercadolibre", notification.notificationId()));
        assertThat(header(record, "ce_type"))
                .isEqualTo("dev.mpmarketplace.notification.mercadolibre." + topic.replace('_', '-') + ".v1");
        assertThat(header(record, "ce_subject")).isEqualTo(Long.toString(SELLER));
        assertThat(header(record, "ce_source")).isEqualTo("/notification-ingest-service");
        assertThat(header(record, "ce_verification")).isEqualTo("application-id-matched");
        assertThat(header(record, "ce_providerid")).isEqualTo(notification.notificationId());
        assertThat(header(record, "ce_providertopic")).isEqualTo(topic);
        assertThat(header(record, "ce_requestid")).isEqualTo(requestId);
        RawNotification read = RawNotificationReader.read(record);
        assertThat(read.sellerId()).isEqualTo(SELLER);
        assertThat(read.resourceId()).isEqualTo(notification.resource());
    }

    @Test
    void anApplicationIdBeyondTwoToTheFiftyThirdIsComparedExactly() {
        String almost = applicationId.substring(0, applicationId.length() - 1)
                + (applicationId.endsWith("5") ? "6" : "5");
        MercadoLibreNotification notification = notification("orders_v2").application(almost);

        given().contentType("application/json").body(notification.json()).post("/webhooks/mercadolibre")
                .then().statusCode(403);

        assertThat(recordsWithKey(SELLER + ":" + notification.resource())).isEmpty();
    }

    @Test
    void aNotificationForAnotherApplicationIsRefusedWith403AndNotPublished() {
        MercadoLibreNotification notification = notification("orders_v2").application("1234567890123");

        given().contentType("application/json").body(notification.json()).post("/webhooks/mercadolibre")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/application-id-mismatch"))
                .body("status", equalTo(403));

        assertThat(recordsWithKey(SELLER + ":" + notification.resource())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"_id", "resource", "user_id", "topic", "application_id"})
    void aNotificationMissingARequiredFieldIsRefusedWith400(String field) {
        MercadoLibreNotification notification = notification("orders_v2");
        ObjectNode body = notification.body();
        body.remove(field);

        given().contentType("application/json").body(body.toString()).post("/webhooks/mercadolibre")
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/missing-field"))
                .body("detail", equalTo("the notification has no " + field));

        assertThat(recordsWithKey(SELLER + ":" + notification.resource())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"seller\"", "\"734908421:/orders/1\"", "-734908421", "7.5", "0"})
    void aUserIdThatIsNotAUserIdIsRefusedBecauseItBecomesTheKey(String userId) {
        MercadoLibreNotification notification = notification("orders_v2");
        String body = notification.json().replace("\"user_id\":" + SELLER, "\"user_id\":" + userId);

        given().contentType("application/json").body(body).post("/webhooks/mercadolibre")
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/invalid-field"))
                .body("detail", containsString("user_id"));

        assertThat(records()).noneMatch(record -> record.key().endsWith(":" + notification.resource()));
    }

    @Test
    void aTopicThatCannotBeATypeNameIsRefusedWith400() {
        MercadoLibreNotification notification = notification("_orders v2");

        given().contentType("application/json").body(notification.json()).post("/webhooks/mercadolibre")
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/invalid-field"));
    }

    @Test
    void garbageAndTheWrongMediaTypeAndMethodAreRefusedWithProblems() {
        given().contentType("application/json").body("{\"_id\": ").post("/webhooks/mercadolibre")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/xml").body("<feed/>").post("/webhooks/mercadolibre")
                .then().statusCode(415).contentType("application/problem+json");
        given().get("/webhooks/mercadolibre")
                .then().statusCode(405).contentType("application/problem+json");
    }

    private ConsumerRecord<String, byte[]> onlyRecordWithKey(String key) {
        List<ConsumerRecord<String, byte[]>> records = recordsWithKey(key);
        assertThat(records).as("records with key %s", key).hasSize(1);
        return records.get(0);
    }

    private List<ConsumerRecord<String, byte[]>> recordsWithKey(String key) {
        return records().stream().filter(record -> key.equals(record.key())).toList();
    }

    private List<ConsumerRecord<String, byte[]>> records() {
        return broker.records(RAW_TOPICS);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return KafkaTestBroker.header(record, name);
    }
}
