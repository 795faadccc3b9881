package dev.mpmarketplace.testing.mercadopago;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;

/**
 * The control client against the real sandbox, whose webhooks go to a small HTTP receiver of this test: every call
 * the services' tests make, and a signature of {@link WebhookSigner} equal to the sandbox's own.
 */
class SandboxControlTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** One request the receiver got. */
    record Received(String query, String requestId, String signature, String body) {
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static MercadoPagoSandbox sandbox;
    private static SandboxControl control;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/webhooks/mercadopago", exchange -> {
            RECEIVED.add(new Received(exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("x-request-id"),
                    exchange.getRequestHeaders().getFirst("x-signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults()
                .withSeededApplication(base + "/webhooks/mercadopago", base + "/oauth/callback"));
        control = new SandboxControl(sandbox.url());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        receiver.stop(0);
    }

    @Test
    void theSeededApplicationAndUsersAreReadWithTheirSecrets() {
        SandboxApplication application = control.marketplaceApplication();

        assertThat(application.webhookUrl()).endsWith("/webhooks/mercadopago");
        assertThat(application.redirectUri()).endsWith("/oauth/callback");
        assertThat(application.webhookSecret()).isNotBlank();
        assertThat(application.toString()).doesNotContain(application.webhookSecret(), application.clientSecret());
        assertThat(control.user("SELLER_ONE").role()).isEqualTo("seller");
        assertThat(control.sellerId("BUYER_ONE")).isEqualTo(control.user("BUYER_ONE").id());
        long seller = control.newSeller();
        assertThat(control.users()).extracting(SandboxUser::id).contains(seller);
        assertThatThrownBy(() -> control.user("NOBODY")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmittedNotificationIsDeliveredSignedAsTheSignerSignsIt() {
        long seller = control.sellerId("SELLER_ONE");
        String dataId = "emit-" + UUID.randomUUID();

        SandboxControl.EmittedNotification emitted = control.emit("payment", "payment.updated", dataId, seller);
        WebhookDelivery delivery = control.awaitFinished(emitted.delivery().id(), WAIT);

        assertThat(delivery.isDelivered()).isTrue();
        assertThat(delivery.notificationId()).isEqualTo(emitted.notificationId());
        assertThat(delivery.dataId()).isEqualTo(dataId);
        assertThat(delivery.userId()).isEqualTo(seller);
        assertThat(delivery.notification().path("data").path("id").asText()).isEqualTo(dataId);
        WebhookDelivery.Attempt attempt = delivery.lastAttempt();
        assertThat(attempt.statusCode()).isEqualTo(200);
        assertThat(attempt.pathAndQuery()).isEqualTo("/webhooks/mercadopago?data.id=" + dataId + "&type=payment");
        Received received = RECEIVED.stream().filter(r -> attempt.requestId().equals(r.requestId())).findFirst()
                .orElseThrow();
        assertThat(received.signature()).isEqualTo(attempt.xSignature());
        long ts = Long.parseLong(received.signature().replaceAll("^ts=(\\d+),.*$", "$1"));
        assertThat(new WebhookSigner(control.marketplaceApplication().webhookSecret())
                .sign(dataId, received.requestId(), ts)).isEqualTo(received.signature());
        assertThat(control.deliveries("payment", "delivered", dataId, null)).extracting(WebhookDelivery::id)
                .containsExactly(delivery.id());
    }

    @Test
    void aSellerLinkedAndPayingProducesItsNotificationsAndARevocationKillsItsTokens() {
        long seller = control.newSeller();
        String token = control.linkSeller(seller);

        JsonNode payment = control.createPayment(token);
        WebhookDelivery paid = control.awaitDeliveryOf("payment", payment.get("id").asText(), null, WAIT);
        control.revoke(seller);

        assertThat(payment.get("status").asText()).isEqualTo("approved");
        assertThat(paid.isDelivered()).isTrue();
        assertThat(control.lastNotification("mp-connect", "application.authorized", seller).path("user_id").asLong())
                .isEqualTo(seller);
        assertThat(control.awaitDeliveryOf("mp-connect", null, seller, WAIT).action())
                .isEqualTo("application.deauthorized");
        assertThatThrownBy(() -> control.createPayment(token)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("401");
        assertThat(control.refreshGrant("TG-not-a-refresh-token-1").statusCode()).isEqualTo(400);
    }

    @Test
    void aSellersPaymentsAreMadeReadCapturedRefundedAndResolvedAsTheSellerWould() {
        long seller = control.newSeller();
        JsonNode grant = control.grant(seller);
        String token = grant.get("access_token").asText();
        String publicKey = grant.get("public_key").asText();

        JsonNode authorized = control.createPayment(token, "key-" + UUID.randomUUID(), Map.of("transaction_amount",
                50, "token", control.cardToken(publicKey, "APRO"), "capture", false, "external_reference", "ref-1",
                "payment_method_id", "master"));
        long authorizedId = authorized.get("id").asLong();
        JsonNode captured = control.updatePayment(token, authorizedId, Map.of("capture", true));
        control.refund(token, authorizedId, new java.math.BigDecimal("20.00"));
        long contingentId = control.createPayment(token, "key-" + UUID.randomUUID(), Map.of("transaction_amount",
                10, "token", control.cardToken(publicKey, "CONT"), "payment_method_id", "master")).get("id")
                .asLong();
        control.resolvePayment(contingentId, "approved");
        control.balance(seller, java.math.BigDecimal.ZERO);

        assertThat(authorized.get("status").asText()).isEqualTo("authorized");
        assertThat(captured.get("status").asText()).isEqualTo("approved");
        assertThat(control.refunds(token, authorizedId)).singleElement()
                .satisfies(refund -> assertThat(refund.get("amount").decimalValue()).isEqualByComparingTo("20"));
        assertThat(control.payment(token, authorizedId).get("status_detail").asText()).isEqualTo("partially_refunded");
        assertThat(control.paymentsByExternalReference(token, "ref-1")).extracting(p -> p.get("id").asLong())
                .containsExactly(authorizedId);
        assertThat(control.payment(token, contingentId).get("status").asText()).isEqualTo("approved");
        assertThatThrownBy(() -> control.refund(token, contingentId, null)).hasMessageContaining("400");
    }

    @Test
    void aBuyerPaysAPreferenceOnItsCheckoutPageAndASavedCardGivesATokenToPayWith() throws Exception {
        long seller = control.newSeller();
        JsonNode grant = control.grant(seller);
        String token = grant.get("access_token").asText();
        String publicKey = grant.get("public_key").asText();
        JsonNode preference = asSeller(token, "/checkout/preferences", Map.of("external_reference", "order-7",
                "items", List.of(Map.of("title", "Camiseta", "quantity", 1, "unit_price", 30))));

        SandboxControl.CheckoutAnswer approved = control.payOnCheckoutPage(preference.get("id").asText(), "APRO",
                "buyer@example.com");
        SandboxControl.CheckoutAnswer refused = control.payOnCheckoutPage("no-such-preference", "APRO",
                "buyer@example.com");

        assertThat(approved.status()).isEqualTo(200);
        JsonNode payment = control.payment(token, approved.paymentId());
        assertThat(payment.get("status").asText()).isEqualTo("approved");
        assertThat(payment.get("external_reference").asText()).isEqualTo("order-7");
        assertThat(refused.status()).isEqualTo(404);
        assertThatThrownBy(refused::paymentId).isInstanceOf(IllegalStateException.class);

        String customerId = asSeller(token, "/v1/customers", Map.of("email", "saved@example.com")).get("id")
                .asText();
        String cardId = asSeller(token, "/v1/customers/" + customerId + "/cards",
                Map.of("token", control.cardToken(publicKey, "APRO"))).get("id").asText();
        String savedCardToken = control.savedCardToken(publicKey, cardId, "123");
        JsonNode paid = control.createPayment(token, "key-" + UUID.randomUUID(), Map.of("transaction_amount", 12,
                "token", savedCardToken, "payment_method_id", "master", "payer", Map.of("type", "customer", "id",
                        customerId)));
        assertThat(paid.get("status").asText()).isEqualTo("approved");
        assertThat(paid.get("card").get("id").asText()).isEqualTo(cardId);
    }

    /** A POST with a seller's token, as the seller's own integration makes it (201 expected). */
    private static JsonNode asSeller(String token, String path, Object body) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(sandbox.url() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("X-Idempotency-Key", UUID.randomUUID().toString())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }

    @Test
    void theConsentPageApprovalRedirectsWithACodeAndTheState() {
        long seller = control.newSeller();
        SandboxApplication application = control.marketplaceApplication();
        URI consent = URI.create(sandbox.url() + "/authorization?client_id=" + application.clientId()
                + "&response_type=code&platform_id=mp&state=s-1&redirect_uri=" + application.redirectUri()
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");

        URI redirect = control.approve(seller, consent);

        assertThat(redirect.toString()).startsWith(application.redirectUri());
        assertThat(SandboxControl.query(redirect)).containsEntry("state", "s-1").containsKey("code");
    }

    @Test
    void anAddedRedirectUriIsKeptBesideTheOthers() {
        String added = "http://127.0.0.1:1/other-" + UUID.randomUUID() + "/oauth/callback";

        control.addRedirectUri(added);

        assertThat(control.marketplaceApplication().redirectUris()).hasSizeGreaterThan(1).contains(added);
        assertThat(control.marketplaceApplication().redirectUri()).endsWith("/oauth/callback");
    }

    @Test
    void theClockMovesForwardOnly() {
        Instant before = control.now();

        control.advanceClock(Duration.ofHours(1));

        assertThat(Duration.between(before, control.now())).isGreaterThanOrEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> control.advanceClock(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLinkedSellersPointDeviceIsDrivenBySimulatorAndItsIntegratorIsItsOwn() {
        long seller = control.newSeller();
        String token = control.linkSeller(seller);
        String pdv = control.pointDevice(seller, "PDV");
        String added = control.addPointDevice(seller).get("id").asText();

        JsonNode integrator = control.pointIntegrator(token);
        control.registerPointWebhook(token, "http://127.0.0.1:1/webhooks/point/" + seller);
        var check = control.checkPointWebhook(token);

        assertThat(control.pointDevices(seller)).extracting(d -> d.get("id").asText()).contains(pdv, added);
        assertThat(integrator.get("token").asText()).isNotBlank();
        assertThat(check.statusCode()).as("nobody answers at port 1").isEqualTo(400);
        assertThat(control.pointIntegrators()).anySatisfy(i -> {
            assertThat(i.get("user_id").asLong()).isEqualTo(seller);
            assertThat(i.get("token").asText()).isEqualTo(integrator.get("token").asText());
            assertThat(i.at("/last_check/failure").asText()).isNotBlank();
        });
        assertThatThrownBy(() -> control.actOnDevice(pdv, SandboxControl.DeviceAction.PICK_UP))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("409");
        control.notifyPointIntermediateStates(false);
        assertThat(control.pointDevice(pdv).get("queued").isNull()).isTrue();
    }

    @Test
    void aFaultRuleFailsTheApiUntilCleared() {
        String token = control.user("SELLER_TWO").accessToken();
        control.fault(Map.of("id", "control-test", "kind", "error", "path", "/v1/card_tokens", "status", 503));

        assertThatThrownBy(() -> control.createPayment(token)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("503");

        control.clearFaults();
        assertThat(control.createPayment(token).get("id").isNumber()).isTrue();
    }
}
