package dev.mpmarketplace.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.payment.PaymentEventTypes;
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
 * Capture (full and partial) of an authorized payment, cancellation only from pending, in-process or authorized,
 * refunds full, partial and several partials up to the amount: each with its own idempotency key, Mercado Pago's
 * refusals as problems with its cause codes, and an unknown outcome resolved without a second refund.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class PaymentOperationsTest extends PaymentServiceTest {

    /** A payment of the seller's, created through the service; {@code capture=false} only authorizes. */
    JsonNode payment(Sellers.LinkedSeller seller, String cardholder, String amount, boolean capture) {
        Map<String, Object> request = new HashMap<>(PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), cardholder), amount, null));
        request.put("capture", capture);
        return given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE))
                .header("Idempotency-Key", "create-" + System.nanoTime()).contentType(ContentType.JSON).body(request)
                .post("/payments").then().statusCode(201).extract().as(JsonNode.class);
    }

    Response operation(String paymentId, String what, String key, String body) {
        var request = given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE))
                .header("Idempotency-Key", key);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.post("/payments/{id}/" + what, paymentId);
    }

    @Test
    void anAuthorizedPaymentIsCapturedWholeOnceWhateverTheRepeats() {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode authorized = payment(seller, "APRO", "80.00", false);
        assertThat(authorized.get("status").asText()).isEqualTo("authorized");
        String id = authorized.get("id").asText();

        Response captured = operation(id, "capture", "capture-1", "{}");
        Response again = operation(id, "capture", "capture-1", "{}");

        captured.then().statusCode(200).body("operation.state", equalTo("done"))
                .body("payment.status", equalTo("approved")).body("payment.captured", equalTo(true));
        again.then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("operation.id", equalTo(captured.jsonPath().getString("operation.id")));
        operation(id, "capture", "capture-2", "{}").then().statusCode(409)
                .body("type", equalTo("https://mpmarketplace.dev/problems/payment-not-capturable"));
    }

    @Test
    void aPartialCaptureTakesPartOfTheAuthorizedAmount() {
        Sellers.LinkedSeller seller = linkedSeller();
        String id = payment(seller, "APRO", "100.00", false).get("id").asText();

        operation(id, "capture", "too-much", "{\"amount\": 100.01}").then().statusCode(409)
                .body("type", equalTo("https://mpmarketplace.dev/problems/amount-exceeds-payment"));
        operation(id, "capture", "part", "{\"amount\": 60.00}").then().statusCode(200)
                .body("payment.status", equalTo("approved"));

        JsonNode captured = read(id);
        assertThat(captured.get("transaction_amount").decimalValue()).isEqualByComparingTo("60.00");
        long mercadoPagoId = captured.get("mercadopago_payment_id").asLong();
        assertThat(control().payment(seller.accessToken(), mercadoPagoId).get("transaction_amount").decimalValue())
                .isEqualByComparingTo("60.00");
    }

    @Test
    void onlyPendingInProcessOrAuthorizedPaymentsAreCancelled() {
        Sellers.LinkedSeller seller = linkedSeller();
        String authorized = payment(seller, "APRO", "10.00", false).get("id").asText();
        String inProcess = payment(seller, "CONT", "11.00", true).get("id").asText();
        String approved = payment(seller, "APRO", "12.00", true).get("id").asText();

        operation(authorized, "cancel", "cancel-a", null).then().statusCode(200)
                .body("payment.status", equalTo("cancelled")).body("payment.status_detail", equalTo("by_collector"));
        operation(inProcess, "cancel", "cancel-b", null).then().statusCode(200)
                .body("payment.status", equalTo("cancelled"));
        operation(approved, "cancel", "cancel-c", null).then().statusCode(409)
                .body("type", equalTo("https://mpmarketplace.dev/problems/payment-not-cancellable"))
                .body("status", equalTo("approved"));
        assertThat(read(approved).get("status").asText()).isEqualTo("approved");
        assertThat(read(authorized).get("timeline").findValuesAsText("status")).endsWith("authorized", "cancelled");
    }

    @Test
    void severalPartialRefundsAndTheRestRefundThePaymentUpToItsAmountEachOnce() {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode approved = payment(seller, "APRO", "100.00", true);
        String id = approved.get("id").asText();
        long mercadoPagoId = approved.get("mercadopago_payment_id").asLong();

        operation(id, "refunds", "refund-1", "{\"amount\": 30.00}").then().statusCode(201)
                .body("operation.state", equalTo("done"))
                .body("payment.status", equalTo("approved"))
                .body("payment.status_detail", equalTo("partially_refunded"));
        operation(id, "refunds", "refund-1", "{\"amount\": 30.00}").then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        operation(id, "refunds", "refund-1", "{\"amount\": 31.00}").then().statusCode(409)
                .body("type", equalTo("https://mpmarketplace.dev/problems/idempotency-key-reused"));
        operation(id, "refunds", "refund-2", "{\"amount\": 20.50}").then().statusCode(201);
        operation(id, "refunds", "refund-3", "{\"amount\": 50.00}").then().statusCode(409)
                .body("type", equalTo("https://mpmarketplace.dev/problems/amount-exceeds-payment"));
        operation(id, "refunds", "refund-4", "{}").then().statusCode(201).body("payment.status", equalTo("refunded"));

        assertThat(control().refunds(seller.accessToken(), mercadoPagoId)).extracting(r -> r.get("amount").asText())
                .containsExactly("30", "20.5", "49.5");
        JsonNode refunded = read(id);
        assertThat(refunded.get("transaction_amount_refunded").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(refunded.get("refunds")).hasSize(3);
        assertThat(refunded.get("operations").findValuesAsText("idempotency_key")).containsExactly("refund-1",
                "refund-2", "refund-4");
        operation(id, "refunds", "refund-5", "{}").then().statusCode(409)
                .body("type", equalTo("https://mpmarketplace.dev/problems/payment-not-refundable"));

        List<Kafka.Event> refundEvents = new Kafka(broker).read(Topic.PAYMENT_EVENTS,
                e -> PaymentEventTypes.REFUNDED.equals(e.type()) && e.value().contains(id), 3, Duration.ofSeconds(15));
        assertThat(refundEvents).extracting(e -> e.data().get("refund_idempotency_key").asText())
                .containsExactlyInAnyOrder("refund-1", "refund-2", "refund-4");
    }

    @Test
    void aRefundMercadoPagoRefusesIsAProblemWithItsCause() {
        Sellers.LinkedSeller seller = linkedSeller();
        String id = payment(seller, "APRO", "40.00", true).get("id").asText();
        control().balance(seller.id(), java.math.BigDecimal.ZERO);

        operation(id, "refunds", "no-money", "{}").then().statusCode(422)
                .body("type", equalTo("https://mpmarketplace.dev/problems/mercadopago-refused"))
                .body("causes.code", hasItem("2030"));
        operation(id, "refunds", "no-money", "{}").then().statusCode(422).body("causes.code", hasItem("2030"));
        assertThat(read(id).get("operations").get(0).get("state").asText()).isEqualTo("refused");
    }

    @Test
    void aRefundWhoseAnswerIsLateIsResolvedWithoutASecondRefund() {
        Sellers.LinkedSeller seller = linkedSeller();
        JsonNode approved = payment(seller, "APRO", "70.00", true);
        String id = approved.get("id").asText();
        control().fault(Map.of("id", "slow-refund", "kind", "latency", "path", "/v1/payments/*/refunds", "method",
                "POST", "latency_ms", 3000, "times", 1));

        operation(id, "refunds", "late", "{\"amount\": 10.00}").then().statusCode(202)
                .body("operation.state", equalTo("unknown"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(read(id).get("operations").get(0)
                .get("state").asText()).isEqualTo("done"));
        assertThat(control().refunds(seller.accessToken(), approved.get("mercadopago_payment_id").asLong()))
                .hasSize(1);
    }
}
