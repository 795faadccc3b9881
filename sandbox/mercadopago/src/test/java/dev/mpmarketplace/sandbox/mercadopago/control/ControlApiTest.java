package dev.mpmarketplace.sandbox.mercadopago.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Grant;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** The control API under /sandbox (docs/sandbox.md), the seed data set, persistence and start-up errors. */
class ControlApiTest {

    @Test
    void aFreshSandboxSeedsOneMarketplaceApplicationTwoSellersAndTwoBuyers() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            JsonNode apps = http.get("/sandbox/applications", null).json();
            JsonNode users = http.get("/sandbox/users", null).json();

            assertThat(apps).hasSize(1);
            assertThat(apps.get(0).get("webhook_url").asText()).isEqualTo("http://127.0.0.1:8081/webhooks/mercadopago");
            assertThat(apps.get(0).get("redirect_uris").get(0).asText())
                    .isEqualTo("http://127.0.0.1:8082/oauth/callback");
            assertThat(users).extracting(u -> u.get("nickname").asText())
                    .containsExactly("MARKETPLACE", "SELLER_ONE", "SELLER_TWO", "BUYER_ONE", "BUYER_TWO");
            assertThat(users).filteredOn(u -> u.get("role").asText().equals("buyer")).hasSize(2);
        }
    }

    @Test
    void applicationsAndUsersListsHaveExactlyTheShapesOtherToolsRelyOn() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            JsonNode app = http.get("/sandbox/applications", null).json().get(0);
            JsonNode user = http.get("/sandbox/users", null).json().get(1);

            assertThat(app.fieldNames()).toIterable().containsExactly("client_id", "client_secret", "webhook_secret",
                    "redirect_uris", "webhook_url");
            assertThat(app.get("redirect_uris").isArray()).isTrue();
            assertThat(user.fieldNames()).toIterable().containsExactly("id", "nickname", "email", "role",
                    "access_token");
            assertThat(user.get("id").isNumber()).isTrue();
            assertThat(user.get("access_token").asText()).startsWith("APP_USR-");
        }
    }

    @Test
    void applicationsAndUsersCanBeCreatedAndAWebhookSecretRotated() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            Response app = http.post("/sandbox/applications", null, Map.of("name", "Second marketplace",
                    "redirect_uris", List.of("https://example.test/cb"), "webhook_url", "https://example.test/wh",
                    "pkce_required", false));
            Response buyer = http.post("/sandbox/users", null, Map.of("role", "buyer", "nickname", "BUYER_THREE"));
            String clientId = app.json().get("client_id").asText();
            Response rotated = http.post("/sandbox/applications/" + clientId + "/webhook-secret", null, Map.of());

            assertThat(app.status()).isEqualTo(201);
            assertThat(buyer.status()).isEqualTo(201);
            assertThat(buyer.json().get("role").asText()).isEqualTo("buyer");
            assertThat(rotated.json().get("previous_webhook_secret").asText())
                    .isEqualTo(app.json().get("webhook_secret").asText());
            assertThat(rotated.json().get("webhook_secret").asText()).isNotEqualTo(app.json().get("webhook_secret")
                    .asText()).hasSize(64);
            assertThat(http.post("/sandbox/users", null, Map.of("role", "admin")).status()).isEqualTo(400);
            assertThat(http.post("/sandbox/applications/nope/webhook-secret", null, Map.of()).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void authorizationsShortcutAnswersTheRedirectAsTheConsentPageWould() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            JsonNode app = http.marketplaceApplication();
            Response wrongRedirect = http.post("/sandbox/authorizations", null, Map.of("client_id",
                    app.get("client_id").asText(), "user_id", http.user("SELLER_ONE").get("id").asLong(),
                    "redirect_uri", "http://evil.test/cb", "state", "s", "code_challenge", "abc",
                    "code_challenge_method", "S256"));

            Grant grant = http.linkSeller("SELLER_ONE");
            assertThat(grant.userId()).isEqualTo(http.user("SELLER_ONE").get("id").asLong());
            assertThat(wrongRedirect.status()).isEqualTo(400);
            assertThat(wrongRedirect.json().get("error").asText()).isEqualTo("invalid_request");
        }
    }

    @Test
    void grantsCountsTheCodeAndRefreshGrantsAndReusedRefreshTokensPerSellerWithoutAToken() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            JsonNode app = http.marketplaceApplication();
            String clientId = app.get("client_id").asText();
            Grant one = http.linkSeller("SELLER_ONE");
            Grant two = http.linkSeller("SELLER_TWO");
            String refreshToken = one.refreshToken();
            for (int i = 0; i < 3; i++) {
                Response refreshed = http.post("/oauth/token", null, Map.of("grant_type", "refresh_token",
                        "client_id", clientId, "client_secret", app.get("client_secret").asText(),
                        "refresh_token", refreshToken));
                assertThat(refreshed.status()).isEqualTo(200);
                refreshToken = refreshed.json().get("refresh_token").asText();
            }
            Response refused = http.post("/oauth/token", null, Map.of("grant_type", "refresh_token", "client_id",
                    clientId, "client_secret", app.get("client_secret").asText(), "refresh_token",
                    one.refreshToken()));

            JsonNode all = http.get("/sandbox/grants?client_id=" + clientId, null).json();
            JsonNode onlyTwo = http.get("/sandbox/grants?user_id=" + two.userId(), null).json();

            assertThat(refused.status()).isEqualTo(400);
            assertThat(all).hasSize(2);
            assertThat(all.get(0).fieldNames()).toIterable().containsExactly("user_id", "client_id",
                    "authorization_code", "refresh_token", "refresh_token_reused");
            assertThat(all.get(0).get("user_id").asLong()).isEqualTo(one.userId());
            assertThat(all.get(0).get("authorization_code").asLong()).isEqualTo(1);
            assertThat(all.get(0).get("refresh_token").asLong()).as("refused grants are not counted").isEqualTo(3);
            assertThat(all.get(0).get("refresh_token_reused").asLong()).as("the used refresh token presented again")
                    .isEqualTo(1);
            assertThat(all.get(1).get("refresh_token_reused").asLong()).isZero();
            assertThat(onlyTwo).hasSize(1);
            assertThat(onlyTwo.get(0).get("refresh_token").asLong()).isZero();
            assertThat(onlyTwo.get(0).get("refresh_token_reused").asLong()).isZero();
            assertThat(http.get("/sandbox/grants?client_id=nobody", null).json()).isEmpty();
            assertThat(http.get("/sandbox/grants?user_id=x", null).status()).isEqualTo(400);
        }
    }

    @Test
    void theClockOnlyMovesForward() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            Response moved = http.post("/sandbox/clock", null, Map.of("advance", "P150D"));

            assertThat(moved.json().get("offset_seconds").asLong()).isEqualTo(150L * 86_400);
            assertThat(http.post("/sandbox/clock", null, Map.of("advance_seconds", 60)).json().get("offset_seconds")
                    .asLong()).isEqualTo(150L * 86_400 + 60);
            assertThat(http.post("/sandbox/clock", null, Map.of("advance", "-P1D")).status()).isEqualTo(400);
            assertThat(http.post("/sandbox/clock", null, Map.of("advance", "soon")).status()).isEqualTo(400);
            assertThat(http.get("/sandbox/clock", null).json().get("offset_seconds").asLong())
                    .isEqualTo(150L * 86_400 + 60);
        }
    }

    @Test
    void resetReturnsToAFreshSeededSandbox() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            Grant grant = http.linkSeller("SELLER_ONE");
            http.post("/sandbox/users", null, Map.of("role", "buyer"));

            assertThat(http.post("/sandbox/reset", null, Map.of()).status()).isEqualTo(200);
            assertThat(http.get("/sandbox/users", null).json()).hasSize(5);
            assertThat(http.get("/users/me", grant.accessToken()).status()).isEqualTo(401);
        }
    }

    @Test
    void stateAndSandboxTimeSurviveARestartWithADataDirectory(@TempDir Path data) {
        MercadoPagoSandboxOptions options = MercadoPagoSandboxOptions.defaults().withDataDir(data);
        Grant grant;
        JsonNode app;
        try (MercadoPagoSandbox first = MercadoPagoSandbox.start(options)) {
            SandboxHttp http = new SandboxHttp(first.url());
            grant = http.linkSeller("SELLER_ONE");
            app = http.marketplaceApplication();
            http.post("/sandbox/clock", null, Map.of("advance", "P10D"));
        }
        try (MercadoPagoSandbox second = MercadoPagoSandbox.start(options)) {
            SandboxHttp http = new SandboxHttp(second.url());

            assertThat(http.marketplaceApplication()).isEqualTo(app);
            assertThat(http.get("/users/me", grant.accessToken()).status()).isEqualTo(200);
            assertThat(http.get("/sandbox/clock", null).json().get("offset_seconds").asLong())
                    .isGreaterThanOrEqualTo(10L * 86_400);
            assertThat(http.get("/sandbox/users", null).json()).hasSize(5);
        }
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            assertThatThrownBy(() -> MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults().withPort(port)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("port " + port);
        }
    }

    @Test
    void unknownRoutesAndMalformedBodiesGetTheEnvelopeNotA500() {
        try (MercadoPagoSandbox sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults())) {
            SandboxHttp http = new SandboxHttp(sandbox.url());
            Response unknown = http.get("/v1/nothing-here", null);
            Response malformed = http.send("POST", "/sandbox/users", null, "application/json", "[1,2");

            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("status").asInt()).isEqualTo(404);
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.json().get("error").asText()).isEqualTo("bad_request");
            assertThat(http.get("/sandbox/users", null).json()).hasSize(5);
        }
    }
}
