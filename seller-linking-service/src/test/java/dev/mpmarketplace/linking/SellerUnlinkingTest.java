package dev.mpmarketplace.linking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vault.client.VaultClient;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotifications;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.linking.service.SellerUnlinking;
import dev.mpmarketplace.linking.support.Links;
import dev.mpmarketplace.linking.support.SellerEventsReader;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.notifications.Notifications;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Unlinking: the seller revokes the application in Mercado Pago (the sandbox sends {@code mp-connect
 * application.deauthorized}, which the ingest service publishes to the raw topic; here the test publishes it the
 * same way), or the marketplace unlinks it. A notification is a hint: a deauthorization is believed only when Mercado
 * Pago refuses the seller's token, so forged, stale and unanswerable ones change nothing. Plus the consumer's
 * idempotency, unknown sellers and poison records.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class SellerUnlinkingTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @InjectMercadoPagoSandbox
    MercadoPagoSandbox sandbox;

    @InjectApiTokens
    ApiTokens tokens;

    /** Every call of these tests is the marketplace's backend with every role; ApiAccessTest checks the roles. */
    @BeforeEach
    void asTheMarketplacesBackend() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", tokens.admin()).build();
    }

    @Inject
    VaultClient vault;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    SandboxControl control() {
        return new SandboxControl(sandbox.url());
    }

    @Test
    void aSellerRevokingTheApplicationIsUnlinkedOnceAndItsSecretDestroyed() throws Exception {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "revoker");
        String refreshToken = (String) secret(sellerId).get("refresh_token");

        control().revoke(sellerId);
        JsonNode notification = control().lastNotification("mp-connect", "application.deauthorized", sellerId);
        RawNotification delivered = publishSigned(notification);
        String eventId = delivered.eventId();

        await().atMost(WAIT).untilAsserted(() -> given().get("/sellers/{id}", sellerId).then()
                .body("status", equalTo("UNLINKED")));
        assertThat(secretExists(sellerId)).isFalse();
        assertThat(control().refreshGrant(refreshToken).statusCode()).as("the sandbox killed the tokens")
                .isEqualTo(400);
        assertThat(outcome(eventId)).isEqualTo("unlinked");

        publish(delivered);
        publishSigned(notification);
        List<SellerEventsReader.Event> unlinked = events(SellerEventTypes.UNLINKED, sellerId, 2);
        assertThat(unlinked).as("a redelivered notification changes nothing more").hasSize(1);
        assertThat(unlinked.get(0).value()).contains("\"reason\":\"seller_revoked\"", "\"reference\":\"revoker\"");
    }

    @Test
    void anAuthorizedNotificationConfirmsAKnownSellerAndOneForAnUnknownSellerIsRecorded() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "confirmed");
        JsonNode authorized = control().lastNotification("mp-connect", "application.authorized", sellerId);
        long stranger = control().newSeller();
        String strangerEvent = publishClaim(stranger, "application.deauthorized").eventId();

        String confirmedEvent = publishSigned(authorized).eventId();

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(confirmedEvent)).isEqualTo("confirmed"));
        assertThat(outcome(strangerEvent)).isEqualTo("unknown_seller");
        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"));
    }

    @Test
    void aForgedUnsignedDeauthorizationForALinkedSellerChangesNothing() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "victim");
        double unconfirmedBefore = deauthorizations("unconfirmed");

        // What gets through the edge when a captured signature is replayed on another replica with a rewritten body:
        // the signature covers data.id, the request id and the time, not who the body says was deauthorized.
        String eventId = publishClaim(sellerId, "application.deauthorized").eventId();
        // And the legacy IPN door: unsigned, so its record names no seller at all.
        RawNotification ipn = RawNotifications.mercadoPagoIpn("mp-connect", Long.toString(sellerId), null,
                OffsetDateTime.now(ZoneOffset.UTC));
        publish(ipn);

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(eventId)).isEqualTo("unconfirmed"));
        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"));
        assertThat(secret(sellerId)).containsKey("access_token");
        assertThat(events(SellerEventTypes.UNLINKED, sellerId, 1)).isEmpty();
        assertThat(deauthorizations("unconfirmed")).isEqualTo(unconfirmedBefore + 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(ipn.eventId())).isEqualTo("ignored"));
        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"));
    }

    @Test
    void aDeauthorizationDeliveredAfterTheSellerLinkedAgainLeavesItLinked() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "comes-back");
        control().revoke(sellerId);
        JsonNode lateRevocation = control().lastNotification("mp-connect", "application.deauthorized", sellerId);
        Links.link(control(), sellerId, "comes-back");

        String eventId = publishSigned(lateRevocation).eventId();

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(eventId)).isEqualTo("unconfirmed"));
        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"));
        assertThat(secret(sellerId)).containsKey("access_token");
    }

    @Test
    void aProbeThatGetsNoAnswerIsRetriedAndNeverReadAsARevocation() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "probe-unavailable");
        control().fault(Map.of("id", "users-me-down", "kind", "error", "path", "/users/me", "status", 503));
        try {
            String eventId = publishClaim(sellerId, "application.deauthorized").eventId();

            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(outcome(eventId)).as("not processed while Mercado Pago does not answer").isNull();
                given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"));
            });
            control().clearFaults();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(outcome(eventId)).isEqualTo("unconfirmed"));
            assertThat(secret(sellerId)).containsKey("access_token");
        } finally {
            control().clearFaults();
        }
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerCarriesOn() {
        broker.publish(new ProducerRecord<>(Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS.topicName(), "poison:1",
                "not json and no CloudEvent headers".getBytes(StandardCharsets.UTF_8)));
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "after-poison");
        control().revoke(sellerId);
        String eventId = publishSigned(control().lastNotification("mp-connect", "application.deauthorized",
                sellerId)).eventId();

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(eventId)).isEqualTo("unlinked"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(broker.records(List.of(
                Topic.SELLER_LINKING_DEAD_LETTERS.topicName()))).extracting(r -> new String(r.value(),
                        StandardCharsets.UTF_8))
                .contains("not json and no CloudEvent headers"));
    }

    @Test
    void theMarketplaceUnlinkingASellerDestroysItsSecretAndSaysSo() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "let-go");

        given().delete("/sellers/{id}", sellerId).then().statusCode(204);

        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("UNLINKED"));
        assertThat(secretExists(sellerId)).isFalse();
        List<SellerEventsReader.Event> unlinked = events(SellerEventTypes.UNLINKED, sellerId, 1);
        assertThat(unlinked).hasSize(1);
        assertThat(unlinked.get(0).value()).contains("\"reason\":\"marketplace_unlinked\"");
        given().delete("/sellers/{id}", sellerId).then().statusCode(204);
        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(409);
        given().delete("/sellers/{id}", 424_242_424L).then().statusCode(404);
        given().queryParam("status", "UNLINKED").get("/sellers").then().statusCode(200)
                .body("sellers.user_id", org.hamcrest.Matchers.hasItem((int) sellerId));
    }

    /**
     * Publishes what notification-ingest-service publishes for this body delivered as a signed Mercado Pago webhook
     * (libs/events RawNotifications, the code ingest runs), with a fresh request id; answers the record.
     */
    private RawNotification publishSigned(JsonNode body) {
        RawNotification record = RawNotifications.mercadoPagoWebhook("mp-connect", body.path("data").path("id")
                .asText(body.path("user_id").asText()), UUID.randomUUID().toString(),
                Long.toString(System.currentTimeMillis() / 1000), body.path("user_id").asLong(),
                body.path("action").asText(), body.path("id").asText(),
                body.toString().getBytes(StandardCharsets.UTF_8),
                OffsetDateTime.now(ZoneOffset.UTC));
        publish(record);
        return record;
    }

    /** A notification as an attacker would get it published: a signed delivery whose unsigned body says this. */
    private RawNotification publishClaim(long sellerId, String action) {
        RawNotification record = Notifications.mpConnect(sellerId, action).published(UUID.randomUUID().toString(),
                System.currentTimeMillis() / 1000);
        publish(record);
        return record;
    }

    @SuppressWarnings("unchecked")
    private void publish(RawNotification record) {
        broker.publish(record.toProducerRecord());
    }

    private String outcome(String eventId) {
        var rows = pool.preparedQuery("SELECT outcome FROM processed_event WHERE consumer = $1 AND event_id = $2")
                .execute(Tuple.of(SellerUnlinking.CONSUMER, eventId)).await().atMost(WAIT);
        for (Row row : rows) {
            return row.getString("outcome");
        }
        return null;
    }

    private double deauthorizations(String outcome) {
        var counter = registry.find("linking_deauthorizations_total").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private Map<String, Object> secret(long sellerId) {
        return vault.secrets().kv2("secret").readSecret("sellers/" + sellerId).toCompletableFuture().join()
                .getData();
    }

    private boolean secretExists(long sellerId) {
        try {
            vault.secrets().kv2("secret").readSecretMetadata("sellers/" + sellerId).toCompletableFuture().join();
            return true;
        } catch (CompletionException e) {
            return false;
        }
    }

    private List<SellerEventsReader.Event> events(String type, long sellerId, int atLeast) {
        return SellerEventsReader.read(broker, Topic.SELLER_EVENTS.topicName(),
                e -> type.equals(e.attributes().type()) && Long.toString(sellerId).equals(e.attributes().subject()),
                atLeast, Duration.ofSeconds(8));
    }
}
