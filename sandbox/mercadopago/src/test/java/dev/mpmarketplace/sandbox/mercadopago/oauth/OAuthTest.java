package dev.mpmarketplace.sandbox.mercadopago.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Grant;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** Mercado Pago's OAuth for marketplaces (reference section 1), through HTTP. */
class OAuthTest {

    private static final List<String> TOKEN_FIELDS = List.of("access_token", "token_type", "expires_in", "scope",
            "user_id", "refresh_token", "public_key", "live_mode");

    private MercadoPagoSandbox sandbox;
    private SandboxHttp http;
    private JsonNode app;
    private String redirectUri;
    private long sellerId;

    @BeforeEach
    void start() {
        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults());
        http = new SandboxHttp(sandbox.url());
        app = http.marketplaceApplication();
        redirectUri = app.get("redirect_uris").get(0).asText();
        sellerId = http.user("SELLER_ONE").get("id").asLong();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void consentPageOffersTheSellersAndApproveAndDeny() {
        String verifier = SandboxHttp.randomVerifier();
        Response page = http.get(authorizationPath("xyz", OAuthService.s256(verifier), "S256"), null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("SELLER_ONE", "SELLER_TWO", "id=\"approve\"", "id=\"deny\"")
                .doesNotContain("BUYER_ONE");
    }

    @Test
    void consentPageRefusesUnknownClientsWrongRedirectsAndMissingPkce() {
        assertThat(http.get("/authorization?client_id=999&response_type=code&platform_id=mp&redirect_uri="
                + redirectUri, null).status()).isEqualTo(400);
        assertThat(http.get(authorizationPath("s", "c", "S256").replace("oauth%2Fcallback", "oauth%2Fother"), null)
                .status()).isEqualTo(400);
        Response noPkce = http.get(authorizationPath("s", null, null), null);
        assertThat(noPkce.status()).isEqualTo(400);
        assertThat(noPkce.body()).contains("PKCE");
    }

    @Test
    void approvingRedirectsBackWithASingleUseCodeAndTheSameState() {
        String verifier = SandboxHttp.randomVerifier();
        Response approved = decide("approve", "state-123", OAuthService.s256(verifier));

        assertThat(approved.status()).isEqualTo(302);
        String location = approved.header("Location");
        assertThat(location).startsWith(redirectUri + "?code=TG-").endsWith("&state=state-123");
        assertThat(SandboxHttp.query(location, "code")).endsWith("-" + sellerId);

        Response token = http.post("/oauth/token", null, exchange(SandboxHttp.query(location, "code"), verifier));
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().get("user_id").asLong()).isEqualTo(sellerId);
    }

    @Test
    void denyingRedirectsBackWithAccessDenied() {
        Response denied = decide("deny", "state-9", OAuthService.s256(SandboxHttp.randomVerifier()));

        assertThat(denied.status()).isEqualTo(302);
        assertThat(denied.header("Location")).isEqualTo(redirectUri + "?error=access_denied&state=state-9");
    }

    @Test
    void codeExchangeAnswersTheEightDocumentedFieldsWith180DayExpiry() {
        Grant grant = http.linkSeller("SELLER_ONE");

        assertThat(grant.token().fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(TOKEN_FIELDS);
        assertThat(grant.token().get("expires_in").asLong()).isEqualTo(15_552_000L);
        assertThat(grant.token().get("token_type").asText()).isEqualToIgnoringCase("bearer");
        assertThat(grant.token().get("scope").asText()).contains("offline_access");
        assertThat(grant.accessToken()).startsWith("APP_USR-" + app.get("client_id").asText() + "-")
                .endsWith("-" + sellerId);
        assertThat(grant.refreshToken()).startsWith("TG-");
        assertThat(http.get("/users/me", grant.accessToken()).json().get("id").asLong()).isEqualTo(sellerId);
    }

    @Test
    void codeExchangeAcceptsTheFormEncodedBodyOfTheGuide() {
        String verifier = SandboxHttp.randomVerifier();
        String code = code(verifier);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", app.get("client_id").asText());
        form.put("client_secret", app.get("client_secret").asText());
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);

        Response token = http.postForm("/oauth/token", form);
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().get("user_id").asLong()).isEqualTo(sellerId);
    }

    @Test
    void aCodeIsSingleUse() {
        String verifier = SandboxHttp.randomVerifier();
        String code = code(verifier);
        assertThat(http.post("/oauth/token", null, exchange(code, verifier)).status()).isEqualTo(200);

        assertInvalidGrant(http.post("/oauth/token", null, exchange(code, verifier)));
    }

    @Test
    void aCodeExpiresAfterTenMinutesOfSandboxTime() {
        String verifier = SandboxHttp.randomVerifier();
        String code = code(verifier);
        http.post("/sandbox/clock", null, Map.of("advance", "PT10M1S"));

        assertInvalidGrant(http.post("/oauth/token", null, exchange(code, verifier)));
    }

    @Test
    void theRedirectUriMustMatchExactlyAndAMismatchBurnsTheCode() {
        String verifier = SandboxHttp.randomVerifier();
        String code = code(verifier);
        Map<String, Object> wrong = exchange(code, verifier);
        wrong.put("redirect_uri", redirectUri + "/");

        assertInvalidGrant(http.post("/oauth/token", null, wrong));
        assertInvalidGrant(http.post("/oauth/token", null, exchange(code, verifier)));
    }

    @Test
    void pkceS256RejectsAWrongOrMissingVerifier() {
        String verifier = SandboxHttp.randomVerifier();
        Response wrong = http.post("/oauth/token", null, exchange(code(verifier), SandboxHttp.randomVerifier()));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_grant");

        Map<String, Object> missing = exchange(code(verifier), verifier);
        missing.remove("code_verifier");
        assertThat(http.post("/oauth/token", null, missing).json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void pkcePlainComparesTheVerifierItself() {
        String verifier = SandboxHttp.randomVerifier();
        Map<String, Object> authorization = authorization(verifier, "plain");
        String code = SandboxHttp.query(http.post("/sandbox/authorizations", null, authorization).json()
                .get("redirect_to").asText(), "code");

        assertThat(http.post("/oauth/token", null, exchange(code, verifier)).status()).isEqualTo(200);
    }

    @Test
    void aRefreshRotatesBothTokensAndTheUsedRefreshTokenIsDead() {
        Grant grant = http.linkSeller("SELLER_ONE");
        Response refreshed = http.post("/oauth/token", null, refresh(grant.refreshToken()));

        assertThat(refreshed.status()).isEqualTo(200);
        JsonNode token = refreshed.json();
        assertThat(token.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(TOKEN_FIELDS);
        assertThat(token.get("refresh_token").asText()).isNotEqualTo(grant.refreshToken());
        assertThat(token.get("access_token").asText()).isNotEqualTo(grant.accessToken());
        assertThat(token.get("expires_in").asLong()).isEqualTo(15_552_000L);
        assertThat(http.get("/users/me", token.get("access_token").asText()).status()).isEqualTo(200);

        assertInvalidGrant(http.post("/oauth/token", null, refresh(grant.refreshToken())));
    }

    @Test
    void aRefreshTokenOnlyWorksForItsOwnClient() {
        Grant grant = http.linkSeller("SELLER_ONE");
        JsonNode other = http.post("/sandbox/applications", null,
                Map.of("redirect_uris", List.of("http://localhost/cb"), "name", "Other")).json();
        Map<String, Object> request = refresh(grant.refreshToken());
        request.put("client_id", other.get("client_id").asText());
        request.put("client_secret", other.get("client_secret").asText());

        assertInvalidGrant(http.post("/oauth/token", null, request));
        assertThat(http.post("/oauth/token", null, refresh(grant.refreshToken())).status()).isEqualTo(200);
    }

    @Test
    void accessTokensExpireAfter180DaysOfSandboxTime() {
        Grant grant = http.linkSeller("SELLER_ONE");
        http.post("/sandbox/clock", null, Map.of("advance", "P179D"));
        assertThat(http.get("/users/me", grant.accessToken()).status()).isEqualTo(200);

        http.post("/sandbox/clock", null, Map.of("advance", "P1DT1S"));
        Response expired = http.get("/users/me", grant.accessToken());
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void clientCredentialsGiveTheOwnersTokenWithoutARefreshToken() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("grant_type", "client_credentials");
        request.put("client_id", app.get("client_id").asText());
        request.put("client_secret", app.get("client_secret").asText());
        Response token = http.post("/oauth/token", null, request);

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().has("refresh_token")).isFalse();
        assertThat(token.json().get("user_id").asLong()).isEqualTo(http.user("MARKETPLACE").get("id").asLong());
    }

    @Test
    void aWrongClientSecretIsInvalidClient() {
        Map<String, Object> request = exchange(code(SandboxHttp.randomVerifier()), "x");
        request.put("client_secret", "not-the-secret");
        Response response = http.post("/oauth/token", null, request);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void badTokenRequestsGetTheDocumentedErrorKeys() {
        assertThat(http.post("/oauth/token", null, Map.of("grant_type", "password")).json().get("error").asText())
                .isEqualTo("unsupported_grant_type");
        assertThat(http.post("/oauth/token", null, Map.of()).json().get("error").asText())
                .isEqualTo("invalid_request");
        Response garbage = http.send("POST", "/oauth/token", null, "application/json", "{not json");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(garbage.json().has("cause")).isTrue();
    }

    @Test
    void everyApiCallNeedsAValidBearerToken() {
        Response missing = http.get("/users/me", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("cause").get(0).get("code").asInt()).isEqualTo(5);
        assertThat(missing.json().get("message").asText()).isEqualTo("Must provide your access_token to proceed");

        assertThat(http.get("/users/me", "APP_USR-not-a-token").status()).isEqualTo(401);
        String own = http.user("SELLER_TWO").get("access_token").asText();
        assertThat(http.get("/users/me", own).json().get("nickname").asText()).isEqualTo("SELLER_TWO");
    }

    @Test
    void aSellerRevokingTheApplicationKillsItsTokensForThatSellerOnly() {
        Grant one = http.linkSeller("SELLER_ONE");
        Grant two = http.linkSeller("SELLER_TWO");
        Response revoked = http.post("/sandbox/users/" + one.userId() + "/revocations", null,
                Map.of("client_id", app.get("client_id").asText()));

        assertThat(revoked.json().get("revoked_tokens").asInt()).isEqualTo(1);
        assertThat(http.get("/users/me", one.accessToken()).status()).isEqualTo(401);
        assertInvalidGrant(http.post("/oauth/token", null, refresh(one.refreshToken())));
        assertThat(http.get("/users/me", two.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void testUsersAreCreatedWithTheDocumentedShape() {
        String marketplace = http.user("MARKETPLACE").get("access_token").asText();
        Response created = http.post("/users/test_user", marketplace, Map.of("site_id", "MLB"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().fieldNames()).toIterable()
                .contains("id", "nickname", "password", "site_status", "email");
        assertThat(http.post("/users/test_user", marketplace, Map.of("site_id", "XXX")).status()).isEqualTo(400);
        assertThat(http.post("/users/test_user", null, Map.of("site_id", "MLB")).status()).isEqualTo(401);
    }

    private String authorizationPath(String state, String challenge, String method) {
        String path = "/authorization?client_id=" + app.get("client_id").asText()
                + "&response_type=code&platform_id=mp&state=" + state + "&redirect_uri="
                + java.net.URLEncoder.encode(redirectUri, java.nio.charset.StandardCharsets.UTF_8);
        if (challenge != null) {
            path += "&code_challenge=" + challenge + "&code_challenge_method=" + method;
        }
        return path;
    }

    private Response decide(String decision, String state, String challenge) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", app.get("client_id").asText());
        form.put("redirect_uri", redirectUri);
        form.put("state", state);
        form.put("code_challenge", challenge);
        form.put("code_challenge_method", "S256");
        form.put("user_id", Long.toString(sellerId));
        form.put("decision", decision);
        return http.postForm("/authorization", form);
    }

    private Map<String, Object> authorization(String verifier, String method) {
        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("client_id", app.get("client_id").asText());
        authorization.put("user_id", sellerId);
        authorization.put("redirect_uri", redirectUri);
        authorization.put("state", "s");
        authorization.put("code_challenge", "plain".equals(method) ? verifier : OAuthService.s256(verifier));
        authorization.put("code_challenge_method", method);
        return authorization;
    }

    private String code(String verifier) {
        return SandboxHttp.query(http.post("/sandbox/authorizations", null, authorization(verifier, "S256")).json()
                .get("redirect_to").asText(), "code");
    }

    private Map<String, Object> exchange(String code, String verifier) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("grant_type", "authorization_code");
        request.put("client_id", app.get("client_id").asText());
        request.put("client_secret", app.get("client_secret").asText());
        request.put("code", code);
        request.put("redirect_uri", redirectUri);
        request.put("code_verifier", verifier);
        return request;
    }

    private Map<String, Object> refresh(String refreshToken) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("grant_type", "refresh_token");
        request.put("client_id", app.get("client_id").asText());
        request.put("client_secret", app.get("client_secret").asText());
        request.put("refresh_token", refreshToken);
        return request;
    }

    private static void assertInvalidGrant(Response response) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(response.json().get("message").asText()).contains("expired or it was already used");
        assertThat(response.json().get("cause").isArray()).isTrue();
    }
}
