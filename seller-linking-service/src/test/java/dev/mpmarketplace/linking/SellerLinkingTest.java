package dev.mpmarketplace.linking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vault.client.VaultClient;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.linking.service.LinkSecrets;
import dev.mpmarketplace.linking.support.Links;
import dev.mpmarketplace.linking.support.SellerEventsReader;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.clock.AdjustableClock;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Linking a seller through Mercado Pago OAuth with state and PKCE, against the sandbox, Vault, PostgreSQL and Kafka;
 * and every way a callback can be refused. The last test reads the service's captured log for the tokens seen here.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SellerLinkingTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    /** Every token and code the tests saw: none may appear in the captured log. */
    static final Set<String> SECRETS_SEEN = ConcurrentHashMap.newKeySet();

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
    AdjustableClock clock;

    SandboxControl control() {
        return new SandboxControl(sandbox.url());
    }

    @Test
    @Order(1)
    void linksASellerWithStateAndPkceAndKeepsItsTokensOnlyInVault() {
        long sellerId = control().sellerId("SELLER_ONE");

        URI consent = Links.consentUrl("shop-1");
        Map<String, String> query = Links.query(consent);
        assertThat(consent.toString()).startsWith(sandbox.url() + "/authorization?");
        assertThat(query).containsEntry("client_id", control().marketplaceApplication().clientId())
                .containsEntry("response_type", "code").containsEntry("platform_id", "mp")
                .containsEntry("redirect_uri", "http://127.0.0.1:" + RestAssured.port + "/oauth/callback")
                .containsEntry("code_challenge_method", "S256");
        assertThat(query.get("state")).hasSize(43);
        assertThat(query.get("code_challenge")).hasSize(43);
        assertThat(stateStoredInClear(query.get("state"))).isFalse();

        URI redirect = control().approve(sellerId, consent);
        SECRETS_SEEN.add(Links.query(redirect).get("code"));
        Response callback = Links.callback(redirect);

        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.header("Location")).endsWith("/sellers/link/success");
        given().get("/sellers/{id}", sellerId).then().statusCode(200)
                .body("status", equalTo("LINKED"))
                .body("reference", equalTo("shop-1"))
                .body("live_mode", equalTo(true));
        Map<String, Object> secret = secret(sellerId);
        assertThat(secret).containsKeys("access_token", "refresh_token", "public_key", "expires_at", "scope",
                "live_mode");
        assertThat((String) secret.get("access_token")).startsWith("APP_USR-").endsWith("-" + sellerId);
        rememberTokens(secret);
        String row = sellerRow(sellerId);
        assertThat(row).doesNotContain((String) secret.get("access_token"))
                .doesNotContain((String) secret.get("refresh_token")).contains("\"secret_version\":1");

        List<SellerEventsReader.Event> linked = events(e -> SellerEventTypes.LINKED.equals(e.attributes().type())
                && String.valueOf(sellerId).equals(e.attributes().subject()), 1);
        assertThat(linked).hasSize(1);
        assertThat(linked.get(0).key()).isEqualTo(String.valueOf(sellerId));
        assertThat(linked.get(0).attributes().source()).hasToString("/seller-linking-service");
        assertThat(linked.get(0).value()).contains("\"user_id\":" + sellerId, "\"reference\":\"shop-1\"")
                .doesNotContain((String) secret.get("access_token"));
    }

    @Test
    @Order(2)
    void relinkingAKnownSellerReplacesItsTokensAndSaysSo() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "shop-2");
        Map<String, Object> before = secret(sellerId);

        Response callback = Links.callback(control().approve(sellerId, Links.consentUrl("shop-2")));

        assertThat(callback.statusCode()).isEqualTo(302);
        Map<String, Object> after = secret(sellerId);
        rememberTokens(after);
        assertThat(after.get("access_token")).isNotEqualTo(before.get("access_token"));
        given().get("/sellers/{id}", sellerId).then().statusCode(200).body("reference", equalTo("shop-2"));
        assertThat(events(e -> SellerEventTypes.RELINKED.equals(e.attributes().type())
                && String.valueOf(sellerId).equals(e.attributes().subject()), 1)).hasSize(1);
    }

    @Test
    @Order(3)
    void aForgedStateIsRefusedAndNothingIsStored() {
        long sellerId = control().newSeller();
        URI consent = Links.consentUrl("forged");
        URI redirect = control().approve(sellerId, consent);
        String forged = redirect.toString().replace("state=" + Links.query(redirect).get("state"),
                "state=" + LinkSecrets.newState());

        Response callback = Links.callback(URI.create(forged));

        assertThat(callback.statusCode()).isEqualTo(400);
        assertThat(callback.contentType()).startsWith("application/problem+json");
        assertThat(callback.body().asString()).contains("invalid-state");
        given().get("/sellers/{id}", sellerId).then().statusCode(404);
        assertThat(secretExists(sellerId)).isFalse();
    }

    @Test
    @Order(4)
    void aReplayedStateIsRefused() {
        long sellerId = control().newSeller();
        URI redirect = control().approve(sellerId, Links.consentUrl("replayed"));
        assertThat(Links.callback(redirect).statusCode()).isEqualTo(302);

        Response replay = Links.callback(redirect);

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body().asString()).contains("invalid-state");
    }

    @Test
    @Order(5)
    void anExpiredStateIsRefusedAndNothingIsStored() {
        long sellerId = control().newSeller();
        URI redirect = control().approve(sellerId, Links.consentUrl("expired"));
        clock.advance(Duration.ofMinutes(11));

        Response callback = Links.callback(redirect);

        assertThat(callback.statusCode()).isEqualTo(400);
        given().get("/sellers/{id}", sellerId).then().statusCode(404);
        assertThat(secretExists(sellerId)).isFalse();
    }

    @Test
    @Order(6)
    void aCodeUsedTwiceIsRefusedByMercadoPagoAndNothingMoreIsStored() {
        long sellerId = control().newSeller();
        URI first = control().approve(sellerId, Links.consentUrl("code-twice"));
        assertThat(Links.callback(first).statusCode()).isEqualTo(302);
        Map<String, Object> stored = secret(sellerId);
        rememberTokens(stored);
        // The same code, with a fresh, valid state of a second link attempt.
        URI second = control().approve(sellerId, Links.consentUrl("code-twice-again"));
        String reused = second.toString().replace("code=" + Links.query(second).get("code"),
                "code=" + Links.query(first).get("code"));

        Response callback = Links.callback(URI.create(reused));

        assertThat(callback.statusCode()).isEqualTo(400);
        assertThat(callback.body().asString()).contains("authorization-failed");
        assertThat(secret(sellerId)).isEqualTo(stored);
        assertThat(events(e -> SellerEventTypes.LINK_FAILED.equals(e.attributes().type())
                && e.value().contains("code-twice-again"), 1)).hasSize(1)
                .allSatisfy(e -> assertThat(e.value()).contains("invalid_grant"));
    }

    @Test
    @Order(7)
    void aCodeIssuedForAnotherRedirectUriIsRefused() {
        long sellerId = control().newSeller();
        String otherRedirect = "http://127.0.0.1:" + RestAssured.port + "/other/callback";
        control().addRedirectUri(otherRedirect);
        URI consent = Links.consentUrl("wrong-redirect");
        URI wrongConsent = URI.create(consent.toString().replace(
                "redirect_uri=http%3A%2F%2F127.0.0.1%3A" + RestAssured.port + "%2Foauth%2Fcallback",
                "redirect_uri=http%3A%2F%2F127.0.0.1%3A" + RestAssured.port + "%2Fother%2Fcallback"));
        URI redirect = control().approve(sellerId, wrongConsent);
        assertThat(redirect.getPath()).isEqualTo("/other/callback");

        Response callback = Links.callback(URI.create("/oauth/callback?" + redirect.getRawQuery()));

        assertThat(callback.statusCode()).isEqualTo(400);
        assertThat(callback.body().asString()).contains("authorization-failed");
        given().get("/sellers/{id}", sellerId).then().statusCode(404);
        assertThat(secretExists(sellerId)).isFalse();
    }

    @Test
    @Order(8)
    void aSellerWhoDeniesLandsOnTheFailurePageAndALinkFailedEventIsPublished() {
        URI consent = Links.consentUrl("denier");
        String state = Links.query(consent).get("state");

        Response callback = Links.callback(URI.create("/oauth/callback?error=access_denied&state=" + state));

        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.header("Location")).endsWith("/sellers/link/failed?reason=access_denied");
        assertThat(events(e -> SellerEventTypes.LINK_FAILED.equals(e.attributes().type())
                && e.value().contains("\"reference\":\"denier\""), 1)).hasSize(1)
                .allSatisfy(e -> assertThat(e.value()).contains("access_denied"));
    }

    @Test
    @Order(9)
    void aReturnUrlOutsideTheAllowListIsRefusedAndAnAllowedOneIsWhereTheSellerLands() {
        given().contentType("application/json").body(Map.of("reference", "r", "return_to", "https://evil.example/x"))
                .post("/sellers/links").then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body(Map.of("reference", "r", "return_to",
                "https://marketplace.example.evil.example/sellers")).post("/sellers/links").then().statusCode(400);
        given().contentType("application/json").body(Map.of()).post("/sellers/links").then().statusCode(400);

        long sellerId = control().newSeller();
        URI consent = Links.consentUrl("returning", "https://marketplace.example/sellers/returning/done");
        Response callback = Links.callback(control().approve(sellerId, consent));

        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.header("Location")).isEqualTo("https://marketplace.example/sellers/returning/done");
        rememberTokens(secret(sellerId));
    }

    @Test
    @Order(10)
    void listsSellersByStatusAndAnswersAProblemForAnUnknownOne() {
        given().queryParam("status", "LINKED").queryParam("size", "100").get("/sellers").then().statusCode(200)
                .body("sellers.status.unique()", org.hamcrest.Matchers.contains("LINKED"));
        given().get("/sellers/{id}", 999_999_999L).then().statusCode(404).contentType("application/problem+json");
        given().queryParam("status", "NOPE").get("/sellers").then().statusCode(400);
        given().get("/sellers").then().statusCode(200).body("sellers", org.hamcrest.Matchers.not(
                org.hamcrest.Matchers.empty())).body(org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.containsString("APP_USR-")));
    }

    @Test
    @Order(11)
    void testSellersAndBuyersAreCreatedWithTheApplicationsOwnToken() {
        io.restassured.path.json.JsonPath created = given().contentType("application/json")
                .body(Map.of("sellers", 2, "buyers", 1, "site_id", "MLB")).post("/test-users").then()
                .statusCode(200).extract().jsonPath();

        assertThat(created.getList("role")).containsExactly("seller", "seller", "buyer");
        List<String> passwords = created.getList("password", String.class);
        assertThat(passwords).allSatisfy(password -> assertThat(password).isNotBlank());
        SECRETS_SEEN.addAll(passwords);
        long sellerId = created.getLong("[0].id");
        URI consent = Links.consentUrl("test-user-" + sellerId);
        assertThat(Links.callback(control().approve(sellerId, consent)).statusCode())
                .as("a created test seller can link").isEqualTo(302);
        rememberTokens(secret(sellerId));
        given().contentType("application/json").body(Map.of("sellers", 11)).post("/test-users").then()
                .statusCode(400);
        RestAssured.requestSpecification = null;
        given().header("Authorization", tokens.bearer(dev.mpmarketplace.apiauth.Roles.SELLERS_READ))
                .contentType("application/json").body(Map.of("buyers", 1)).post("/test-users").then()
                .statusCode(403);
    }

    @Test
    @Order(100)
    void theCapturedLogContainsNoneOfTheTokensOrCodesTheServiceHandled() throws Exception {
        Path log = Path.of("target/seller-linking-service-test.log");
        assertThat(log).exists();
        String text = Files.readString(log);
        assertThat(text).contains("linked (reference");
        assertThat(SECRETS_SEEN).hasSizeGreaterThan(6);
        for (String secret : SECRETS_SEEN) {
            assertThat(text).as("captured log").doesNotContain(secret);
        }
        assertThat(text).doesNotContain(control().marketplaceApplication().clientSecret());
    }

    private List<SellerEventsReader.Event> events(java.util.function.Predicate<SellerEventsReader.Event> matching,
            int atLeast) {
        return SellerEventsReader.read(broker, Topic.SELLER_EVENTS.topicName(), matching,
                atLeast, WAIT);
    }

    private Map<String, Object> secret(long sellerId) {
        return vault.secrets().kv2("secret").readSecret("sellers/" + sellerId).toCompletableFuture().join()
                .getData();
    }

    private boolean secretExists(long sellerId) {
        try {
            vault.secrets().kv2("secret").readSecretMetadata("sellers/" + sellerId).toCompletableFuture().join();
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            return false;
        }
    }

    private static void rememberTokens(Map<String, Object> secret) {
        SECRETS_SEEN.add((String) secret.get("access_token"));
        SECRETS_SEEN.add((String) secret.get("refresh_token"));
    }

    private String sellerRow(long sellerId) {
        return pool.preparedQuery("SELECT row_to_json(s)::text AS j FROM seller s WHERE user_id = $1")
                .execute(Tuple.of(sellerId)).await().atMost(WAIT).iterator().next().getString("j");
    }

    private boolean stateStoredInClear(String state) {
        return pool.preparedQuery("SELECT count(*) AS n FROM link_attempt WHERE state_hash = $1 OR reference = $1")
                .execute(Tuple.of(state)).await().atMost(WAIT).iterator().next().getLong("n") > 0;
    }
}
