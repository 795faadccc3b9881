package dev.mpmarketplace.sandbox.mercadopago.point;

import static dev.mpmarketplace.sandbox.mercadopago.point.PointFixture.API;
import static dev.mpmarketplace.sandbox.mercadopago.point.PointFixture.assertHasFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver.Received;

/**
 * Seed 002's set-up through HTTP: the integrator, registering and validating its webhook with the challenge, the
 * seller's devices and their operating mode (docs/sandbox/point.md).
 */
class IntegratorsAndDevicesTest {

    @Test
    void everySellerHasAnIntegratorOfItsOwnForTheApplicationWithATokenMadeByTheSandbox() {
        try (PointFixture point = new PointFixture()) {
            JsonNode beforeAnyCall = point.http.get("/sandbox/point/integrators", null).json();
            Response first = point.http.get(API + "/integrators", point.seller);
            JsonNode again = point.http.get(API + "/integrators", point.seller).json();
            JsonNode otherSeller = point.http.get(API + "/integrators", point.otherSeller).json();
            JsonNode ownToken = point.http.get(API + "/integrators",
                    point.http.user("SELLER_ONE").get("access_token").asText()).json();

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().fieldNames()).toIterable().containsExactly("token", "webhook",
                    "is_valid_webhook");
            assertThat(first.json().get("token").asText()).matches("[0-9a-f-]{36}");
            assertThat(first.json().get("webhook").asText()).isEmpty();
            assertThat(first.json().get("is_valid_webhook").asBoolean()).isFalse();
            assertThat(again).isEqualTo(first.json());
            assertThat(otherSeller.get("token")).as("another seller of the application has its own integrator")
                    .isNotEqualTo(first.json().get("token"));
            assertThat(ownToken.get("token")).as("a seller's own token is its own integrator")
                    .isNotEqualTo(first.json().get("token")).isNotEqualTo(otherSeller.get("token"));
            assertThat(beforeAnyCall).as("the application owner's integrator exists from the start").hasSize(1);
            assertThat(beforeAnyCall.get(0).get("token")).isNotEqualTo(first.json().get("token"));
            String clientId = point.http.marketplaceApplication().get("client_id").asText();
            JsonNode listed = point.http.get("/sandbox/point/integrators", null).json();
            assertThat(listed).anySatisfy(integrator -> {
                assertThat(integrator.get("token")).isEqualTo(first.json().get("token"));
                assertThat(integrator.get("scope").asText()).isEqualTo("application");
                assertThat(integrator.get("client_id").asText()).isEqualTo(clientId);
                assertThat(integrator.get("user_id").asLong()).isEqualTo(point.sellerId);
            });
            assertThat(listed).anySatisfy(integrator -> {
                assertThat(integrator.get("token")).isEqualTo(ownToken.get("token"));
                assertThat(integrator.get("scope").asText()).isEqualTo("user");
                assertThat(integrator.get("user_id").asLong()).isEqualTo(point.sellerId);
            });
        }
    }

    @Test
    void oneSellersWebhookIsNotAnothersAndEachAnswersWithItsOwnToken() {
        try (PointFixture point = new PointFixture()) {
            String token = point.validatedWebhook();

            JsonNode other = point.http.get(API + "/integrators", point.otherSeller).json();

            assertThat(other.get("webhook").asText()).as("the other seller registered nothing").isEmpty();
            assertThat(other.get("is_valid_webhook").asBoolean()).isFalse();
            assertThat(other.get("token").asText()).isNotEqualTo(token);
        }
    }

    @Test
    void theWebhookIsValidOnlyAfterItAnsweredTheChallengeWithTheHmacOfTheCode() {
        try (PointFixture point = new PointFixture()) {
            String token = point.validatedWebhook();

            Received challenge = point.receiver.awaitMatching(r -> r.method().equals("GET"));
            assertThat(challenge.path()).isEqualTo("/webhooks/point");
            assertThat(challenge.query().get("challengeCode")).matches("[A-Za-z0-9]{32}");
            JsonNode integrator = point.http.get(API + "/integrators", point.seller).json();
            assertThat(integrator.get("token").asText()).isEqualTo(token);
            assertThat(integrator.get("webhook").asText()).isEqualTo(point.integratorWebhookUrl());
            assertThat(integrator.get("is_valid_webhook").asBoolean()).isTrue();
        }
    }

    @Test
    void aWrongOrMissingAnswerLeavesTheWebhookInvalidAndUnused() {
        try (PointFixture point = new PointFixture()) {
            point.receiver.answerChallengesWithBody("{\"encrypted_challenge\":\"not-the-hmac\"}");
            point.http.send("PATCH", API + "/integrators", point.seller, "application/json",
                    "{\"webhook\":\"" + point.integratorWebhookUrl() + "\"}");

            Response wrong = point.http.post(API + "/integrators/check", point.seller, null);
            point.http.send("PATCH", API + "/integrators", point.seller, "application/json",
                    "{\"webhook\":\"" + WebhookReceiver.refusingUrl() + "\"}");
            Response unanswered = point.http.post(API + "/integrators/check", point.seller, null);

            for (Response refused : new Response[]{wrong, unanswered}) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(400);
                assertThat(refused.json().get("error").asText()).isEqualTo("webhook_validation_failed");
            }
            assertThat(wrong.json().get("message").asText()).contains("HMAC");
            assertThat(point.http.get(API + "/integrators", point.seller).json().get("is_valid_webhook").asBoolean())
                    .isFalse();
            String intent = point.queuedIntent(1500);
            point.act(point.pdvDevice, "process");
            point.awaitDelivery("point_integration_wh", intent, d -> true);
            assertThat(point.deliveries("point_integrator", intent)).as("an unvalidated webhook gets nothing")
                    .isEmpty();
            JsonNode sellers = null;
            for (JsonNode integrator : point.http.get("/sandbox/point/integrators", null).json()) {
                if (integrator.get("user_id").asLong() == point.sellerId
                        && "application".equals(integrator.get("scope").asText())) {
                    sellers = integrator;
                }
            }
            assertThat(sellers).isNotNull();
            assertThat(sellers.get("last_check").get("failure").asText()).startsWith("no answer");
        }
    }

    @Test
    void registeringANonUrlWebhookIsRefusedAndChangesNothing() {
        try (PointFixture point = new PointFixture()) {
            JsonNode before = point.http.get(API + "/integrators", point.seller).json();

            Response refused = point.http.send("PATCH", API + "/integrators", point.seller, "application/json",
                    "{\"webhook\":\"ftp://example\"}");
            Response noCheckWithoutWebhook = point.http.post(API + "/integrators/check", point.seller, null);

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().fieldNames()).toIterable().containsExactly("message", "error", "status",
                    "cause");
            assertThat(noCheckWithoutWebhook.status()).isEqualTo(400);
            assertThat(point.http.get(API + "/integrators", point.seller).json()).isEqualTo(before);
        }
    }

    @Test
    void everySellerHasDevicesListedWithFiltersAndPaging() {
        try (PointFixture point = new PointFixture()) {
            Response all = point.http.get(API + "/devices", point.seller);
            JsonNode devices = all.json().get("devices");
            JsonNode first = devices.get(0);
            String store = first.get("store_id").asText();
            long pos = first.get("pos_id").asLong();

            assertThat(all.status()).isEqualTo(200);
            assertThat(devices).hasSize(2);
            assertThat(first.fieldNames()).toIterable().containsExactly("id", "pos_id", "store_id",
                    "external_pos_id", "operating_mode");
            assertThat(first.get("id").asText()).matches("[A-Z]+_[A-Z0-9]+__[A-Z0-9-]+");
            assertThat(first.get("pos_id").isIntegralNumber()).isTrue();
            assertThat(first.get("store_id").isTextual()).isTrue();
            assertThat(all.json().get("paging")).isEqualTo(point.http.get(API + "/devices", point.seller).json()
                    .get("paging"));
            assertHasFields(all.json().get("paging"), "total", "offset", "limit");
            assertThat(all.json().get("paging").get("limit").asInt()).isEqualTo(50);
            assertThat(point.http.get(API + "/devices?pos_id=" + pos, point.seller).json().get("devices"))
                    .hasSize(1);
            assertThat(point.http.get(API + "/devices?store_id=" + store, point.seller).json().get("devices"))
                    .hasSize(2);
            JsonNode page = point.http.get(API + "/devices?offset=1&limit=1", point.seller).json();
            assertThat(page.get("devices")).hasSize(1);
            assertThat(page.get("paging").get("total").asInt()).isEqualTo(2);
            assertThat(point.http.get(API + "/devices", point.otherSeller).json().get("devices").get(0).get("id"))
                    .as("each seller sees its own").isNotIn(devices.get(0).get("id"), devices.get(1).get("id"));
            assertThat(point.http.get(API + "/devices?limit=0", point.seller).status()).isEqualTo(400);
        }
    }

    @Test
    void anOperatingModeTakesEffectWhenTheDeviceRestartsAndOnlyOnePdvPerPointOfSale() {
        try (PointFixture point = new PointFixture()) {
            Response patched = point.http.send("PATCH", API + "/devices/" + point.standaloneDevice, point.seller,
                    "application/json", "{\"operating_mode\":\"PDV\"}");
            String beforeRestart = mode(point, point.standaloneDevice);
            Response refusedIntent = point.createIntent(point.standaloneDevice, PointFixture.intent(1500));
            point.act(point.standaloneDevice, "restart");

            assertThat(patched.status()).isEqualTo(200);
            assertThat(patched.json().toString()).isEqualTo("{\"operating_mode\":\"PDV\"}");
            assertThat(beforeRestart).isEqualTo("STANDALONE");
            assertThat(refusedIntent.status()).isEqualTo(409);
            assertThat(refusedIntent.json().get("error").asText()).isEqualTo("device_not_in_pdv_mode");
            assertThat(mode(point, point.standaloneDevice)).isEqualTo("PDV");
            assertThat(point.createIntent(point.standaloneDevice, PointFixture.intent(1500)).status()).isEqualTo(200);

            long pos = posOf(point, point.pdvDevice);
            JsonNode added = point.http.post("/sandbox/users/" + point.sellerId + "/point-devices", null,
                    Map.of("pos_id", pos)).json();
            assertThat(added.get("operating_mode").asText()).isEqualTo("STANDALONE");
            Response second = point.http.send("PATCH", API + "/devices/" + added.get("id").asText(), point.seller,
                    "application/json", "{\"operating_mode\":\"PDV\"}");
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.json().get("error").asText()).isEqualTo("pos_already_has_pdv_device");
            assertThat(point.http.get("/sandbox/point/devices/" + added.get("id").asText(), null).json()
                    .get("pending_operating_mode").isNull()).isTrue();
        }
    }

    @Test
    void anotherSellersDeviceIsForbiddenAndBadModesAreRefused() {
        try (PointFixture point = new PointFixture()) {
            Response foreign = point.http.send("PATCH", API + "/devices/" + point.pdvDevice, point.otherSeller,
                    "application/json", "{\"operating_mode\":\"STANDALONE\"}");
            Response badMode = point.http.send("PATCH", API + "/devices/" + point.pdvDevice, point.seller,
                    "application/json", "{\"operating_mode\":\"KIOSK\"}");

            assertThat(foreign.status()).isEqualTo(403);
            assertThat(foreign.json().toString()).isEqualTo("{\"message\":\"Forbidden Error checking device owner\","
                    + "\"error\":\"104\",\"status\":403,\"cause\":[]}");
            assertThat(badMode.status()).isEqualTo(400);
            assertThat(point.http.get("/sandbox/point/devices/" + point.pdvDevice, null).json()
                    .get("pending_operating_mode").isNull()).isTrue();
        }
    }

    @Test
    void aSellerCreatedThroughTheControlApiHasDevicesAndCanGetMore() {
        try (PointFixture point = new PointFixture()) {
            long seller = point.http.post("/sandbox/users", null, Map.of("role", "seller")).json().get("id")
                    .asLong();

            JsonNode created = point.http.post("/sandbox/users/" + seller + "/point-devices", null, Map.of()).json();
            JsonNode listed = point.http.get("/sandbox/point/devices?user_id=" + seller, null).json();

            assertThat(listed).hasSize(3);
            assertThat(created.get("operating_mode").asText()).isEqualTo("PDV");
            assertHasFields(created, "id", "pos_id", "store_id", "external_pos_id", "operating_mode", "user_id",
                    "pending_operating_mode", "queued");
            assertThat(point.http.post("/sandbox/users/" + point.http.user("BUYER_ONE").get("id").asLong()
                    + "/point-devices", null, Map.of()).status()).isEqualTo(404);
        }
    }

    private static String mode(PointFixture point, String device) {
        for (JsonNode listed : point.http.get(API + "/devices", point.seller).json().get("devices")) {
            if (listed.get("id").asText().equals(device)) {
                return listed.get("operating_mode").asText();
            }
        }
        throw new AssertionError("no device " + device);
    }

    private static long posOf(PointFixture point, String device) {
        return point.http.get("/sandbox/point/devices/" + device, null).json().get("pos_id").asLong();
    }
}
