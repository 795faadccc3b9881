package dev.mpmarketplace.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayment;
import dev.mpmarketplace.payment.service.PaymentSync;
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
 * {@code POST /payments} against the sandbox: Mercado Pago's fields with the seller's token and the marketplace's fee,
 * exact amounts, the caller's idempotency key, and Mercado Pago's refusals as problems with its cause codes.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class PaymentCreationTest extends PaymentServiceTest {

    @Inject
    PaymentSync sync;

    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Test
    void anApprovedPaymentIsMadeWithTheSellersTokenOurIdAndTheMarketplacesFeeAndAnsweredWithBothIds() {
        Sellers.LinkedSeller seller = linkedSeller();
        String token = control().cardToken(seller.publicKey(), "APRO");

        Response created = create("order-42-attempt", PaymentRequestsForTests.payment(seller.id(), token, "100.10",
                "5.00"));

        created.then().statusCode(201).contentType(ContentType.JSON)
                .body("status", equalTo("approved"))
                .body("status_detail", equalTo("accredited"))
                .body("seller_id", equalTo((int) seller.id()))
                .body("currency_id", equalTo("BRL"))
                .body("mercadopago_payment_id", notNullValue());
        String id = created.jsonPath().getString("id");
        assertThat(created.header("Location")).endsWith("/payments/" + id);
        assertThat(created.body().asString()).as("the amounts exactly as requested")
                .contains("\"transaction_amount\":100.10", "\"application_fee\":5.00");
        List<JsonNode> atMercadoPago = control().paymentsByExternalReference(seller.accessToken(), id);
        assertThat(atMercadoPago).singleElement().satisfies(payment -> {
            assertThat(payment.get("id").asLong()).isEqualTo(created.jsonPath().getLong("mercadopago_payment_id"));
            assertThat(payment.get("collector_id").asLong()).isEqualTo(seller.id());
            assertThat(payment.get("metadata").get("order_id").asText()).isEqualTo("42");
            assertThat(payment.get("fee_details").findValuesAsText("type")).contains("application_fee");
        });
    }

    @Test
    void theSameKeyAndRequestAnswerTheFirstPaymentAndChargeOnce() {
        Sellers.LinkedSeller seller = linkedSeller();
        Map<String, Object> request = PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "40.00", null);

        Response first = create("repeat-me", request);
        Response again = create("repeat-me", request);

        first.then().statusCode(201);
        again.then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(first.jsonPath().getString("id")))
                .body("mercadopago_payment_id", equalTo(first.jsonPath().getInt("mercadopago_payment_id")));
        assertThat(control().paymentsByExternalReference(seller.accessToken(), first.jsonPath().getString("id")))
                .hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIsAConflictAndNoKeyIsABadRequest() {
        Sellers.LinkedSeller seller = linkedSeller();
        String token = control().cardToken(seller.publicKey(), "APRO");
        create("one-key", PaymentRequestsForTests.payment(seller.id(), token, "10.00", null)).then().statusCode(201);

        create("one-key", PaymentRequestsForTests.payment(seller.id(), token, "11.00", null)).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/idempotency-key-reused"));
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE)).contentType(ContentType.JSON)
                .body(PaymentRequestsForTests.payment(seller.id(), token, "10.00", null)).post("/payments").then()
                .statusCode(400).body("type", equalTo("https://mpmarketplace.dev/problems/idempotency-key-missing"));
    }

    @Test
    void theSameAmountWrittenWithAnotherScaleIsTheSameRequest() {
        Sellers.LinkedSeller seller = linkedSeller();
        String token = control().cardToken(seller.publicKey(), "APRO");
        Response first = create("scale", PaymentRequestsForTests.payment(seller.id(), token, "10.5", null));

        create("scale", PaymentRequestsForTests.payment(seller.id(), token, "10.50", null)).then().statusCode(201)
                .body("id", equalTo(first.jsonPath().getString("id")));
    }

    @Test
    void aRejectedPaymentIsStillCreatedAndSaysWhy() {
        Sellers.LinkedSeller seller = linkedSeller();

        create(UUID.randomUUID().toString(), PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "OTHE"), "30.00", null))
                .then().statusCode(201).body("status", equalTo("rejected"))
                .body("status_detail", equalTo("cc_rejected_other_reason"));
    }

    @Test
    void aFeeAboveTheAmountIsRefusedWithMercadoPagosCauseAndTheRefusalIsTheFirstResult() {
        Sellers.LinkedSeller seller = linkedSeller();
        Map<String, Object> request = PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "10.00", "10.01");

        Response refused = create("too-much-fee", request);

        refused.then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/mercadopago-refused"))
                .body("mercadopago_status", equalTo(400))
                .body("causes.code", hasItem("4038"));
        String paymentId = refused.jsonPath().getString("payment_id");
        create("too-much-fee", request).then().statusCode(422).body("causes.code", hasItem("4038"))
                .body("payment_id", equalTo(paymentId));
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).get("/payments/{id}", paymentId).then()
                .statusCode(200).body("status", equalTo("refused"))
                .body("refusal.causes.code", hasItem("4038"))
                .body("timeline.status", org.hamcrest.Matchers.contains("submitting", "refused"));
        assertThat(control().paymentsByExternalReference(seller.accessToken(), paymentId)).isEmpty();
    }

    @Test
    void aNegativeFeeIsRefusedWith4039() {
        Sellers.LinkedSeller seller = linkedSeller();

        create("negative-fee", PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "10.00", "-1.00"))
                .then().statusCode(422).body("causes.code", hasItem("4039"));
    }

    @Test
    void aSellerWhoNeverLinkedIsRefusedAndNothingIsStored() {
        long stranger = control().newSeller();

        create("stranger", PaymentRequestsForTests.payment(stranger, "whatever", "10.00", null)).then()
                .statusCode(409).body("type", equalTo("https://mpmarketplace.dev/problems/seller-not-linked"));
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).queryParam("seller", stranger)
                .get("/payments").then().statusCode(200).body("payments", org.hamcrest.Matchers.empty());
    }

    @Test
    void fieldsThePlatformSetsAreNotAccepted() {
        Map<String, Object> request = new java.util.HashMap<>(PaymentRequestsForTests.payment(1L, "t", "1.00", null));
        request.put("external_reference", "mine");

        create("ext-ref", request).then().statusCode(400)
                .body("type", equalTo("https://mpmarketplace.dev/problems/invalid-request"));
    }

    @Test
    void aFirstAnswerThatComesAfterAnotherWasAppliedGoesThroughTheGeneralRuleAndChangesNothingBack()
            throws Throwable {
        Sellers.LinkedSeller seller = linkedSeller();
        Response created = create("first-answer-" + seller.id(), PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "CONT"), "20.00", null));
        String id = created.jsonPath().getString("id");
        long mercadoPagoId = created.jsonPath().getLong("mercadopago_payment_id");
        String inProcess = control().payment(seller.accessToken(), mercadoPagoId).toString();
        control().resolvePayment(mercadoPagoId, "approved");
        kafka().publishNotification(Kafka.notification(seller.id(), mercadoPagoId, "payment.updated"));
        org.awaitility.Awaitility.await().atMost(WAIT)
                .untilAsserted(() -> assertThat(read(id).get("status").asText()).isEqualTo("approved"));
        // The claim as the create path holds it, and the create's (late, stale) answer.
        Payment claimed = Payment.submitted(UUID.fromString(id), seller.id(), "first-answer-" + seller.id(), "f",
                "{}", new java.math.BigDecimal("20.00"), "BRL", null, null, java.time.OffsetDateTime.now());

        Payment applied = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> sync.applyFirstAnswer(claimed,
                MercadoPagoPayment.parse("test", inProcess)));

        assertThat(applied.status).isEqualTo("approved");
        assertThat(read(id).get("timeline").findValuesAsText("status")).containsExactly("submitting", "in_process",
                "approved");
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointWithItsBearerScheme() {
        given().get("/q/openapi").then().statusCode(404); // the management interface only
        String document = given().port(managementPort).get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString();

        assertThat(document).contains("\"/payments\"", "\"/payments/{id}\"", "\"/payments/{id}/capture\"",
                "\"/payments/{id}/cancel\"", "\"/payments/{id}/refunds\"", "\"/payments/{id}/mercadopago\"",
                "Idempotency-Key", "mercadopago-refused", "\"bearerFormat\"", "\"/preferences\"",
                "\"/preferences/{id}\"", "\"/sellers/{seller_id}/customers\"",
                "\"/sellers/{seller_id}/customers/{customer_id}\"",
                "\"/sellers/{seller_id}/customers/{customer_id}/cards\"",
                "\"/sellers/{seller_id}/customers/{customer_id}/cards/{card_id}\"", "invalid_marketplace_fee",
                "mercadopago-outcome-unknown");
    }

    @Test
    void creatingNeedsTheWriteRoleAndReadingTheReadRole() {
        Sellers.LinkedSeller seller = linkedSeller();
        Map<String, Object> request = PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "10.00", null);

        given().header("Idempotency-Key", "no-token").contentType(ContentType.JSON).body(request).post("/payments")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).header("Idempotency-Key", "read-only")
                .contentType(ContentType.JSON).body(request).post("/payments").then().statusCode(403);
        given().header("Authorization", tokens.expired(Roles.PAYMENTS_WRITE)).header("Idempotency-Key", "expired")
                .contentType(ContentType.JSON).body(request).post("/payments").then().statusCode(401);
        given().header("Authorization", tokens.signedByAnotherKey(Roles.PAYMENTS_WRITE))
                .header("Idempotency-Key", "forged").contentType(ContentType.JSON).body(request).post("/payments")
                .then().statusCode(401);
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE)).get("/payments").then()
                .statusCode(403);
        given().get("/payments/{id}", UUID.randomUUID()).then().statusCode(401);
    }

    @Test
    void concurrentRequestsEachMakeTheirOwnPaymentAndConcurrentRepeatsOfOneKeyMakeOne() throws Exception {
        Sellers.LinkedSeller seller = linkedSeller();
        List<Map<String, Object>> distinct = new java.util.ArrayList<>();
        for (int i = 0; i < 24; i++) {
            distinct.add(PaymentRequestsForTests.payment(seller.id(), control().cardToken(seller.publicKey(), "APRO"),
                    "12.00", "0.50"));
        }
        Map<String, Object> repeated = PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "13.00", null);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Response>> distinctCalls = new java.util.ArrayList<>();
            for (int i = 0; i < distinct.size(); i++) {
                Map<String, Object> request = distinct.get(i);
                String key = "concurrent-" + seller.id() + "-" + i;
                distinctCalls.add(pool.submit(() -> create(key, request)));
            }
            List<java.util.concurrent.Future<Response>> repeats = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                repeats.add(pool.submit(() -> create("one-key-" + seller.id(), repeated)));
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var call : distinctCalls) {
                Response response = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(201);
                ids.add(response.jsonPath().getString("id"));
            }
            assertThat(ids).hasSize(24);
            java.util.Set<String> repeatedIds = new java.util.HashSet<>();
            for (var call : repeats) {
                Response response = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body().asString()).isIn(201, 409);
                if (response.statusCode() == 201) {
                    repeatedIds.add(response.jsonPath().getString("id"));
                } else {
                    assertThat(response.jsonPath().getString("type")).endsWith("/request-in-progress");
                }
            }
            assertThat(repeatedIds).hasSize(1);
            assertThat(control().paymentsByExternalReference(seller.accessToken(), repeatedIds.iterator().next()))
                    .hasSize(1);
            for (String id : ids) {
                assertThat(control().paymentsByExternalReference(seller.accessToken(), id)).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
