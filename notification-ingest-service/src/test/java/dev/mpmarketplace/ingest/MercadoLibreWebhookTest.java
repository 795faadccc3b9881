package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * The Mercado Libre feed (the sandbox does not send it, so the test posts the documented shape itself): unsigned,
 * checked by {@code application_id}, keyed by seller and resource path.
 */
@QuarkusTest
@WithKafkaBroker
@WithMercadoPagoSandbox
class MercadoLibreWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> RAW_TOPICS = Topic.ofKind(Topic.Kind.RAW_NOTIFICATION).stream()
            .map(Topic::topicName).toList();
    private static final long SELLER = 734908421L;

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @ConfigProperty(name = "ingest.mercadolibre.application-id")
    String applicationId;

    @ParameterizedTest(name = "{0} lands on {1}")
    @CsvSource({
            "orders_v2, MERCADOLIBRE_ORDER_NOTIFICATIONS",
            "orders, MERCADOLIBRE_ORDER_NOTIFICATIONS",
            "created_orders, MERCADOLIBRE_ORDER_NOTIFICATIONS",
            "payments, MERCADOLIBRE_PAYMENT_NOTIFICATIONS",
            "questions, UNROUTED_NOTIFICATIONS"})
    void aFeedNotificationForOurApplicationLandsOnItsTopicKeyedBySellerAndResource(String topic, Topic expected)
            throws IOException {
        String resource = "/orders/" + Notifications.uniqueId();
        ObjectNode notification = Notifications.mercadoLibre(topic, resource, SELLER, applicationId);
        String requestId = UUID.randomUUID().toString();

        given().contentType("application/json").header("x-request-id", requestId).body(notification.toString())
                .post("/webhooks/mercadolibre")
                .then().statusCode(200)
                .body("event_id", equalTo(StableEventId.of("mercadolibre", notification.get("_id").asText())));

        ConsumerRecord<String, byte[]> record = onlyRecordWithKey(SELLER + ":" + resource);
        assertThat(record.topic()).isEqualTo(expected.topicName());
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(notification.toString());
        assertThat(TopicReader.header(record, "ce_id"))
                .isEqualTo(StableEventId.of("mercadolibre", notification.get("_id").asText()));
        assertThat(TopicReader.header(record, "ce_type"))
                .isEqualTo("dev.mpmarketplace.notification.mercadolibre." + topic.replace('_', '-') + ".v1");
        assertThat(TopicReader.header(record, "ce_subject")).isEqualTo(Long.toString(SELLER));
        assertThat(TopicReader.header(record, "ce_source")).isEqualTo("/notification-ingest-service");
        assertThat(TopicReader.header(record, "ce_verification")).isEqualTo("application-id-matched");
        assertThat(TopicReader.header(record, "ce_providerid")).isEqualTo(notification.get("_id").asText());
        assertThat(TopicReader.header(record, "ce_requestid")).isEqualTo(requestId);
    }

    @Test
    void anApplicationIdBeyondTwoToTheFiftyThirdIsComparedExactly() {
        String resource = "/orders/" + Notifications.uniqueId();
        String body = Notifications.mercadoLibre("orders_v2", resource, SELLER, applicationId).toString()
                .replace(applicationId, applicationId.substring(0, applicationId.length() - 1) + "5");

        given().contentType("application/json").body(body).post("/webhooks/mercadolibre")
                .then().statusCode(403);

        assertThat(recordsWithKey(SELLER + ":" + resource)).isEmpty();
    }

    @Test
    void aNotificationForAnotherApplicationIsRefusedWith403AndNotPublished() {
        String resource = "/orders/" + Notifications.uniqueId();

        given().contentType("application/json")
                .body(Notifications.mercadoLibre("orders_v2", resource, SELLER, "1234567890123").toString())
                .post("/webhooks/mercadolibre")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/application-id-mismatch"))
                .body("status", equalTo(403));

        assertThat(recordsWithKey(SELLER + ":" + resource)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"_id", "resource", "user_id", "topic", "application_id"})
    void aNotificationMissingARequiredFieldIsRefusedWith400(String field) {
        String resource = "/orders/" + Notifications.uniqueId();
        ObjectNode notification = Notifications.mercadoLibre("orders_v2", resource, SELLER, applicationId);
        notification.remove(field);

        given().contentType("application/json").body(notification.toString()).post("/webhooks/mercadolibre")
                .then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/missing-field"))
                .body("detail", equalTo("the notification has no " + field));

        assertThat(recordsWithKey(SELLER + ":" + resource)).isEmpty();
    }

    @Test
    void aTopicThatCannotBeATypeNameIsRefusedWith400() {
        String resource = "/orders/" + Notifications.uniqueId();
        ObjectNode notification = Notifications.mercadoLibre("_orders v2", resource, SELLER, applicationId);

        given().contentType("application/json").body(notification.toString()).post("/webhooks/mercadolibre")
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
        return TopicReader.readAll(broker.bootstrapServers(), RAW_TOPICS).stream()
                .filter(record -> key.equals(record.key())).toList();
    }

    static JsonNode json(byte[] value) throws IOException {
        return JSON.readTree(value);
    }
}
