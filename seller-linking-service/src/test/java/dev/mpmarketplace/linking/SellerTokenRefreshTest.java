package dev.mpmarketplace.linking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretData;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.linking.service.SellerTokenRefresher;
import dev.mpmarketplace.linking.service.SellerTokenRefresher.Outcome;
import dev.mpmarketplace.linking.service.SellerTokenRefresher.SweepResult;
import dev.mpmarketplace.linking.support.AdjustableClock;
import dev.mpmarketplace.linking.support.Links;
import dev.mpmarketplace.linking.support.SandboxControl;
import dev.mpmarketplace.linking.support.SellerEventsReader;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Refreshing before expiry against the sandbox: on sandbox day 150, with two sweeps racing, and when Mercado Pago
 * refuses ({@code invalid_grant}) or is unavailable (429, 5xx). Both clocks (the sandbox's and the service's) move
 * together and only forward, so the tests run in order.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SellerTokenRefreshTest {

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

        // Other test classes share this application (same resources): their sellers are swept too. Every seller
        // either sweep leased was leased by exactly one of them and refreshed, none refused.
        assertThat(a.outcomes().keySet()).doesNotContainAnyElementsOf(b.outcomes().keySet());
        assertThat(a.outcomes().values()).containsOnly(Outcome.REFRESHED);
        assertThat(b.outcomes().values()).containsOnly(Outcome.REFRESHED);
        Map<Long, Outcome> both = new HashMap<>(a.outcomes());
        both.putAll(b.outcomes());
        assertThat(both).containsAllEntriesOf(sellers.stream()
                .collect(java.util.stream.Collectors.toMap(id -> id, id -> Outcome.REFRESHED)));
        assertThat(a.outcomes()).as("both sweeps did work").isNotEmpty();
        assertThat(b.outcomes()).as("both sweeps did work").isNotEmpty();
        for (long sellerId : sellers) {
            assertThat(secret(sellerId).getMetadata().getVersion()).as("Vault version of " + sellerId)
                    .isEqualTo(versionsBefore.get(sellerId) + 1);
            given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"));
            assertThat(events(SellerEventTypes.REFRESHED, sellerId, 1)).hasSize(1);
        }
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
        control().fault(Map.of("id", "stuck", "kind", "latency", "path", "/oauth/token", "latency_ms", 8000,
                "times", 1));
        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(200).body("outcome", equalTo("POSTPONED"));

        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("LINKED"))
                .body("last_refresh_error", equalTo("timeout"));
        assertThat(secret(sellerId).getMetadata().getVersion()).isEqualTo(version);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("linking_refresh_total{outcome=\"failure\",reason=\"rate_limited\"}")
                .contains("linking_refresh_total{outcome=\"failure\",reason=\"server_error\"}")
                .contains("linking_refresh_total{outcome=\"failure\",reason=\"timeout\"}")
                .contains("linking_refresh_total{outcome=\"success\",reason=\"none\"}")
                .contains("linking_sellers{status=\"LINKED\"}")
                .contains("linking_token_min_days_to_expiry");

        // A postponed seller is not swept again before its back-off; a forced refresh once the endpoint answers works.
        assertThat(sweep().outcomes()).doesNotContainKey(sellerId);
        given().post("/sellers/{id}/refresh", sellerId).then().statusCode(200).body("outcome", equalTo("REFRESHED"));
        assertThat(secret(sellerId).getMetadata().getVersion()).isEqualTo(version + 1);
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

    private SweepResult sweep() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> refresher.sweep());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private void advanceBothClocks(int days) {
        control().advanceClock("P" + days + "D");
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
        return SellerEventsReader.read(broker.bootstrapServers(), Topic.SELLER_EVENTS.topicName(),
                e -> type.equals(e.attributes().type()) && Long.toString(sellerId).equals(e.attributes().subject()),
                atLeast, WAIT);
    }
}
