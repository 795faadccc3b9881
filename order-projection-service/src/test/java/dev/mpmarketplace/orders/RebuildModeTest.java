package dev.mpmarketplace.orders;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.orders.fact.CauseKind;
import dev.mpmarketplace.orders.fact.FactCause;
import dev.mpmarketplace.orders.fact.OrderFact;
import dev.mpmarketplace.orders.support.Kafka;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * The service as an operator runs it to rebuild (docs/services/order-projection-service.md): live inputs off, the
 * fact log consumed by its channel from the group's offsets. Facts on the log, written as the outbox writes them,
 * make the model; they are not logged again, no order event is published, and the service is ready once it has caught
 * up. OpenAPI documents the API on the management interface.
 */
@QuarkusTest
@TestProfile(RebuildModeTest.Rebuilding.class)
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox
@WithApiTokens
class RebuildModeTest {

    public static class Rebuilding implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orders.live.enabled", "false", "orders.rebuild.enabled", "true");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @InjectApiTokens
    ApiTokens tokens;

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Test
    void theFactLogReplayedByTheRebuildChannelMakesTheModelWithoutLoggingOrPublishingAgain() {
        OffsetDateTime observed = OffsetDateTime.parse("2026-11-27T12:00:00Z");
        FactCause cause = new FactCause(CauseKind.NOTIFICATION, UUID.randomUUID().toString(), "orders_v2");
        List<OrderFact> facts = new ArrayList<>();
        facts.add(OrderFact.mercadoLibreOrder(OrderTest.answer("payment_required", 0, "\"not_paid\"", ""), observed,
                cause));
        facts.add(OrderFact.mercadoLibreOrder(OrderTest.answer("paid", 5, "\"paid\"",
                OrderTest.payment(77, "approved", "")), observed.plusMinutes(5), cause));
        facts.forEach(this::log);
        UUID id = facts.get(0).orderId();

        await().atMost(WAIT).untilAsserted(() -> assertThat(given()
                .header("Authorization", tokens.bearer(Roles.ORDERS_READ)).get("/orders/{id}", id).then()
                .statusCode(200).extract().as(JsonNode.class).get("status").asText()).isEqualTo("paid"));
        JsonNode entries = given().header("Authorization", tokens.bearer(Roles.ORDERS_READ))
                .get("/orders/{id}/timeline", id).then().statusCode(200).extract().as(JsonNode.class).get("entries");
        assertThat(entries.findValuesAsText("fact_id")).contains(facts.get(0).factId(), facts.get(1).factId());

        await().atMost(WAIT).untilAsserted(() -> given().port(managementPort).get("/q/health/ready").then()
                .statusCode(200));
        Kafka kafka = new Kafka(broker);
        assertThat(kafka.records(Topic.ORDER_PROJECTION_FACTS)).as("a replayed fact is not logged again").hasSize(2);
        assertThat(kafka.records(Topic.ORDER_EVENTS)).as("no order event unless asked").isEmpty();

        String openApi = given().port(managementPort).get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        assertThat(openApi).contains("/orders/{id}", "/orders/{id}/timeline", "/sellers/{sellerId}/orders");
    }

    /** The fact on its log, exactly as the outbox relay writes it. */
    void log(OrderFact fact) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.ORDER_PROJECTION_FACTS.topicName(),
                fact.logKey(), fact.toJson());
        new CloudEventAttributes(fact.factId(), EventSource.ORDER_PROJECTION.uri(), fact.kind().type(),
                Long.toString(fact.sellerId()), fact.observedAt(), CloudEventAttributes.JSON).writeTo(record.headers());
        broker.publish(record);
    }
}
