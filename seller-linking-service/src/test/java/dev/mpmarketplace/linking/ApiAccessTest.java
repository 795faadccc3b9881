package dev.mpmarketplace.linking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.linking.service.LinkSecrets;
import dev.mpmarketplace.linking.service.SellerLinking;
import dev.mpmarketplace.linking.support.Links;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.clock.AdjustableClock;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Only the marketplace's backends get in, tried as an attacker would: every administration route needs a bearer
 * token from the marketplace's identity provider with the operation's role, however the path is spelled; the public
 * routes (callback, link URL, landing pages) stay public; and the abuses found against the unauthenticated version
 * (binding an attacker's account to a victim's reference, forged log lines, metric series chosen by a caller, paging
 * overflow, link floods) now fail.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class ApiAccessTest {

    @InjectMercadoPagoSandbox
    MercadoPagoSandbox sandbox;

    @InjectApiTokens
    ApiTokens tokens;

    @Inject
    MeterRegistry registry;

    @Inject
    AdjustableClock clock;

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
    }

    SandboxControl control() {
        return new SandboxControl(sandbox.url());
    }

    /** One protected operation: its method, path and the role it needs. */
    record Operation(String method, String path, String role, Map<String, Object> body) {
        Response call(RequestSpecification request) {
            RequestSpecification spec = request.redirects().follow(false);
            if (body != null) {
                spec = spec.contentType("application/json").body(body);
            }
            return spec.request(method, path);
        }
    }

    static final long UNKNOWN_SELLER = 424_242_424L;
    static final java.util.List<Operation> OPERATIONS = java.util.List.of(
            new Operation("GET", "/sellers", Roles.SELLERS_READ, null),
            new Operation("GET", "/sellers/" + UNKNOWN_SELLER, Roles.SELLERS_READ, null),
            new Operation("DELETE", "/sellers/" + UNKNOWN_SELLER, Roles.SELLERS_ADMIN, null),
            new Operation("POST", "/sellers/" + UNKNOWN_SELLER + "/refresh", Roles.SELLERS_ADMIN, null),
            new Operation("POST", "/sellers/links", Roles.SELLERS_ADMIN, Map.of("reference", "api-access")));

    @Test
    void everyAdministrationRouteAnswers401WithoutAValidTokenAnd403WithoutItsRole() {
        for (Operation operation : OPERATIONS) {
            String other = operation.role().equals(Roles.SELLERS_READ) ? Roles.PAYMENTS_WRITE : Roles.SELLERS_READ;
            for (String bad : new String[]{null, "Bearer not-a-jwt", tokens.expired(operation.role()),
                    tokens.signedByAnotherKey(operation.role()), tokens.forAnotherAudience(operation.role())}) {
                RequestSpecification request = given();
                if (bad != null) {
                    request = request.header("Authorization", bad);
                }
                Response response = operation.call(request);
                assertThat(response.statusCode()).as("%s %s with %s", operation.method(), operation.path(), bad)
                        .isEqualTo(401);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
                assertThat(response.jsonPath().getString("type")).endsWith("/unauthorized");
            }
            Response forbidden = operation.call(given().header("Authorization", tokens.bearer(other)));
            assertThat(forbidden.statusCode()).as("%s %s with role %s", operation.method(), operation.path(), other)
                    .isEqualTo(403);
            assertThat(forbidden.jsonPath().getString("type")).endsWith("/forbidden");
            Response allowed = operation.call(given().header("Authorization", tokens.bearer(operation.role())));
            assertThat(allowed.statusCode()).as("%s %s with role %s", operation.method(), operation.path(),
                    operation.role()).isIn(200, 201, 204, 404);
        }
    }

    @Test
    void noSpellingOfAPathReachesAnAdministrationRouteWithoutAToken() {
        long sellerId = control().newSeller();
        RestAssured.requestSpecification = null;
        linkAs(sellerId, "spelling-" + sellerId);

        for (String path : new String[]{"/oauth/callback/%2e%2e/%2e%2e/sellers",
                "/oauth/callback/../../sellers", "/sellers/link/%2e%2e/" + sellerId, "/sellers/./" + sellerId,
                "/sellers//" + sellerId, "/SELLERS/" + sellerId, "/sellers/" + sellerId + "/", "/sellers/%2e/"
                        + sellerId}) {
            for (String method : new String[]{"GET", "DELETE", "POST"}) {
                int status = given().redirects().follow(false).urlEncodingEnabled(false).request(method, path)
                        .statusCode();
                assertThat(status).as("%s %s", method, path).isIn(400, 401, 404, 405);
            }
            int refresh = given().urlEncodingEnabled(false).post(path + "/refresh").statusCode();
            assertThat(refresh).as("POST %s/refresh", path).isIn(400, 401, 404, 405);
        }
        given().header("Authorization", tokens.bearer(Roles.SELLERS_READ)).get("/sellers/{id}", sellerId).then()
                .body("status", equalTo("LINKED"));
    }

    @Test
    void theCallbackTheLinkUrlAndTheLandingPagesArePublicOnPurpose() {
        given().get("/sellers/link/success").then().statusCode(200).contentType(startsWith("text/html"));
        given().get("/sellers/link/failed").then().statusCode(200);
        given().redirects().follow(false).get("/oauth/callback?state=" + LinkSecrets.newState()).then()
                .statusCode(400).body("type", equalTo("https://mpmarketplace.dev/problems/invalid-state"));
        given().redirects().follow(false).get("/sellers/link/" + LinkSecrets.newState()).then().statusCode(302)
                .header("Location", org.hamcrest.Matchers.endsWith("/sellers/link/failed?reason=invalid-link"));
    }

    @Test
    void aLinkUrlIsSingleUseAndExpiresInMinutes() {
        RestAssured.requestSpecification = null;
        URI once = linkUrl("single-use-" + UUID.randomUUID().toString().substring(0, 8));
        assertThat(Links.follow(once).header("Location")).startsWith(sandbox.url() + "/authorization?");
        assertThat(Links.follow(once).header("Location")).endsWith("/sellers/link/failed?reason=invalid-link");

        URI late = linkUrl("late-" + UUID.randomUUID().toString().substring(0, 8));
        clock.advance(Duration.ofMinutes(6));
        assertThat(Links.follow(late).header("Location")).endsWith("/sellers/link/failed?reason=invalid-link");
    }

    @Test
    void anAttackersAccountCannotBeBoundToAVictimsReferenceNorAnAccountMovedToAnotherReference() {
        long victim = control().newSeller();
        long attacker = control().newSeller();
        String victimShop = "victim-" + victim;
        linkAs(victim, victimShop);

        Response stolen = Links.callback(control().approve(attacker, consentUrl(victimShop)));
        assertThat(stolen.statusCode()).isEqualTo(409);
        assertThat(stolen.jsonPath().getString("type")).endsWith("/reference-conflict");

        Response moved = Links.callback(control().approve(victim, consentUrl("elsewhere-" + victim)));
        assertThat(moved.statusCode()).isEqualTo(409);

        given().header("Authorization", tokens.bearer(Roles.SELLERS_READ)).get("/sellers/{id}", victim).then()
                .body("status", equalTo("LINKED")).body("reference", equalTo(victimShop));
        given().header("Authorization", tokens.bearer(Roles.SELLERS_READ)).get("/sellers/{id}", attacker).then()
                .statusCode(404);
    }

    @Test
    void aReferenceOutsideTheSafeAlphabetIsRefusedSoItCannotForgeALogLine() {
        for (String reference : new String[]{"shop\n12:00:00 INFO forged", "shop%0a", "", " shop", "-shop",
                "x".repeat(129), "shop<script>"}) {
            given().header("Authorization", tokens.bearer(Roles.SELLERS_ADMIN)).contentType("application/json")
                    .body(Map.of("reference", reference)).post("/sellers/links").then().statusCode(400)
                    .body("type", equalTo("https://mpmarketplace.dev/problems/invalid-reference"));
        }
    }

    @Test
    void callbackErrorsChosenByACallerNeverBecomeNewMetricSeries() {
        Set<String> allowed = Set.of("none", "access_denied", "invalid_request", "unauthorized_client",
                "unsupported_response_type", "invalid_scope", "server_error", "temporarily_unavailable", "other",
                "invalid_grant", "reference_conflict", "missing_code", "unauthorized", "timeout",
                "connection_lost", "unreachable", "rate_limited", "invalid_response", SellerLinking.VAULT_UNAVAILABLE);
        for (int i = 0; i < 15; i++) {
            URI consent = consentUrl("errors-" + i + "-" + UUID.randomUUID().toString().substring(0, 6));
            String state = Links.query(consent).get("state");
            given().redirects().follow(false)
                    .get("/oauth/callback?error=" + UUID.randomUUID() + "&state=" + state).then().statusCode(302)
                    .header("Location", org.hamcrest.Matchers.endsWith("/sellers/link/failed?reason=other"));
        }
        assertThat(registry.find("linking_links_total").meters()).extracting(Meter::getId)
                .allSatisfy(id -> assertThat(id.getTag("reason")).isIn(allowed));
    }

    @Test
    void pagingThatWouldOverflowIsABadRequestNotAServerError() {
        given().header("Authorization", tokens.bearer(Roles.SELLERS_READ)).queryParam("page", Integer.MAX_VALUE)
                .queryParam("size", 200).get("/sellers").then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/invalid-page"));
        given().header("Authorization", tokens.bearer(Roles.SELLERS_READ)).queryParam("page", "x").get("/sellers")
                .then().statusCode(404);
    }

    @Test
    void aBodyOfTheWrongShapeIsAMalformedJsonProblemNotAnEmpty400() {
        // Found by the API fuzzer (ApiFuzzIT): quarkus-rest-jackson's own mapper answered these with no body.
        for (String body : new String[]{"[1,2", "[]", "\"text\"", "{\"reference\":{\"nested\":1}}"}) {
            Response answer = given().header("Authorization", tokens.bearer(Roles.SELLERS_ADMIN))
                    .contentType("application/json").body(body).post("/sellers/links");
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.contentType()).as(body).startsWith("application/problem+json");
            assertThat(answer.<String>path("type")).as(body).endsWith("/malformed-json");
        }
    }

    @Test
    void linkStartsForOneReferenceAreRateLimited() {
        String reference = "flood-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            linkUrl(reference);
        }
        Response flood = given().header("Authorization", tokens.bearer(Roles.SELLERS_ADMIN))
                .contentType("application/json").body(Map.of("reference", reference)).post("/sellers/links");
        assertThat(flood.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(flood.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(flood.jsonPath().getString("type")).endsWith("/too-many-link-starts");
        linkUrl("another-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private URI linkUrl(String reference) {
        Response response = given().header("Authorization", tokens.bearer(Roles.SELLERS_ADMIN))
                .contentType("application/json").body(Map.of("reference", reference)).post("/sellers/links");
        assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(201);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.jsonPath().getString("expires_at")).isNotBlank();
        return URI.create(response.jsonPath().getString("url"));
    }

    private URI consentUrl(String reference) {
        return URI.create(Links.follow(linkUrl(reference)).header("Location"));
    }

    private void linkAs(long sellerId, String reference) {
        Response callback = Links.callback(control().approve(sellerId, consentUrl(reference)));
        assertThat(callback.statusCode()).as(callback.body().asString()).isEqualTo(302);
    }
}
