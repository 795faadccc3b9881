package dev.mpmarketplace.point;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.point.CreatePointIntent;
import dev.mpmarketplace.events.point.PointIntentEventTypes;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.point.service.PointRegistrations;
import dev.mpmarketplace.point.support.ChallengeResponder;
import dev.mpmarketplace.point.support.PointFixture;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.vault.VaultDevServer;
import dev.mpmarketplace.sellertokens.PointIntegratorKeys;
import dev.mpmarketplace.sellertokens.SellerAccessTokens;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.clock.AdjustableClock;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.SandboxControl.DeviceAction;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.InjectVaultDevServer;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * A seller's Point set-up: the integrator webhook registered per seller (its key in Vault for ingest, proven by the
 * sandbox's own challenge), a failed challenge retried and visible, seller events; devices and their operating mode;
 * the create command on Kafka; and who may call the API.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
@WithTestResource(ChallengeResponder.class)
class PointSetUpTest {

    @InjectMercadoPagoSandbox
    MercadoPagoSandbox sandbox;

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @InjectApiTokens
    ApiTokens tokens;

    @Inject
    SellerSecrets secrets;

    @Inject
    PointIntegratorKeys keys;

    @Inject
    PointRegistrations registrations;

    @Inject
    AdjustableClock clock;

    @Inject
    SellerAccessTokens accessTokens;

    @InjectVaultDevServer
    VaultDevServer vault;

    PointFixture point;
    SandboxControl control;

    @BeforeEach
    void fixture() {
        RestAssured.requestSpecification = null;
        control = new SandboxControl(sandbox.url());
        point = new PointFixture(control, tokens, secrets, broker);
        ChallengeResponder.keys = seller -> keys.read(seller).await().atMost(PointFixture.WAIT);
    }

    @AfterEach
    void reset() {
        clock.reset();
        ChallengeResponder.REFUSING.clear();
    }

    Response pointOf(long seller) {
        return given().header("Authorization", tokens.bearer(Roles.POINT_READ)).get("/sellers/" + seller + "/point");
    }

    void awaitRegistration(long seller, String state) {
        await().atMost(PointFixture.WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> state.equals(pointOf(seller).path("registration")));
    }

    @Test
    void eachSellersWebhookIsRegisteredWithItsOwnKeyInVaultAndPassesTheChallenge() {
        long first = point.pointSeller("INTEGRATION_API");
        long second = point.pointSeller("INTEGRATION_API");
        awaitRegistration(first, "REGISTERED");
        awaitRegistration(second, "REGISTERED");

        for (long seller : new long[]{first, second}) {
            var integrator = control.pointIntegrator(point.tokenOf(seller));
            assertThat(integrator.path("is_valid_webhook").asBoolean()).isTrue();
            assertThat(integrator.path("webhook").asText()).endsWith("/webhooks/point/" + seller);
            assertThat(keys.read(seller).await().atMost(PointFixture.WAIT)).contains(integrator.path("token")
                    .asText());
            assertThat(pointOf(seller).<String>path("webhook_url")).endsWith("/webhooks/point/" + seller);
        }
        assertThat(keys.read(first).await().atMost(PointFixture.WAIT))
                .isNotEqualTo(keys.read(second).await().atMost(PointFixture.WAIT));
        // The Orders API needs no integrator webhook.
        long orders = point.pointSeller("ORDERS_API");
        assertThat(pointOf(orders).<String>path("registration")).isEqualTo("NOT_REQUIRED");
    }

    @Test
    void aFailedChallengeIsVisibleAndRetriedWithBackOffUntilItPasses() {
        long seller = point.linkedSeller();
        ChallengeResponder.REFUSING.add(seller);
        point.configure(seller, true, "INTEGRATION_API").then().statusCode(200);
        awaitRegistration(seller, "FAILED");
        Response failed = pointOf(seller);
        assertThat(failed.<Integer>path("registration_attempts")).isEqualTo(1);
        assertThat(failed.<String>path("last_error")).contains("webhook_validation_failed");
        assertThat(failed.<String>path("next_attempt_at")).isNotNull();
        assertThat(control.pointIntegrator(point.tokenOf(seller)).path("is_valid_webhook").asBoolean()).isFalse();

        // Not due yet: nothing is attempted.
        ChallengeResponder.REFUSING.remove(seller);
        assertThat(PointFixture.onVertx(() -> registrations.register(seller)))
                .isEqualTo(PointRegistrations.Outcome.SKIPPED);
        clock.advance(Duration.ofMinutes(2));
        assertThat(PointFixture.onVertx(() -> registrations.register(seller)))
                .isEqualTo(PointRegistrations.Outcome.REGISTERED);
        assertThat(pointOf(seller).<String>path("registration")).isEqualTo("REGISTERED");
        assertThat(pointOf(seller).<String>path("last_error")).isNull();
    }

    @Test
    void aSellerThatUnlinksShowsItAndIsRegisteredAgainWhenItLinks() {
        long seller = point.pointSeller("INTEGRATION_API");
        awaitRegistration(seller, "REGISTERED");
        publishSellerEvent(seller, SellerEventTypes.UNLINKED);
        awaitRegistration(seller, "SELLER_NOT_LINKED");
        publishSellerEvent(seller, SellerEventTypes.RELINKED);
        awaitRegistration(seller, "PENDING");
        assertThat(PointFixture.onVertx(() -> registrations.retryDue())).isGreaterThanOrEqualTo(1);
        assertThat(pointOf(seller).<String>path("registration")).isEqualTo("REGISTERED");
    }

    void publishSellerEvent(long seller, String type) {
        RecordHeaders headers = new RecordHeaders();
        new CloudEventAttributes(UUID.randomUUID().toString(), EventSource.SELLER_LINKING.uri(), type,
                Long.toString(seller), OffsetDateTime.now(ZoneOffset.UTC), CloudEventAttributes.JSON).writeTo(headers);
        broker.publish(new ProducerRecord<>(Topic.SELLER_EVENTS.topicName(), null, Long.toString(seller),
                ("{\"user_id\":" + seller + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8), headers));
    }

    @Test
    void devicesAreListedWithTheirQueuedIntentAndTheirModeIsSwitched() {
        long seller = point.pointSeller("ORDERS_API");
        String pdv = point.pdvDevice(seller);
        String standalone = control.pointDevice(seller, "STANDALONE");
        String intent = point.queued(seller, pdv, "10.00");

        Response listed = given().header("Authorization", tokens.bearer(Roles.POINT_READ))
                .get("/sellers/" + seller + "/devices");
        listed.then().statusCode(200);
        assertThat(listed.<List<String>>path("devices.id")).contains(pdv, standalone);
        assertThat(listed.<String>path("devices.find { it.id == '" + pdv + "' }.queued.id")).isEqualTo(intent);
        assertThat(listed.<Boolean>path("devices.find { it.id == '" + pdv + "' }.queued.cancellable")).isTrue();

        Response switched = given().header("Authorization", tokens.bearer(Roles.POINT_OPERATE))
                .contentType("application/json").body(Map.of("operating_mode", "KIOSK"))
                .patch("/sellers/" + seller + "/devices/" + standalone);
        switched.then().statusCode(400).contentType("application/problem+json");
        point.cancel(intent).then().statusCode(200);
        Response toStandalone = given().header("Authorization", tokens.bearer(Roles.POINT_OPERATE))
                .contentType("application/json").body(Map.of("operating_mode", "STANDALONE"))
                .patch("/sellers/" + seller + "/devices/" + pdv);
        toStandalone.then().statusCode(200);
        assertThat(toStandalone.<String>path("operating_mode")).isEqualTo("PDV");
        assertThat(toStandalone.<String>path("requested_operating_mode")).isEqualTo("STANDALONE");
        control.actOnDevice(pdv, DeviceAction.RESTART);
        Response refreshed = given().header("Authorization", tokens.bearer(Roles.POINT_READ))
                .get("/sellers/" + seller + "/devices?refresh=true");
        assertThat(refreshed.<String>path("devices.find { it.id == '" + pdv + "' }.operating_mode"))
                .isEqualTo("STANDALONE");
        assertThat(refreshed.<String>path("devices.find { it.id == '" + pdv + "' }.requested_operating_mode"))
                .isNull();
    }

    @Test
    void aCreateCommandQueuesOneIntentHoweverOftenItIsDelivered() throws Exception {
        long seller = point.pointSeller("INTEGRATION_API");
        String device = point.pdvDevice(seller);
        String key = "order-" + UUID.randomUUID();
        CreatePointIntent command = new CreatePointIntent(key, seller, device, new BigDecimal("18.00"), "command",
                "marketplace-order-1", null, null);
        for (int i = 0; i < 2; i++) {
            RecordHeaders headers = new RecordHeaders();
            new CloudEventAttributes(UUID.randomUUID().toString(), URI.create("/marketplace-backend"),
                    PointIntentEventTypes.CREATE, Long.toString(seller), OffsetDateTime.now(ZoneOffset.UTC),
                    CloudEventAttributes.JSON)
                    .writeTo(headers);
            broker.publish(new ProducerRecord<>(Topic.POINT_INTENT_COMMANDS.topicName(), null, key,
                    MarketplaceJson.newMapper().writeValueAsBytes(command), headers));
        }
        await().atMost(PointFixture.WAIT).untilAsserted(() -> {
            Response page = given().header("Authorization", tokens.bearer(Roles.POINT_READ))
                    .get("/intents?seller=" + seller);
            assertThat(page.<List<String>>path("intents.external_reference")).containsExactly("marketplace-order-1");
            assertThat(page.<List<String>>path("intents.state")).containsExactly("OPEN");
        });
        assertThat(control.pointDevice(device).path("queued").isNull()).isFalse();
    }

    @Test
    void whileVaultIsDownARequestIsRefused503SellerTokensUnavailableAndACommandWaitsInPlaceUntilItIsBack()
            throws Exception {
        long seller = point.pointSeller("INTEGRATION_API");
        String device = point.pdvDevice(seller);
        awaitRegistration(seller, "REGISTERED");
        String key = UUID.randomUUID().toString();
        // What a "refreshed" seller event does: the next request reads Vault instead of the cache.
        accessTokens.invalidate(seller);

        vault.stop();
        try {
            Response refused = point.create(seller, device, "12.00", key);

            refused.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            assertThat(refused.<String>path("type"))
                    .isEqualTo("https://mpmarketplace.dev/problems/seller-tokens-unavailable");
            assertThat(refused.<Number>path("seller_id").longValue()).isEqualTo(seller);
            assertThat(refused.body().asString()).doesNotContain(Integer.toString(vault.port()), vault.rootToken());
        } finally {
            vault.restart();
        }
        // The same request, with the same key, now queues (201: the refusal had created nothing under that key).
        Response created = point.create(seller, device, "12.00", key);
        created.then().statusCode(201);
        point.cancel(created.path("id")).then().statusCode(200);

        String commandKey = "order-" + UUID.randomUUID();
        accessTokens.invalidate(seller);
        vault.stop();
        try {
            publishCreate(new CreatePointIntent(commandKey, seller, device, new BigDecimal("13.00"), "command",
                    "vault-outage-order", null, null));
            // The consumer retries the record in place: neither done nor dead-lettered while Vault is down.
            Thread.sleep(3_000);
            assertThat(intentsOf(seller).<List<String>>path("intents.external_reference"))
                    .doesNotContain("vault-outage-order");
            assertThat(broker.records(List.of(Topic.POINT_DEAD_LETTERS.topicName())))
                    .noneMatch(record -> commandKey.equals(record.key()));
        } finally {
            vault.restart();
        }
        await().atMost(PointFixture.WAIT).untilAsserted(() -> assertThat(intentsOf(seller)
                .<List<String>>path("intents.external_reference")).contains("vault-outage-order"));
        assertThat(broker.records(List.of(Topic.POINT_DEAD_LETTERS.topicName())))
                .noneMatch(record -> commandKey.equals(record.key()));
    }

    private Response intentsOf(long seller) {
        return given().header("Authorization", tokens.bearer(Roles.POINT_READ)).get("/intents?seller=" + seller);
    }

    private void publishCreate(CreatePointIntent command) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        new CloudEventAttributes(UUID.randomUUID().toString(), URI.create("/marketplace-backend"),
                PointIntentEventTypes.CREATE, Long.toString(command.sellerId()), OffsetDateTime.now(ZoneOffset.UTC),
                CloudEventAttributes.JSON)
                .writeTo(headers);
        broker.publish(new ProducerRecord<>(Topic.POINT_INTENT_COMMANDS.topicName(), null, command.idempotencyKey(),
                MarketplaceJson.newMapper().writeValueAsBytes(command), headers));
    }

    @Test
    void intentsAreListedNewestFirstByKeysetPages() {
        long seller = point.pointSeller("INTEGRATION_API");
        String device = point.pdvDevice(seller);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = point.queued(seller, device, "10.0" + i);
            point.cancel(id).then().statusCode(200);
            ids.add(0, id);
        }
        RequestSpecification reader = given().header("Authorization", tokens.bearer(Roles.POINT_READ));
        Response first = reader.get("/intents?seller=" + seller + "&limit=2");
        assertThat(first.<List<String>>path("intents.id")).containsExactly(ids.get(0), ids.get(1));
        Response second = given().header("Authorization", tokens.bearer(Roles.POINT_READ))
                .get("/intents?seller=" + seller + "&limit=2&after=" + first.path("next"));
        assertThat(second.<List<String>>path("intents.id")).containsExactly(ids.get(2));
        assertThat(second.<String>path("next")).isNull();
        Response byState = given().header("Authorization", tokens.bearer(Roles.POINT_READ))
                .get("/intents?seller=" + seller + "&device=" + device + "&state=canceled");
        assertThat(byState.<List<String>>path("intents.id")).hasSize(3);
    }

    record Operation(String method, String path, String role) {
    }

    @Test
    void everyRouteNeedsItsRole() {
        String id = UUID.randomUUID().toString();
        List<Operation> operations = List.of(
                new Operation("PUT", "/sellers/1/point", Roles.POINT_OPERATE),
                new Operation("GET", "/sellers/1/point", Roles.POINT_READ),
                new Operation("GET", "/sellers/1/devices", Roles.POINT_READ),
                new Operation("PATCH", "/sellers/1/devices/X", Roles.POINT_OPERATE),
                new Operation("POST", "/intents", Roles.POINT_OPERATE),
                new Operation("GET", "/intents", Roles.POINT_READ),
                new Operation("GET", "/intents/" + id, Roles.POINT_READ),
                new Operation("POST", "/intents/" + id + "/cancel", Roles.POINT_OPERATE),
                new Operation("POST", "/intents/" + id + "/refund", Roles.POINT_OPERATE));
        for (Operation operation : operations) {
            Response anonymous = given().contentType("application/json").body("{}")
                    .request(operation.method(), operation.path());
            assertThat(anonymous.statusCode()).as("%s %s", operation.method(), operation.path()).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith("application/problem+json");
            String other = operation.role().equals(Roles.POINT_READ) ? Roles.PAYMENTS_WRITE : Roles.POINT_READ;
            Response forbidden = given().header("Authorization", tokens.bearer(other)).contentType("application/json")
                    .body("{}").request(operation.method(), operation.path());
            assertThat(forbidden.statusCode()).as("%s %s as %s", operation.method(), operation.path(), other)
                    .isEqualTo(403);
            Response allowed = given().header("Authorization", tokens.bearer(operation.role()))
                    .contentType("application/json").body("{}").request(operation.method(), operation.path());
            assertThat(allowed.statusCode()).as("%s %s as %s", operation.method(), operation.path(),
                    operation.role()).isIn(200, 400, 404);
        }
    }

    @Test
    void noTokenOrIntegratorKeyEverReachesTheLog() throws Exception {
        long seller = point.pointSeller("INTEGRATION_API");
        awaitRegistration(seller, "REGISTERED");
        String device = point.pdvDevice(seller);
        point.queued(seller, device, "10.00");
        String log = java.nio.file.Files.readString(java.nio.file.Path.of("target/point-service-test.log"));
        assertThat(log).contains(Long.toString(seller));
        assertThat(log).doesNotContain(point.tokenOf(seller));
        assertThat(log).doesNotContain(keys.read(seller).await().atMost(PointFixture.WAIT).orElseThrow());
    }

    @Test
    void aBodyOfTheWrongShapeIsAMalformedJsonProblemNotAnEmpty400() {
        // Found by the API fuzzer (ApiFuzzIT): quarkus-rest-jackson's own mapper answered these with no body.
        for (String body : new String[]{"{\"enabled\":\"not-a-boolean\"}", "[]", "42", "[1,2"}) {
            Response answer = given().header("Authorization", tokens.bearer(Roles.POINT_OPERATE))
                    .contentType("application/json").body(body).put("/sellers/1/point");
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.contentType()).as(body).startsWith("application/problem+json");
            assertThat(answer.<String>path("type")).as(body).endsWith("/malformed-json");
        }
    }

    @Test
    void aNulCharacterInASearchParameterIsAnInvalidTextProblemNotA500() {
        // Found by the API fuzzer (ApiFuzzIT): PostgreSQL refuses NUL in a text, which was answered 500.
        Response answer = given().header("Authorization", tokens.bearer(Roles.POINT_READ)).urlEncodingEnabled(false)
                .get("/intents?seller=1&device=a%00b");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.<String>path("type")).endsWith("/invalid-text");
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopic() {
        String marker = "poison-" + UUID.randomUUID();
        broker.publish(new ProducerRecord<>(Topic.MERCADOPAGO_POINT_NOTIFICATIONS.topicName(), marker,
                "not a notification".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        await().atMost(PointFixture.WAIT).untilAsserted(() -> assertThat(broker.records(List.of(
                Topic.POINT_DEAD_LETTERS.topicName())).stream().map(record -> record.key())).contains(marker));
    }

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Test
    void healthMetricsAndTheApiDescriptionAreOnTheManagementInterfaceOnly() {
        long seller = point.pointSeller("ORDERS_API");
        point.cancel(point.queued(seller, point.pdvDevice(seller), "10.00")).then().statusCode(200);
        given().port(managementPort).get("/q/health/ready").then().statusCode(200);
        Response openapi = given().port(managementPort).get("/q/openapi?format=json");
        openapi.then().statusCode(200);
        assertThat(openapi.<Map<String, Object>>path("paths")).containsKeys("/intents", "/intents/{id}",
                "/intents/{id}/cancel", "/intents/{id}/refund", "/sellers/{sellerId}/point",
                "/sellers/{sellerId}/devices", "/sellers/{sellerId}/devices/{deviceId}");
        assertThat(given().port(managementPort).get("/q/metrics").asString())
                .contains("point_intent_transitions_total");
        for (String path : new String[]{"/q/health", "/q/openapi", "/q/metrics"}) {
            assertThat(given().get(path).statusCode()).as(path).isIn(401, 404);
        }
    }
}
