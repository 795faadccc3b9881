package dev.mpmarketplace.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.payment.PaymentCommandTypes;
import dev.mpmarketplace.events.payment.PaymentEventTypes;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.events.seller.SellerLinked;
import dev.mpmarketplace.events.seller.SellerUnlinked;
import dev.mpmarketplace.payment.support.Kafka;
import dev.mpmarketplace.payment.support.PaymentRequestsForTests;
import dev.mpmarketplace.payment.support.PaymentServiceTest;
import dev.mpmarketplace.payment.support.Sellers;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * What notifications miss, the sweep finds by asking: changes whose notification never came, payments made elsewhere,
 * open payments. And a seller seller-linking-service says is unlinked is never called for again (requests and
 * commands fail with {@code seller-not-linked}, the sweep leaves it alone) while its payments stay readable.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class ReconciliationTest extends PaymentServiceTest {

    @Inject
    MeterRegistry registry;

    io.restassured.response.Response create(Sellers.LinkedSeller seller, String key, String cardholder) {
        return create(key, PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), cardholder), "48.00", null));
    }

    double repairs() {
        return registry.get("payment_sweep_repairs_total").counter().count();
    }

    @Test
    void changesWhoseNotificationsNeverCameAreRepairedByTheSweep() {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode contingency = create(seller, "sweep-1", "CONT").then().statusCode(201).extract().as(JsonNode.class);
        JsonNode approved = create(seller, "sweep-2", "APRO").then().statusCode(201).extract().as(JsonNode.class);
        long contingent = contingency.get("mercadopago_payment_id").asLong();
        control().resolvePayment(contingent, "approved");
        control().refund(seller.accessToken(), approved.get("mercadopago_payment_id").asLong(), null);
        double before = repairs();

        int changes = sweepNow();

        assertThat(changes).isGreaterThanOrEqualTo(2);
        JsonNode repaired = read(contingency.get("id").asText());
        assertThat(repaired.get("status").asText()).isEqualTo("approved");
        JsonNode last = repaired.get("timeline").get(repaired.get("timeline").size() - 1);
        assertThat(last.get("source").asText()).isEqualTo("sweep");
        assertThat(read(approved.get("id").asText()).get("status").asText()).isEqualTo("refunded");
        assertThat(repairs()).isGreaterThanOrEqualTo(before + 2);
        assertThat(kafka().read(Topic.PAYMENT_EVENTS, e -> PaymentEventTypes.STATUS_CHANGED.equals(e.type())
                && contingency.get("id").asText().equals(e.data().path("payment_id").asText())
                && "sweep".equals(e.data().path("source").asText()), 1, Duration.ofSeconds(10))).hasSize(1);

        assertThat(sweepNow()).as("a second sweep finds nothing more").isZero();
    }

    @Test
    void aPaymentMadeElsewhereForALinkedSellerIsFoundByTheSweep() {
        Sellers.LinkedSeller seller = linkedSeller();
        kafka().publishSellerEvent(SellerEventTypes.LINKED, seller.id(), new SellerLinked(seller.id(), "shop-7",
                true, "offline_access read write", OffsetDateTime.now(), OffsetDateTime.now().plusDays(180)));
        await().atMost(WAIT).until(() -> linkStatus(seller.id()) != null);
        long direct = control().createPayment(seller.accessToken(), "elsewhere-1", Map.of(
                "transaction_amount", 19.9, "token", control().cardToken(seller.publicKey(), "APRO"),
                "payment_method_id", "master", "external_reference", "checkout-9")).get("id").asLong();

        sweepNow();

        JsonNode found = given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ))
                .queryParam("seller", seller.id()).get("/payments").then().extract().as(JsonNode.class)
                .get("payments").get(0);
        assertThat(found.get("mercadopago_payment_id").asLong()).isEqualTo(direct);
        assertThat(found.get("origin").asText()).isEqualTo("external");
        assertThat(found.get("timeline").get(0).get("source").asText()).isEqualTo("sweep");
    }

    @Test
    void anUnlinkedSellerIsNeverCalledForAgainAndItsPaymentsStayReadableUntilItLinksAgain() {
        Sellers.LinkedSeller seller = linkedSeller();
        String paid = create(seller, "before-unlink", "APRO").then().statusCode(201).extract().path("id");
        kafka().publishSellerEvent(SellerEventTypes.UNLINKED, seller.id(), new SellerUnlinked(seller.id(), "shop-8",
                "seller_revoked", OffsetDateTime.now()));
        await().atMost(WAIT).until(() -> "UNLINKED".equals(linkStatus(seller.id())));
        OffsetDateTime sweptBefore = lastSwept(seller.id());

        // Vault still holds the token here (the test wrote it); the service must not use it.
        create(seller, "after-unlink", "APRO").then().statusCode(409)
                .body("type", org.hamcrest.Matchers.equalTo("https://mpmarketplace.dev/problems/seller-not-linked"));
        String command = kafka().publishCommand(PaymentCommandTypes.REFUND, Long.toString(seller.id()),
                Map.of("idempotency_key", "refund-after-unlink", "payment_id", paid));
        List<Kafka.Event> failed = kafka().read(Topic.PAYMENT_EVENTS, e -> PaymentEventTypes.COMMAND_FAILED.equals(
                e.type()) && command.equals(e.data().path("command_id").asText()), 1, WAIT);
        assertThat(failed).singleElement()
                .satisfies(e -> assertThat(e.data().get("reason").asText()).isEqualTo("seller-not-linked"));
        assertThat(read(paid).get("status").asText()).as("reads keep working").isEqualTo("approved");
        sweepNow();
        assertThat(lastSwept(seller.id())).as("the sweep left the seller alone").isEqualTo(sweptBefore);
        assertThat(control().paymentsByExternalReference(seller.accessToken(), "after-unlink")).isEmpty();

        kafka().publishSellerEvent(SellerEventTypes.RELINKED, seller.id(), new SellerLinked(seller.id(), "shop-8",
                true, "offline_access read write", OffsetDateTime.now(), OffsetDateTime.now().plusDays(180)));
        await().atMost(WAIT).until(() -> "LINKED".equals(linkStatus(seller.id())));
        create(seller, "after-relink", "APRO").then().statusCode(201);
    }

    private String linkStatus(long sellerId) {
        var rows = pool.preparedQuery("SELECT link_status FROM seller WHERE seller_id = $1")
                .execute(Tuple.of(sellerId)).await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private OffsetDateTime lastSwept(long sellerId) {
        var rows = pool.preparedQuery("SELECT last_swept_at FROM seller WHERE seller_id = $1")
                .execute(Tuple.of(sellerId)).await().atMost(WAIT);
        return rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0);
    }
}
