package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertError;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertPaymentShape;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertRefundShape;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** Refunds: {@code POST|GET /v1/payments/{id}/refunds}, {@code GET .../refunds/{refund_id}} (reference 2.1, 2.4). */
class RefundsTest {

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
    void aRefundNeedsAnIdempotencyKey() {
        long id = approved("100");

        assertError(http.post("/v1/payments/" + id + "/refunds", fixture.sellerOne, null), 400, 1);
        assertThat(read(id).get("status").asText()).isEqualTo("approved");
    }

    @Test
    void anEmptyBodyOrAnEmptyObjectRefundsEverything() {
        long withoutBody = approved("100");
        long withEmptyObject = approved("40");

        Response first = fixture.refund(fixture.sellerOne, withoutBody, null);
        Response second = fixture.refund(fixture.sellerOne, withEmptyObject, SandboxHttp.object());

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertRefundShape(first.json());
        assertThat(first.json().get("payment_id").asLong()).isEqualTo(withoutBody);
        assertThat(first.json().get("amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(first.json().get("status").asText()).isEqualTo("approved");
        assertThat(first.json().get("refund_mode").asText()).isEqualTo("standard");
        assertThat(first.json().get("source").get("type").asText()).isEqualTo("collector");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("amount").decimalValue()).isEqualByComparingTo("40");
        JsonNode refunded = read(withoutBody);
        assertPaymentShape(refunded);
        assertThat(refunded.get("status").asText()).isEqualTo("refunded");
        assertThat(refunded.get("status_detail").asText()).isEqualTo("refunded");
        assertThat(refunded.get("transaction_amount_refunded").decimalValue()).isEqualByComparingTo("100");
        assertThat(refunded.get("refunds").size()).isEqualTo(1);
        assertThat(refunded.get("refunds").get(0).get("id").asLong()).isEqualTo(first.json().get("id").asLong());
    }

    @Test
    void partialRefundsLeaveThePaymentPartiallyRefundedUntilTheAmountIsExhausted() {
        long id = approved("100");

        assertThat(fixture.refund(fixture.sellerOne, id, Map.of("amount", 30)).status()).isEqualTo(201);
        JsonNode partially = read(id);
        assertThat(partially.get("status").asText()).isEqualTo("approved");
        assertThat(partially.get("status_detail").asText()).isEqualTo("partially_refunded");
        assertThat(partially.get("transaction_amount_refunded").decimalValue()).isEqualByComparingTo("30");

        assertError(fixture.refund(fixture.sellerOne, id, Map.of("amount", 70.01)), 400, 4037);
        assertThat(fixture.refund(fixture.sellerOne, id, Map.of("amount", 70)).status()).isEqualTo(201);

        JsonNode refunded = read(id);
        assertThat(refunded.get("status").asText()).isEqualTo("refunded");
        assertThat(refunded.get("transaction_amount_refunded").decimalValue()).isEqualByComparingTo("100");
        assertThat(refunded.get("refunds").size()).isEqualTo(2);
        assertError(fixture.refund(fixture.sellerOne, id, null), 400, 2018);
    }

    @Test
    void theSameKeyReturnsTheSameRefund() {
        long id = approved("100");
        String key = UUID.randomUUID().toString();

        Response first = fixture.refund(fixture.sellerOne, id, Map.of("amount", 10), key);
        Response again = fixture.refund(fixture.sellerOne, id, Map.of("amount", 10), key);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(read(id).get("transaction_amount_refunded").decimalValue()).isEqualByComparingTo("10");
    }

    @Test
    void onlyApprovedPaymentsCanBeRefunded() {
        long rejected = fixture.paid(fixture.sellerOne, "OTHE", "10").get("id").asLong();
        long inProcess = fixture.paid(fixture.sellerOne, "CONT", "10").get("id").asLong();
        long authorized = fixture.pay(fixture.sellerOne,
                payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10").put("capture", false)).json().get("id")
                .asLong();

        assertError(fixture.refund(fixture.sellerOne, rejected, null), 400, 2018);
        assertError(fixture.refund(fixture.sellerOne, inProcess, null), 400, 2018);
        assertError(fixture.refund(fixture.sellerOne, authorized, null), 400, 2018);
    }

    @Test
    void aRefundAmountMustBeAPositiveNumber() {
        long id = approved("100");

        assertError(fixture.refund(fixture.sellerOne, id, Map.of("amount", "ten")), 400, 4037);
        assertError(fixture.refund(fixture.sellerOne, id, Map.of("amount", 0)), 400, 4037);
        assertError(fixture.refund(fixture.sellerOne, id, Map.of("amount", 1.005)), 400, 4037);
        assertError(fixture.refund(fixture.sellerOne, id, "{oops"), 400, 1);
        assertThat(read(id).get("refunds").size()).isZero();
    }

    @Test
    void refundsAreAllowedFor180DaysAfterApproval() {
        // Access tokens live 180 days too: the marketplace refreshes its OAuth grant on the way, as it must.
        SandboxHttp.Grant grant = http.linkSeller("SELLER_ONE");
        long id = fixture.pay(grant.accessToken(), payment(fixture.cardToken(grant.accessToken(), "APRO"), "100"))
                .json().get("id").asLong();
        fixture.advanceClock(Duration.ofDays(179));
        String token = refresh(grant);
        assertThat(fixture.refund(token, id, Map.of("amount", 1)).status()).isEqualTo(201);

        fixture.advanceClock(Duration.ofDays(1));

        assertError(fixture.refund(token, id, Map.of("amount", 1)), 400, 2024);
    }

    @Test
    void aPaymentTakesAtMostTwentyRefunds() {
        long id = approved("100");
        for (int i = 0; i < 20; i++) {
            Response response = fixture.refund(fixture.sellerOne, id, Map.of("amount", 1));
            assertThat(response.status()).as(response.body()).isEqualTo(201);
        }

        assertError(fixture.refund(fixture.sellerOne, id, Map.of("amount", 1)), 400, 2022);
        assertThat(read(id).get("refunds").size()).isEqualTo(20);
    }

    @Test
    void theSellersBalanceMustCoverTheRefund() {
        long id = approved("100");
        JsonNode balance = http.get("/sandbox/users/" + fixture.sellerOneId + "/balance", null).json();
        assertThat(balance.get("balance").decimalValue()).isEqualByComparingTo("95.01");

        http.put("/sandbox/users/" + fixture.sellerOneId + "/balance", null, Map.of("balance", 10));

        assertError(fixture.refund(fixture.sellerOne, id, Map.of("amount", 50)), 400, 2030);
        assertThat(fixture.refund(fixture.sellerOne, id, Map.of("amount", 10)).status()).isEqualTo(201);
        assertThat(http.get("/sandbox/users/" + fixture.sellerOneId + "/balance", null).json().get("balance")
                .decimalValue()).isEqualByComparingTo("0.50");
    }

    @Test
    void aFullRefundGivesTheSellerBackExactlyTheNetReceived() {
        long id = approved("33.33");
        fixture.refund(fixture.sellerOne, id, Map.of("amount", 11.11));
        fixture.refund(fixture.sellerOne, id, Map.of("amount", 11.11));

        fixture.refund(fixture.sellerOne, id, null);

        assertThat(http.get("/sandbox/users/" + fixture.sellerOneId + "/balance", null).json().get("balance")
                .decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void refundsAreListedAsABareArrayAndReadOneByOne() {
        long id = approved("100");
        long first = fixture.refund(fixture.sellerOne, id, Map.of("amount", 10)).json().get("id").asLong();
        fixture.refund(fixture.sellerOne, id, Map.of("amount", 20));

        Response list = http.get("/v1/payments/" + id + "/refunds", fixture.sellerOne);
        Response one = http.get("/v1/payments/" + id + "/refunds/" + first, fixture.sellerOne);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().isArray()).isTrue();
        assertThat(list.json().size()).isEqualTo(2);
        list.json().forEach(PaymentsFixture::assertRefundShape);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("amount").decimalValue()).isEqualByComparingTo("10");
        assertError(http.get("/v1/payments/" + id + "/refunds/42", fixture.sellerOne), 404, null);
    }

    @Test
    void anotherSellersPaymentCannotBeRefundedOrRead() {
        long id = approved("100");

        assertError(fixture.refund(fixture.sellerTwo, id, null), 404, 2000);
        assertError(http.get("/v1/payments/" + id + "/refunds", fixture.sellerTwo), 404, 2000);
        assertError(fixture.refund(fixture.sellerOne, 1L, null), 404, 2000);
        assertThat(read(id).get("status").asText()).isEqualTo("approved");
    }

    private long approved(String amount) {
        JsonNode payment = fixture.paid(fixture.sellerOne, "APRO", amount);
        assertThat(payment.get("status").asText()).isEqualTo("approved");
        return payment.get("id").asLong();
    }

    private String refresh(SandboxHttp.Grant grant) {
        JsonNode app = http.marketplaceApplication();
        Response refreshed = http.post("/oauth/token", null, Map.of("grant_type", "refresh_token", "client_id",
                app.get("client_id").asText(), "client_secret", app.get("client_secret").asText(), "refresh_token",
                grant.refreshToken()));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        return refreshed.json().get("access_token").asText();
    }

    private JsonNode read(long id) {
        return http.get("/v1/payments/" + id, fixture.sellerOne).json();
    }
}
