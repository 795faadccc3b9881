package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertError;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertPaymentShape;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** {@code GET /v1/payments/{id}} and {@code GET /v1/payments/search} (reference section 2.1). */
class ReadPaymentsTest {

    private PaymentsFixture fixture;
    private SandboxHttp http;

    @BeforeEach
    void start() {
        fixture = new PaymentsFixture();
        http = fixture.http;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void getReturnsThePaymentAsCreated() {
        JsonNode created = fixture.paid(fixture.sellerOne, "APRO", "25.50");

        Response response = http.get("/v1/payments/" + created.get("id").asLong(), fixture.sellerOne);

        assertThat(response.status()).isEqualTo(200);
        assertPaymentShape(response.json());
        assertThat(response.json()).isEqualTo(created);
        assertThat(response.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void anUnknownOrAnotherSellersPaymentIs404WithCode2000() {
        long id = fixture.paid(fixture.sellerOne, "APRO", "10").get("id").asLong();

        assertError(http.get("/v1/payments/" + id, fixture.sellerTwo), 404, 2000);
        assertError(http.get("/v1/payments/999999999", fixture.sellerOne), 404, 2000);
        assertError(http.get("/v1/payments/not-a-number", fixture.sellerOne), 404, 2000);
        assertError(http.get("/v1/payments/" + id, null), 401, 5);
    }

    @Test
    void searchFiltersByExternalReferenceAndStatusAndAnswersPagingAndResults() {
        fixture.pay(fixture.sellerOne, payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10")
                .put("external_reference", "order-7"));
        fixture.pay(fixture.sellerOne, payment(fixture.cardToken(fixture.sellerOne, "OTHE"), "10")
                .put("external_reference", "order-7"));
        fixture.pay(fixture.sellerOne, payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10")
                .put("external_reference", "order-8"));

        JsonNode byReference = http.get("/v1/payments/search?external_reference=order-7", fixture.sellerOne).json();
        JsonNode approved = http.get("/v1/payments/search?external_reference=order-7&status=approved",
                fixture.sellerOne).json();

        assertThat(byReference.get("paging").get("total").asInt()).isEqualTo(2);
        assertThat(byReference.get("paging").get("limit").asInt()).isEqualTo(30);
        assertThat(byReference.get("paging").get("offset").asInt()).isZero();
        assertThat(byReference.get("results").size()).isEqualTo(2);
        byReference.get("results").forEach(PaymentsFixture::assertPaymentShape);
        assertThat(approved.get("paging").get("total").asInt()).isEqualTo(1);
        assertThat(approved.get("results").get(0).get("status").asText()).isEqualTo("approved");
    }

    @Test
    void searchSortsInTheCriteriaOrderAndPagesWithLimitAndOffset() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(fixture.paid(fixture.sellerOne, "APRO", "1" + i).get("id").asLong());
        }

        JsonNode ascending = http.get("/v1/payments/search?sort=id&criteria=asc&limit=2&offset=1", fixture.sellerOne)
                .json();
        JsonNode descending = http.get("/v1/payments/search?sort=transaction_amount&criteria=desc", fixture.sellerOne)
                .json();

        assertThat(ascending.get("paging").get("total").asInt()).isEqualTo(5);
        assertThat(ascending.get("paging").get("limit").asInt()).isEqualTo(2);
        assertThat(ascending.get("paging").get("offset").asInt()).isEqualTo(1);
        assertThat(ascending.get("results").size()).isEqualTo(2);
        assertThat(ascending.get("results").get(0).get("id").asLong()).isEqualTo(ids.get(1));
        assertThat(ascending.get("results").get(1).get("id").asLong()).isEqualTo(ids.get(2));
        assertThat(descending.get("results").get(0).get("id").asLong()).isEqualTo(ids.get(4));
        assertThat(http.get("/v1/payments/search?offset=10", fixture.sellerOne).json().get("results").size())
                .isZero();
    }

    @Test
    void searchByDateRangeTakesIsoAndRelativeDates() {
        long old = fixture.paid(fixture.sellerOne, "APRO", "10").get("id").asLong();
        fixture.advanceClock(Duration.ofDays(40));
        JsonNode recentPayment = fixture.paid(fixture.sellerOne, "APRO", "10");

        JsonNode lastMonth = http.get("/v1/payments/search?range=date_created&begin_date=NOW-30DAYS&end_date=NOW",
                fixture.sellerOne).json();
        String createdAt = recentPayment.get("date_created").asText();
        JsonNode fromIso = http.get("/v1/payments/search?range=date_created&begin_date="
                + createdAt.replace("+", "%2B") + "&end_date=NOW%2B1DAYS", fixture.sellerOne).json();
        JsonNode before = http.get("/v1/payments/search?range=date_created&end_date=NOW-10DAYS", fixture.sellerOne)
                .json();

        assertThat(lastMonth.get("paging").get("total").asInt()).isEqualTo(1);
        assertThat(lastMonth.get("results").get(0).get("id").asLong()).isEqualTo(recentPayment.get("id").asLong());
        assertThat(fromIso.get("paging").get("total").asInt()).isEqualTo(1);
        assertThat(before.get("paging").get("total").asInt()).isEqualTo(1);
        assertThat(before.get("results").get(0).get("id").asLong()).isEqualTo(old);
    }

    @Test
    void searchOnlyFindsThePrincipalsPayments() {
        fixture.paid(fixture.sellerOne, "APRO", "10");
        fixture.paid(fixture.sellerTwo, "APRO", "10");

        JsonNode results = http.get("/v1/payments/search", fixture.sellerTwo).json();

        assertThat(results.get("paging").get("total").asInt()).isEqualTo(1);
        assertThat(results.get("results").get(0).get("collector_id").asLong())
                .isNotEqualTo(fixture.sellerOneId);
    }

    @Test
    void searchRejectsBadParametersWithTheEnvelope() {
        assertError(http.get("/v1/payments/search?limit=1001", fixture.sellerOne), 400, 1000);
        assertError(http.get("/v1/payments/search?limit=-1", fixture.sellerOne), 400, 1);
        assertError(http.get("/v1/payments/search?criteria=up", fixture.sellerOne), 400, 1);
        assertError(http.get("/v1/payments/search?sort=color", fixture.sellerOne), 400, 1);
        assertError(http.get("/v1/payments/search?range=status", fixture.sellerOne), 400, 1);
        assertError(http.get("/v1/payments/search?begin_date=yesterday", fixture.sellerOne), 400, 1001);
        assertThat(http.get("/v1/payments/search?limit=1000", fixture.sellerOne).status()).isEqualTo(200);
    }
}
