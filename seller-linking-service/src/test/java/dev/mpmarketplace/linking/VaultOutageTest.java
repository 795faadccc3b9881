package dev.mpmarketplace.linking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretMetadataResultData;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.response.Response;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.linking.support.Links;
import dev.mpmarketplace.linking.support.SellerEventsReader;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.vault.VaultDevServer;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.InjectVaultDevServer;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Vault stopped under the service (the real Vault dev server, stopped and restarted on its port with its secrets):
 * the OAuth callback, whose authorization code is spent by the time it writes, retries the write through a short
 * outage ({@code linking.link.store-timeout}, 3 s in tests) and fails clearly after a longer one; unlinking and a
 * manual refresh answer 503 {@code seller-tokens-unavailable} and leave the seller as it was; a refreshed pair is
 * written once through an outage shorter than {@code linking.refresh.store-timeout}. Same resources as the
 * module's other Quarkus tests, so the application is not restarted for it.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class VaultOutageTest {

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @InjectMercadoPagoSandbox
    MercadoPagoSandbox sandbox;

    @InjectApiTokens
    ApiTokens tokens;

    @InjectVaultDevServer
    VaultDevServer vaultServer;

    @Inject
    VaultClient vault;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void asTheMarketplacesBackend() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", tokens.admin()).build();
    }

    @AfterEach
    void vaultIsBack() {
        vaultServer.restart();
        control().clearFaults();
    }

    SandboxControl control() {
        return new SandboxControl(sandbox.url());
    }

    @Test
    void aCallbackDuringAVaultOutageShorterThanTheBoundLinksTheSellerWithOneSecretVersionAndOneEvent()
            throws Exception {
        long sellerId = control().newSeller();
        URI redirect = control().approve(sellerId, Links.consentUrl("brief-outage"));

        vaultServer.stop();
        CompletableFuture<Response> callback = CompletableFuture.supplyAsync(() -> Links.callback(redirect));
        Thread.sleep(1_000);
        assertThat(callback).as("the callback waits for Vault").isNotDone();
        vaultServer.restart();
        Response answered = callback.get(20, TimeUnit.SECONDS);

        assertThat(answered.statusCode()).isEqualTo(302);
        assertThat(answered.header("Location")).endsWith("/sellers/link/success");
        given().get("/sellers/{id}", sellerId).then().statusCode(200).body("status", equalTo("LINKED"));
        VaultSecretsKV2ReadSecretMetadataResultData metadata = metadata(sellerId);
        assertThat(metadata.getCurrentVersion()).isEqualTo(1);
        assertThat(metadata.getVersions()).hasSize(1);
        assertThat(events(SellerEventTypes.LINKED, sellerId, 1)).hasSize(1);
    }

    @Test
    void aCallbackDuringALongerOutageFailsClearlyWithVaultUnavailableAndTheSellerCanLinkAgainAfterwards() {
        long sellerId = control().newSeller();
        URI redirect = control().approve(sellerId, Links.consentUrl("long-outage"));
        String code = Links.query(redirect).get("code");
        double failuresBefore = linkFailures("vault_unavailable");

        vaultServer.stop();
        Response answered = Links.callback(redirect);
        vaultServer.restart();

        assertThat(answered.statusCode()).isEqualTo(302);
        assertThat(answered.header("Location")).endsWith("/sellers/link/failed?reason=vault_unavailable")
                .doesNotContain(code);
        assertThat(answered.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answered.body().asString()).doesNotContain(code);
        assertThat(linkFailures("vault_unavailable")).isEqualTo(failuresBefore + 1);
        List<SellerEventsReader.Event> failed = SellerEventsReader.read(broker, Topic.SELLER_EVENTS.topicName(),
                e -> SellerEventTypes.LINK_FAILED.equals(e.attributes().type())
                        && e.value().contains("\"reference\":\"long-outage\""),
                1, Duration.ofSeconds(8));
        assertThat(failed).hasSize(1).allSatisfy(e -> assertThat(e.value()).contains("vault_unavailable")
                .doesNotContain(code));
        given().get("/sellers/{id}", sellerId).then().statusCode(404);
        assertThat(secretExists(sellerId)).isFalse();

        Links.link(control(), sellerId, "long-outage");

        given().get("/sellers/{id}", sellerId).then().statusCode(200).body("status", equalTo("LINKED"));
        assertThat(metadata(sellerId).getCurrentVersion()).isEqualTo(1);
        assertThat(events(SellerEventTypes.LINKED, sellerId, 1)).hasSize(1);
    }

    @Test
    void unlinkingAndAManualRefreshWhileVaultIsDownAnswer503AndLeaveTheSellerLinkedUntilARetryAfterItIsBack() {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "unlink-outage");

        vaultServer.stop();
        Response unlink = given().delete("/sellers/{id}", sellerId);
        Response refresh = given().post("/sellers/{id}/refresh", sellerId);
        vaultServer.restart();

        for (Response refused : List.of(unlink, refresh)) {
            refused.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                    .body("type", equalTo("https://mpmarketplace.dev/problems/seller-tokens-unavailable"));
            assertThat(refused.<Number>path("seller_id").longValue()).isEqualTo(sellerId);
            assertThat(refused.body().asString()).doesNotContain(Integer.toString(vaultServer.port()),
                    vaultServer.rootToken());
        }
        given().get("/sellers/{id}", sellerId).then().statusCode(200).body("status", equalTo("LINKED"));
        assertThat(metadata(sellerId).getCurrentVersion()).as("the secret is untouched").isEqualTo(1);
        assertThat(events(SellerEventTypes.UNLINKED, sellerId, 1)).isEmpty();

        given().delete("/sellers/{id}", sellerId).then().statusCode(204);

        given().get("/sellers/{id}", sellerId).then().body("status", equalTo("UNLINKED"));
        assertThat(secretExists(sellerId)).isFalse();
        assertThat(events(SellerEventTypes.UNLINKED, sellerId, 1)).hasSize(1);
    }

    @Test
    void aRefreshedPairMeetingAVaultOutageShorterThanTheStoreTimeoutIsWrittenOnceWhenVaultIsBack() throws Exception {
        long sellerId = control().newSeller();
        Links.link(control(), sellerId, "refresh-outage");
        // The refresh's /oauth/token call is held 1.5 s: Vault is stopped while Mercado Pago is spending the token.
        control().fault(Map.of("id", "hold-refresh", "kind", "latency", "path", "/oauth/token", "latency_ms", 1500,
                "times", 1));
        CompletableFuture<Response> refresh = CompletableFuture
                .supplyAsync(() -> given().post("/sellers/{id}/refresh", sellerId));
        await().atMost(Duration.ofSeconds(20)).until(() -> !control().hasFault("hold-refresh"));
        vaultServer.stop();
        Thread.sleep(3_000);
        assertThat(refresh).as("the write waits for Vault").isNotDone();
        vaultServer.restart();

        Response refreshed = refresh.get(20, TimeUnit.SECONDS);

        refreshed.then().statusCode(200).body("outcome", equalTo("REFRESHED"));
        VaultSecretsKV2ReadSecretMetadataResultData metadata = metadata(sellerId);
        assertThat(metadata.getCurrentVersion()).isEqualTo(2);
        assertThat(metadata.getVersions()).hasSize(2);
        assertThat(events(SellerEventTypes.REFRESHED, sellerId, 1)).hasSize(1);
    }

    private double linkFailures(String reason) {
        Counter counter = registry.find("linking_links_total").tag("outcome", "failure").tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private VaultSecretsKV2ReadSecretMetadataResultData metadata(long sellerId) {
        return vault.secrets().kv2("secret").readSecretMetadata("sellers/" + sellerId).toCompletableFuture().join();
    }

    private boolean secretExists(long sellerId) {
        try {
            metadata(sellerId);
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
