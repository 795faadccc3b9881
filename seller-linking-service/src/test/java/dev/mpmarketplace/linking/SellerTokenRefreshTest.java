package dev.mpmarketplace.linking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretData;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.linking.repository.SellerRepository;
import dev.mpmarketplace.linking.repository.SellerRepository.Lease;
import dev.mpmarketplace.linking.service.SellerTokenRefresher;
import dev.mpmarketplace.linking.service.SellerTokenRefresher.Outcome;
import dev.mpmarketplace.linking.service.SellerTokenRefresher.SweepResult;
import dev.mpmarketplace.linking.support.Links;
import dev.mpmarketplace.linking.support.SellerEventsReader;
import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
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
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Refreshing before expiry against the sandbox: on sandbox day 150; two sweeps racing; a refused refresh token; 429,
 * 5xx and timeouts; another refresher winning (a conflict, never a reauthorization); an answer lost between Mercado
 * Pago and Vault, detected on the next refresh; a lapsed lease that stops the call; manual refreshes under the rate
 * limit. Two service processes racing for minutes, and one stopped by SIGTERM mid-sweep: {@code SellerTokenRefreshRaceIT}.
 * Both clocks (the sandbox's and the service's) move together and only forward, so the tests run in order.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SellerTokenRefreshTest {

    /** The management interface (health, metrics, OpenAPI): not the public port. */
    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    static final Duration WAIT = Duration.ofSeconds(20);
    /** Every token read from Vault here (before and after refreshes): none may appear in the captured log. */
    static final java.util.Set<String> TOKENS_SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
    AdjustableClock clock;

    @Inject
    SellerTokenRefresher refresher;

    @Inject
    SellerRepository repository;

    @Inject
    SellerSecrets secrets;

    @Inject
    Pool pool;

    SandboxControl control() {
        return new SandboxControl(sandbox.url());
    }

    @AfterEach
    void noFaultsLeft() {
        control().clearFaults();
    }

    @Test
    @Order(1)
    void refreshesAtSandboxDay150AndTheSpentRefreshTokenIsThenRejectedBySandbox() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "day-150");
        VaultSecretsKV2ReadSecretData before = secret(sellerId);

        assertThat(sweep().outcomes()).as("not due on day 0").doesNotContainKey(sellerId);
        advanceBothClocks(150);
        SweepResult result = sweep();

        assertThat(result.outcomes()).containsEntry(sellerId, Outcome.REFRESHED);
        VaultSecretsKV2ReadSecretData after = secret(sellerId);
        assertThat(after.getMetadata().getVersion()).isEqualTo(before.getMetadata().getVersion() + 1);
        assertThat(after.getData().get("access_token")).isNotEqualTo(before.getData().get("access_token"));
        assertThat(after.getData().get("refresh_token")).isNotEqualTo(before.getData().get("refresh_token"));
        given().get("/sellers/{id}", sellerId).then().statusCode(200).body("status", equalTo("LINKED"))
                .body("last_refresh_at", notNullValue());
        var spent = control().refreshGrant((String) before.getData().get("refresh_token"));
        assertThat(spent.statusCode()).isEqualTo(400);
        assertThat(spent.body()).contains("invalid_grant");
        List<SellerEventsReader.Event> refreshed = events(SellerEventTypes.REFRESHED, sellerId, 1);
        assertThat(refreshed).hasSize(1);
        assertThat(refreshed.get(0).key()).isEqualTo(Long.toString(sellerId));
        assertThat(refreshed.get(0).value()).doesNotContain((String) after.getData().get("access_token"));
    }

    @Test
    @Order(2)
    void twoSweepsRacingRefreshEachSellerExactlyOnceWithoutInvalidGrant() throws Exception {
        List<Long> sellers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long sellerId = control().newSeller();
            Links.link(control(), sellerId, "race-" + i);
            sellers.add(sellerId);
        }
        Map<Long, Integer> versionsBefore = new HashMap<>();
        sellers.forEach(id -> versionsBefore.put(id, secret(id).getMetadata().getVersion()));
        // Slow token endpoint: both sweeps are certainly in flight at the same time.
        control().fault(Map.of("id", "slow-token", "kind", "latency", "path", "/oauth/token", "latency_ms", 300));
        advanceBothClocks(151);

        CompletableFuture<SweepResult> first = CompletableFuture.supplyAsync(this::sweep);
        CompletableFuture<SweepResult> second = CompletableFuture.supplyAsync(this::sweep);
        SweepResult a = first.get(60, TimeUnit.SECONDS);
        SweepResult b = second.get(60, TimeUnit.SECONDS);

        // Other test classes share this application (same resources): their sellers are swept too. Both sweeps try
        // every due seller; each is leased just before its refresh, so exactly one sweep refreshes it and the other
        // finds it leased or no longer due. Nothing is refused, nothing refreshed twice.
        assertThat(a.outcomes().values()).isSubsetOf(Outcome.REFRESHED, Outcome.SKIPPED);
        assertThat(b.outcomes().values()).isSubsetOf(Outcome.REFRESHED, Outcome.SKIPPED);
        for (long sellerId : sellers) {
            assertThat(Arrays.asList(a.outcomes().get(sellerId), b.outcomes().get(sellerId)))
                    .as("outcomes of " + sellerId).containsOnlyOnce(Outcome.REFRESHED);
            assertThat(secret(sellerId).getMetadata().getVersion()).as("Vault version of " + sellerId)
                    .isEqualTo(versionsBefore.get(sellerId) + 1);
            assertThat(control().refreshGrants(sellerId)).as("refreshes granted for " + sellerId).isEqualTo(1);
            given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"));
            assertThat(events(SellerEventTypes.REFRESHED, sellerId, 1)).hasSize(1);
        }
        assertThat(leasesHeld()).as("every lease a sweep took is given back, the last one too").isZero();
    }

    @Test
    @Order(3)
    void aRefusedRefreshTokenMakesTheSellerRequireReauthorization() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "spent-elsewhere");
        // Someone else (a leaked copy, another integration) spends the single-use refresh token first.
        assertThat(control().refreshGrant((String) secret(sellerId).getData().get("refresh_token")).statusCode())
                .isEqualTo(200);

        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(200)
                .body("outcome", equalTo("REAUTHORIZATION_REQUIRED"));

        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("REAUTHORIZATION_REQUIRED"))
                .body("last_refresh_error", equalTo("invalid_grant"));
        List<SellerEventsReader.Event> events = events(SellerEventTypes.REAUTHORIZATION_REQUIRED, sellerId, 1);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value()).contains("\"reason\":\"invalid_grant\"", "\"reference\":\"spent-elsewhere\"");
        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    @Order(4)
    void rateLimitsServerErrorsAndTimeoutsPostponeTheRefreshWithStatusUnchangedAndCountIt() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "unavailable");
        int version = secret(sellerId).getMetadata().getVersion();

        control().fault(Map.of("id", "limited", "kind", "rate_limit", "path", "/oauth/token", "times", 1,
                "retry_after_seconds", 120));
        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(200).body("outcome", equalTo("POSTPONED"));
        control().fault(Map.of("id", "broken", "kind", "error", "path", "/oauth/token", "status", 503, "times", 1));
        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(200).body("outcome", equalTo("POSTPONED"));
        // A timeout (the client gives up after 5 s) on a call the sandbox then refuses: nothing was spent.
        control().fault(Map.of("id", "stuck", "kind", "error", "path", "/oauth/token", "status", 503,
                "latency_ms", 7000, "times", 1));
        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(200).body("outcome", equalTo("POSTPONED"));

        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"))
                .body("last_refresh_error", equalTo("timeout"));
        assertThat(secret(sellerId).getMetadata().getVersion()).isEqualTo(version);
        String metrics = given().port(managementPort).get("/q/metrics").then().statusCode(200).extract().asString();
        given().get("/q/metrics").then().statusCode(404); // management interface only
        assertThat(metrics).contains("linking_refresh_total{outcome=\"postponed\",reason=\"rate_limited\"}")
                .contains("linking_refresh_total{outcome=\"postponed\",reason=\"server_error\"}")
                .contains("linking_refresh_total{outcome=\"postponed\",reason=\"timeout\"}")
                .contains("linking_refresh_total{outcome=\"refreshed\",reason=\"none\"}")
                .contains("linking_refresh_in_flight")
                .contains("linking_sellers{status=\"LINKED\"}")
                .contains("linking_token_min_days_to_expiry");

        // A postponed seller is not swept again before its back-off; a forced refresh once the endpoint answers works.
        assertThat(sweep().outcomes()).doesNotContainKey(sellerId);
        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(200).body("outcome", equalTo("REFRESHED"));
        assertThat(secret(sellerId).getMetadata().getVersion()).isEqualTo(version + 1);
    }

    @Test
    @Order(5)
    void aRefusedRefreshAfterAnotherRefresherWonIsAConflictAndTheSellerStaysLinked() throws Exception {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "won-elsewhere");
        VaultSecretsKV2ReadSecretData before = secret(sellerId);
        int version = before.getMetadata().getVersion();
        // Our refresh's call is held by the sandbox for 1.5 s (the rule fires once and is then gone) ...
        control().fault(Map.of("id", "hold-ours", "kind", "latency", "path", "/oauth/token", "latency_ms", 1500,
                "times", 1));
        CompletableFuture<io.restassured.response.Response> ours = CompletableFuture
                .supplyAsync(() -> given().post("/sellers/{id}/refresh", sellerId));
        await().atMost(WAIT).until(() -> !control().hasFault("hold-ours"));
        // ... while another refresher (a replica paused past its lease, say) spends the same refresh token and stores
        // its pair as the next Vault version.
        var won = control().refreshGrant((String) before.getData().get("refresh_token"));
        assertThat(won.statusCode()).isEqualTo(200);
        storeAsAnotherRefresher(sellerId, won.body(), version);

        ours.get(30, TimeUnit.SECONDS).then().statusCode(200).body("outcome", equalTo("CONFLICT"));
        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"))
                .body("last_refresh_error", nullValue());
        VaultSecretsKV2ReadSecretData after = secret(sellerId);
        assertThat(after.getMetadata().getVersion()).isEqualTo(version + 1);
        assertThat(control().refreshGrant((String) after.getData().get("refresh_token")).statusCode())
                .as("the winner's pair is the one in Vault, and it works").isEqualTo(200);
        assertThat(metrics()).contains("linking_refresh_total{outcome=\"conflict\",reason=\"refreshed_elsewhere\"}");
    }

    @Test
    @Order(6)
    void aRefreshWhoseAnswerWasLostIsDetectedOnTheNextRefreshWithItsOwnReasonAndMetric() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "answer-lost");
        VaultSecretsKV2ReadSecretData before = secret(sellerId);
        int version = before.getMetadata().getVersion();
        // The refresh call is answered after the client gave up (5 s) ...
        control().fault(Map.of("id", "late-answer", "kind", "latency", "path", "/oauth/token", "latency_ms", 6500,
                "times", 1));
        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(200).body("outcome", equalTo("POSTPONED"));
        // ... and Mercado Pago carried it out: the sandbox drops a request whose caller left, Mercado Pago need not,
        // so the test spends the refresh token as that request would have. As after a crash between the answer and
        // the Vault write, the new pair reached nobody and Vault still holds the spent refresh token.
        var carriedOut = control().refreshGrant((String) before.getData().get("refresh_token"));
        assertThat(carriedOut.statusCode()).isEqualTo(200);
        assertThat(control().refreshGrants(sellerId)).isEqualTo(1);
        assertThat(secret(sellerId).getMetadata().getVersion()).isEqualTo(version);

        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(200)
                .body("outcome", equalTo("REAUTHORIZATION_REQUIRED"));

        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("REAUTHORIZATION_REQUIRED"))
                .body("last_refresh_error", equalTo(SellerTokenRefresher.ANSWER_LOST));
        List<SellerEventsReader.Event> events = events(SellerEventTypes.REAUTHORIZATION_REQUIRED, sellerId, 1);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value()).contains("\"reason\":\"" + SellerTokenRefresher.ANSWER_LOST + "\"");
        assertThat(metrics()).contains("linking_refresh_answers_lost_total")
                .contains("linking_refresh_total{outcome=\"reauthorization_required\",reason=\""
                        + SellerTokenRefresher.ANSWER_LOST + "\"}");
    }

    @Test
    @Order(7)
    void theLeaseCheckRefusesToCallMercadoPagoWhenTheLeaseHasLapsed() throws Throwable {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "lapsed-lease");
        int version = secret(sellerId).getMetadata().getVersion();
        Lease ours = VertxContextSupport.subscribeAndAwait(
                () -> repository.leaseNow(sellerId, "test:ours", Duration.ofMinutes(1))).orElseThrow();

        // Our refresher stalls past its lease (moved into the past here), and another refresher takes the seller.
        lapse(sellerId);
        Lease theirs = VertxContextSupport.subscribeAndAwait(
                () -> repository.leaseNow(sellerId, "test:theirs", Duration.ofMinutes(1))).orElseThrow();
        Outcome taken = VertxContextSupport.subscribeAndAwait(() -> refresher.refreshLeased(ours));
        // Or nobody took it yet: a lapsed lease is no lease either.
        VertxContextSupport.subscribeAndAwait(() -> repository.release(theirs, null));
        Lease again = VertxContextSupport.subscribeAndAwait(
                () -> repository.leaseNow(sellerId, "test:again", Duration.ofMinutes(1))).orElseThrow();
        lapse(sellerId);
        Outcome lapsed = VertxContextSupport.subscribeAndAwait(() -> refresher.refreshLeased(again));

        assertThat(taken).isEqualTo(Outcome.LEASE_LOST);
        assertThat(lapsed).isEqualTo(Outcome.LEASE_LOST);
        assertThat(control().refreshGrants(sellerId)).as("Mercado Pago was never called").isZero();
        assertThat(secret(sellerId).getMetadata().getVersion()).isEqualTo(version);
        Row row = row(sellerId);
        assertThat(row.getString("lease_owner")).as("nobody released another owner's lease").isEqualTo("test:again");
        assertThat(row.getInteger("pending_refresh_version")).as("no call marked").isNull();
        assertThat(metrics()).contains("linking_refresh_total{outcome=\"skipped\",reason=\"lease_lost\"}");
        VertxContextSupport.subscribeAndAwait(() -> repository.release(again, null));
        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(200).body("outcome", equalTo("REFRESHED"));
    }

    @Test
    @Order(8)
    void manualRefreshesShareTheRateLimitAndABurstIsAnswered429WithRetryAfter() throws Exception {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "burst");
        int version = secret(sellerId).getMetadata().getVersion();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest refresh = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + RestAssured.port + "/sellers/" + sellerId + "/refresh"))
                .header("Authorization", tokens.admin()).POST(HttpRequest.BodyPublishers.noBody()).build();

        // 300 at once against 50 calls per second and a 2 s wait at most: about 100 get a slot, the rest 429.
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            burst.add(http.sendAsync(refresh, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : burst) {
            answers.add(answer.get(60, TimeUnit.SECONDS));
        }

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200, 409, 429).contains(429);
        HttpResponse<String> limited = answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow();
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body()).contains("refresh-rate-limited");
        long refreshed = answers.stream().filter(a -> a.statusCode() == 200 && a.body().contains("REFRESHED"))
                .count();
        assertThat(refreshed).isPositive();
        assertThat(secret(sellerId).getMetadata().getVersion()).as("one Vault write per refresh")
                .isEqualTo(version + (int) refreshed);
        assertThat(control().refreshGrants(sellerId)).as("one grant per refresh").isEqualTo(refreshed);
        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"));
        assertThat(leasesHeld()).isZero();
    }

    @Test
    @Order(100)
    void theCapturedLogContainsNoneOfTheRefreshedTokens() throws Exception {
        String log = java.nio.file.Files.readString(java.nio.file.Path.of("target/seller-linking-service-test.log"));
        assertThat(log).contains("refreshed (secret version");
        assertThat(TOKENS_SEEN).hasSizeGreaterThan(10);
        for (String token : TOKENS_SEEN) {
            assertThat(log).as("captured log").doesNotContain(token);
        }
    }

    private void storeAsAnotherRefresher(long sellerId, String grantBody, int version) throws Exception {
        JsonNode granted = new ObjectMapper().readTree(grantBody);
        TOKENS_SEEN.add(granted.get("access_token").asText());
        TOKENS_SEEN.add(granted.get("refresh_token").asText());
        secrets.write(new GrantedTokens(sellerId, granted.get("access_token").asText(),
                granted.get("refresh_token").asText(), granted.path("public_key").asText(null),
                granted.path("scope").asText(null), granted.path("live_mode").asBoolean(),
                OffsetDateTime.now(clock).plusSeconds(granted.get("expires_in").asLong())), version)
                .await().atMost(WAIT);
    }

    private void lapse(long sellerId) {
        pool.preparedQuery("UPDATE seller SET lease_until = clock_timestamp() - interval '1 second' WHERE user_id = $1")
                .execute(Tuple.of(sellerId)).await().atMost(WAIT);
    }

    private Row row(long sellerId) {
        return pool.preparedQuery("SELECT * FROM seller WHERE user_id = $1").execute(Tuple.of(sellerId))
                .await().atMost(WAIT).iterator().next();
    }

    private long leasesHeld() {
        return pool.query("SELECT count(*) AS n FROM seller WHERE lease_owner IS NOT NULL").execute()
                .await().atMost(WAIT).iterator().next().getLong("n");
    }

    private String metrics() {
        return given().port(managementPort).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private SweepResult sweep() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> refresher.sweep());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private void advanceBothClocks(int days) {
        control().advanceClock(Duration.ofDays(days));
        clock.advance(Duration.ofDays(days));
    }

    private VaultSecretsKV2ReadSecretData secret(long sellerId) {
        VaultSecretsKV2ReadSecretData secret = vault.secrets().kv2("secret").readSecret("sellers/" + sellerId)
                .toCompletableFuture().join();
        TOKENS_SEEN.add((String) secret.getData().get("access_token"));
        TOKENS_SEEN.add((String) secret.getData().get("refresh_token"));
        return secret;
    }

    private List<SellerEventsReader.Event> events(String type, long sellerId, int atLeast) {
        return SellerEventsReader.read(broker, Topic.SELLER_EVENTS.topicName(),
                e -> type.equals(e.attributes().type()) && Long.toString(sellerId).equals(e.attributes().subject()),
                atLeast, WAIT);
    }
}
