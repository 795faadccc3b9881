package dev.mpmarketplace.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.mpmarketplace.payment.support.PaymentRequestsForTests;
import dev.mpmarketplace.payment.support.PaymentServiceTest;
import dev.mpmarketplace.payment.support.Sellers;
import dev.mpmarketplace.sandbox.vault.VaultDevServer;
import dev.mpmarketplace.support.problem.Problem;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.InjectVaultDevServer;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Vault stopped under the running service while a create needs a seller's token none has cached: 503
 * {@code seller-tokens-unavailable} with {@code Retry-After}, answered by libs/seller-tokens' shared mapper (this
 * service has none of its own), nothing called at Mercado Pago; once Vault is back the same create with the same key
 * is carried out once. The same resources as every payment-service test, so the application is not started again.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class VaultOutageTest extends PaymentServiceTest {

    @InjectVaultDevServer
    VaultDevServer vault;

    @Test
    void whileVaultIsDownACreateIsAnswered503SellerTokensUnavailableAndTheSameCreateSucceedsOnceItIsBack() {
        Sellers.LinkedSeller seller = linkedSeller();
        Map<String, Object> request = PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "14.00", null);

        vault.stop();
        Response refused;
        try {
            refused = create("vault-outage", request);
        } finally {
            vault.restart();
        }

        refused.then().statusCode(503).contentType(Problem.MEDIA_TYPE).header("Retry-After", "5")
                .body("type", equalTo(Problem.TYPE_BASE + "seller-tokens-unavailable"));
        assertThat(refused.<Number>path("seller_id").longValue()).isEqualTo(seller.id());
        assertThat(refused.body().asString()).doesNotContain(Integer.toString(vault.port()), vault.rootToken(),
                "Exception", seller.accessToken());
        Response created = create("vault-outage", request);
        created.then().statusCode(201).body("status", equalTo("approved"));
        List<JsonNode> atMercadoPago = control().paymentsByExternalReference(seller.accessToken(),
                created.jsonPath().getString("id"));
        assertThat(atMercadoPago).as("the refused create made no payment; the repeated one made one").hasSize(1);
    }
}
