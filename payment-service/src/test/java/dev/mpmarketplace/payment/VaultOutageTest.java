package dev.mpmarketplace.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.payment.PaymentCommandTypes;
import dev.mpmarketplace.events.payment.PaymentEventTypes;
import dev.mpmarketplace.payment.service.PaymentCommands;
import dev.mpmarketplace.payment.support.Kafka;
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
 * is carried out once; a create command met by the outage waits in place (neither refused nor dead-lettered) and is
 * carried out once Vault is back. The same resources as every payment-service test, so the application is not started
 * again.
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

    @Test
    void aCreateCommandMetByTheOutageWaitsInPlaceAndIsCarriedOutOnceVaultIsBack() throws Exception {
        Sellers.LinkedSeller seller = linkedSeller();
        Map<String, Object> command = new HashMap<>(PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "15.00", null));
        command.put("idempotency_key", "vault-outage-command");

        String commandId;
        vault.stop();
        try {
            commandId = kafka().publishCommand(PaymentCommandTypes.CREATE, Long.toString(seller.id()), command);
            Thread.sleep(3_000); // the consumer meets the outage: its first attempts cannot read the token
            assertThat(outcome(PaymentCommands.CONSUMER, commandId)).as("not carried out, not refused").isNull();
        } finally {
            vault.restart();
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcome(PaymentCommands.CONSUMER, commandId))
                .isEqualTo("done"));
        List<Kafka.Event> changed = kafka().read(Topic.PAYMENT_EVENTS, e -> PaymentEventTypes.STATUS_CHANGED
                .equals(e.type()) && "vault-outage-command".equals(e.data().path("idempotency_key").asText()), 1,
                Duration.ofSeconds(10));
        assertThat(changed).singleElement().satisfies(e -> {
            assertThat(e.data().get("new_status").asText()).isEqualTo("approved");
            assertThat(control().paymentsByExternalReference(seller.accessToken(),
                    e.data().get("payment_id").asText())).as("one payment at Mercado Pago").hasSize(1);
        });
        assertThat(kafka().read(Topic.PAYMENT_EVENTS, e -> PaymentEventTypes.COMMAND_FAILED.equals(e.type())
                && commandId.equals(e.data().path("command_id").asText()), 0, Duration.ZERO)).as("never refused")
                .isEmpty();
        assertThat(kafka().read(Topic.PAYMENT_DEAD_LETTERS, e -> e.value() != null
                && e.value().contains("vault-outage-command"), 0, Duration.ZERO)).as("nothing dead-lettered")
                .isEmpty();
    }
}
