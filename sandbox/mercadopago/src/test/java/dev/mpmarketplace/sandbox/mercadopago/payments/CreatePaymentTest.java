package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertError;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertPaymentShape;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** {@code POST /v1/payments} (reference sections 2.2 to 2.5 and 9). */
class CreatePaymentTest {

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
    void anApprovedPaymentHasEveryFieldOfTheResource() {
        ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "100.00");
        body.put("description", "Blue shirt");
        body.put("external_reference", "order-1");
        body.put("statement_descriptor", "MARKETPLACE");

        Response response = fixture.pay(fixture.sellerOne, body);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode payment = response.json();
        assertPaymentShape(payment);
        assertThat(payment.get("status").asText()).isEqualTo("approved");
        assertThat(payment.get("status_detail").asText()).isEqualTo("accredited");
        assertThat(payment.get("collector_id").asLong()).isEqualTo(fixture.sellerOneId);
        assertThat(payment.get("currency_id").asText()).isEqualTo("BRL");
        assertThat(payment.get("payment_method_id").asText()).isEqualTo("master");
        assertThat(payment.get("payment_type_id").asText()).isEqualTo("credit_card");
        assertThat(payment.get("operation_type").asText()).isEqualTo("regular_payment");
        assertThat(payment.get("captured").asBoolean()).isTrue();
        assertThat(payment.get("date_approved").asText()).matches(PaymentsFixture.TIMESTAMP);
        assertThat(payment.get("money_release_date").isNull()).isFalse();
        assertThat(payment.get("authorization_code").asText()).matches("\\d{6}");
        assertThat(payment.get("description").asText()).isEqualTo("Blue shirt");
        assertThat(payment.get("external_reference").asText()).isEqualTo("order-1");
        assertThat(payment.get("card").get("first_six_digits").asText()).isEqualTo("503143");
        assertThat(payment.get("card").get("last_four_digits").asText()).isEqualTo("6351");
        assertThat(payment.get("card").get("cardholder").get("name").asText()).isEqualTo("APRO");
        assertThat(payment.get("payer").get("email").asText()).isEqualTo("test_user_123@testuser.com");
        assertThat(payment.get("transaction_amount_refunded").decimalValue()).isZero();
        assertThat(payment.get("refunds").size()).isZero();
    }

    @Test
    void theIdempotencyKeyIsRequired() {
        Response response = http.post("/v1/payments", fixture.sellerOne,
                payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10"));

        assertError(response, 400, 1);
        assertThat(response.json().get("message").asText()).contains("X-Idempotency-Key");
        assertThat(fixture.paymentCount(fixture.sellerOne)).isZero();
    }

    @Test
    void theSameKeyReturnsTheSamePaymentEvenAfterRetries() {
        ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10");
        String key = UUID.randomUUID().toString();

        Response first = fixture.pay(fixture.sellerOne, body, key);
        Response second = fixture.pay(fixture.sellerOne, body, key);
        Response third = fixture.pay(fixture.sellerOne, body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(third.status()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(third.body()).isEqualTo(first.body());
        assertThat(second.header("X-Sandbox-Idempotency")).isEqualTo("replayed");
        assertThat(fixture.paymentCount(fixture.sellerOne)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithADifferentBodyReturnsTheOriginalPayment() {
        String key = UUID.randomUUID().toString();
        Response first = fixture.pay(fixture.sellerOne, payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10"),
                key);

        Response different = fixture.pay(fixture.sellerOne,
                payment(fixture.cardToken(fixture.sellerOne, "OTHE"), "99"), key);

        assertThat(different.status()).isEqualTo(201);
        assertThat(different.body()).isEqualTo(first.body());
        assertThat(different.header("X-Sandbox-Idempotency")).isEqualTo("replayed; body-differs");
        assertThat(fixture.paymentCount(fixture.sellerOne)).isEqualTo(1);
    }

    @Test
    void idempotencyKeysArePerUser() {
        String key = UUID.randomUUID().toString();
        long one = fixture.pay(fixture.sellerOne, payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10"), key)
                .json().get("id").asLong();

        Response other = fixture.pay(fixture.sellerTwo, payment(fixture.cardToken(fixture.sellerTwo, "APRO"), "10"),
                key);

        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().get("id").asLong()).isNotEqualTo(one);
        assertThat(other.header("X-Sandbox-Idempotency")).isNull();
    }

    @Test
    void withDuplicatedIdempotencyHeaderLinesTheLastOneCounts() throws Exception {
        String stable = UUID.randomUUID().toString();
        String body = SandboxHttp.JSON.writeValueAsString(payment(fixture.cardToken(fixture.sellerOne, "APRO"),
                "10"));
        HttpClient client = HttpClient.newHttpClient();
        String[] ids = new String[2];
        for (int i = 0; i < 2; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(fixture.sandbox.url() + "/v1/payments"))
                    .header("Authorization", "Bearer " + fixture.sellerOne).header("Content-Type", "application/json")
                    .header("X-Idempotency-Key", UUID.randomUUID().toString()).header("x-idempotency-key", stable)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            ids[i] = SandboxHttp.JSON.readTree(response.body()).get("id").asText();
        }

        assertThat(ids[1]).isEqualTo(ids[0]);
    }

    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource({"APRO,approved,accredited", "OTHE,rejected,cc_rejected_other_reason",
            "CONT,in_process,pending_contingency", "CALL,rejected,cc_rejected_call_for_authorize",
            "FUND,rejected,cc_rejected_insufficient_amount", "SECU,rejected,cc_rejected_bad_filled_security_code",
            "EXPI,rejected,cc_rejected_bad_filled_date", "FORM,rejected,cc_rejected_bad_filled_other",
            "CARD,rejected,cc_rejected_bad_filled_card_number", "INST,rejected,cc_rejected_invalid_installments",
            "DUPL,rejected,cc_rejected_duplicated_payment", "LOCK,rejected,cc_rejected_card_disabled",
            "CTNA,rejected,cc_rejected_card_type_not_allowed", "ATTE,rejected,cc_rejected_max_attempts",
            "BLAC,rejected,cc_rejected_blacklist", "UNSU,rejected,cc_rejected_card_error",
            "TEST,approved,accredited", "'Maria Silva',approved,accredited", "'APRO Silva',approved,accredited"})
    void theCardholderNameDecidesTheOutcomeAndRejectionsAreStill201(String name, String status, String detail) {
        Response response = fixture.pay(fixture.sellerOne, payment(fixture.cardToken(fixture.sellerOne, name), "50"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode payment = response.json();
        assertPaymentShape(payment);
        assertThat(payment.get("status").asText()).isEqualTo(status);
        assertThat(payment.get("status_detail").asText()).isEqualTo(detail);
        if (!status.equals("approved")) {
            assertThat(payment.get("fee_details").size()).isZero();
            assertThat(payment.get("transaction_details").get("net_received_amount").decimalValue()).isZero();
            assertThat(payment.get("date_approved").isNull()).isTrue();
        }
    }

    @Test
    void theTestNameRejectsAboveTheSandboxAmountLimit() {
        Response response = fixture.pay(fixture.sellerOne, payment(fixture.cardToken(fixture.sellerOne, "TEST"),
                "10000.01"));

        assertThat(response.json().get("status").asText()).isEqualTo("rejected");
        assertThat(response.json().get("status_detail").asText()).isEqualTo("cc_amount_rate_limit_exceeded");
    }

    @Test
    void captureFalseAuthorizesWithoutCapturing() {
        ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "80").put("capture", false);

        JsonNode payment = fixture.pay(fixture.sellerOne, body).json();

        assertThat(payment.get("status").asText()).isEqualTo("authorized");
        assertThat(payment.get("status_detail").asText()).isEqualTo("pending_capture");
        assertThat(payment.get("captured").asBoolean()).isFalse();
        assertThat(payment.get("fee_details").size()).isZero();
    }

    @Test
    void binaryModeNeverLeavesAPaymentInProcess() {
        ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "CONT"), "80").put("binary_mode", true);

        JsonNode payment = fixture.pay(fixture.sellerOne, body).json();

        assertThat(payment.get("status").asText()).isEqualTo("rejected");
        assertThat(payment.get("status_detail").asText()).isEqualTo("cc_rejected_other_reason");
        assertThat(payment.get("binary_mode").asBoolean()).isTrue();
        ObjectNode approving = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "80").put("binary_mode", true);
        assertThat(fixture.pay(fixture.sellerOne, approving).json().get("status").asText()).isEqualTo("approved");
    }

    @Test
    void feeDetailsListMercadoPagosFeeThenTheApplicationFeeAndTheNetIsWhatRemains() {
        SandboxHttp.Grant grant = http.linkSeller("SELLER_ONE");
        String token = fixture.cardToken(grant.accessToken(), "APRO");
        ObjectNode body = payment(token, "100.00").put("application_fee", new BigDecimal("10.00"));

        Response response = fixture.pay(grant.accessToken(), body);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode payment = response.json();
        assertThat(payment.get("collector_id").asLong()).isEqualTo(grant.userId());
        JsonNode fees = payment.get("fee_details");
        assertThat(fees.size()).isEqualTo(2);
        assertThat(fees.get(0).get("type").asText()).isEqualTo("mercadopago_fee");
        assertThat(fees.get(0).get("amount").decimalValue()).isEqualByComparingTo("4.99");
        assertThat(fees.get(0).get("fee_payer").asText()).isEqualTo("collector");
        assertThat(fees.get(1).get("type").asText()).isEqualTo("application_fee");
        assertThat(fees.get(1).get("amount").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(fees.get(1).get("fee_payer").asText()).isEqualTo("collector");
        JsonNode details = payment.get("transaction_details");
        assertThat(details.get("total_paid_amount").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(details.get("net_received_amount").decimalValue()).isEqualByComparingTo("85.01");
        assertThat(details.get("installment_amount").decimalValue()).isEqualByComparingTo("100.00");
    }

    @Test
    void mercadoPagosFeeIsRoundedHalfUpToCents() {
        JsonNode payment = fixture.paid(fixture.sellerOne, "APRO", "12.34");

        assertThat(payment.get("fee_details").get(0).get("amount").decimalValue()).isEqualByComparingTo("0.62");
        assertThat(payment.get("transaction_details").get("net_received_amount").decimalValue())
                .isEqualByComparingTo("11.72");
    }

    @Test
    void anApplicationFeeNeedsAnOAuthTokenAndAnAmountWithinTheTransaction() {
        ObjectNode own = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "100").put("application_fee", 1);
        assertError(fixture.pay(fixture.sellerOne, own), 400, 2021);

        SandboxHttp.Grant grant = http.linkSeller("SELLER_ONE");
        String token = fixture.cardToken(grant.accessToken(), "APRO");
        assertError(fixture.pay(grant.accessToken(), payment(token, "100").put("application_fee", 100.01)), 400,
                4038);
        assertError(fixture.pay(grant.accessToken(), payment(token, "100").put("application_fee", -1)), 400, 4039);
        assertThat(fixture.paymentCount(fixture.sellerOne)).isZero();
        assertThat(fixture.pay(grant.accessToken(), payment(token, "100").put("application_fee", 100)).status())
                .isEqualTo(201);
    }

    @Test
    void theNotificationUrlMustBeAUrlOfAtMost500Characters() {
        String token = fixture.cardToken(fixture.sellerOne, "APRO");
        assertError(fixture.pay(fixture.sellerOne, payment(token, "10").put("notification_url", "not a url")), 400,
                4020);
        assertError(fixture.pay(fixture.sellerOne, payment(token, "10").put("notification_url",
                "https://example.com/" + "a".repeat(490))), 400, 4021);

        Response ok = fixture.pay(fixture.sellerOne,
                payment(token, "10").put("notification_url", "https://example.com/hooks?source_news=webhooks"));
        assertThat(ok.json().get("notification_url").asText())
                .isEqualTo("https://example.com/hooks?source_news=webhooks");
    }

    @Test
    void metadataComesBackWithSnakeCaseKeysAndMustBeAnObject() {
        ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10");
        body.putObject("metadata").put("orderId", "o-1").put("plain_key", 2).putObject("nestedThing")
                .put("innerKey", true);

        JsonNode metadata = fixture.pay(fixture.sellerOne, body).json().get("metadata");

        assertThat(metadata.get("order_id").asText()).isEqualTo("o-1");
        assertThat(metadata.get("plain_key").asInt()).isEqualTo(2);
        assertThat(metadata.get("nested_thing").get("inner_key").asBoolean()).isTrue();
        ObjectNode notAnObject = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10").put("metadata", "x");
        assertError(fixture.pay(fixture.sellerOne, notAnObject), 400, 4022);
    }

    @Test
    void aCardTokenPaysOnceAndOnlyForItsSeller() {
        String token = fixture.cardToken(fixture.sellerOne, "OTHE");
        assertThat(fixture.pay(fixture.sellerOne, payment(token, "10")).json().get("status").asText())
                .isEqualTo("rejected");

        assertError(fixture.pay(fixture.sellerOne, payment(token, "10")), 400, 3003);
        assertError(fixture.pay(fixture.sellerTwo, payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10")), 400,
                2006);
        assertError(fixture.pay(fixture.sellerOne, payment("0123456789abcdef0123456789abcdef", "10")), 400, 2006);
    }

    @Test
    void aCardTokenExpiresSevenDaysAfterItsCreation() {
        String token = fixture.cardToken(fixture.sellerOne, "APRO");
        fixture.advanceClock(Duration.ofDays(7));

        assertError(fixture.pay(fixture.sellerOne, payment(token, "10")), 400, 3003);
    }

    @Test
    void aSavedCardPaysOnlyForTheCustomerItIsSavedOn() {
        String customerId = http.post("/v1/customers", fixture.sellerOne,
                SandboxHttp.object().put("email", "payer@buyer.com")).json().get("id").asText();
        String otherCustomer = http.post("/v1/customers", fixture.sellerOne,
                SandboxHttp.object().put("email", "other@buyer.com")).json().get("id").asText();
        String cardId = http.post("/v1/customers/" + customerId + "/cards", fixture.sellerOne,
                SandboxHttp.object().put("token", fixture.cardToken(fixture.sellerOne, "APRO"))).json().get("id")
                .asText();

        ObjectNode wrongCustomer = payment(savedCardToken(cardId), "10");
        wrongCustomer.putObject("payer").put("type", "customer").put("id", otherCustomer);
        assertError(fixture.pay(fixture.sellerOne, wrongCustomer), 400, 2010);
        ObjectNode guest = payment(savedCardToken(cardId), "10");
        assertError(fixture.pay(fixture.sellerOne, guest), 400, 2010);

        ObjectNode body = payment(savedCardToken(cardId), "10");
        body.putObject("payer").put("type", "customer").put("id", customerId);
        Response response = fixture.pay(fixture.sellerOne, body);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode payment = response.json();
        assertPaymentShape(payment);
        assertThat(payment.get("status").asText()).isEqualTo("approved");
        assertThat(payment.get("card").get("id").asText()).isEqualTo(cardId);
        assertThat(payment.get("payer").get("type").asText()).isEqualTo("customer");
        assertThat(payment.get("payer").get("id").asText()).isEqualTo(customerId.split("-")[0]);
        assertThat(payment.get("payer").get("email").asText()).isEqualTo("payer@buyer.com");
    }

    @Test
    void aCustomerPayerMustBeACustomerOfTheCollector() {
        String customerId = http.post("/v1/customers", fixture.sellerTwo,
                SandboxHttp.object().put("email", "theirs@buyer.com")).json().get("id").asText();
        ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10");
        body.putObject("payer").put("type", "customer").put("id", customerId);

        assertError(fixture.pay(fixture.sellerOne, body), 400, 2002);
        ObjectNode noId = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10");
        noId.putObject("payer").put("type", "customer");
        assertError(fixture.pay(fixture.sellerOne, noId), 400, 4012);
    }

    @Test
    void badInputGetsTheEnvelopeAndLeavesStateUnchanged() {
        String token = fixture.cardToken(fixture.sellerOne, "APRO");
        Map<String, String> key = Map.of("X-Idempotency-Key", UUID.randomUUID().toString());

        assertError(
                http.send("POST", "/v1/payments", fixture.sellerOne, "application/json", "{\"transaction_amount\":"),
                400, 1);
        assertError(http.post("/v1/payments", fixture.sellerOne, "", key), 400, 1);
        ObjectNode noAmount = payment(token, "10");
        noAmount.remove("transaction_amount");
        assertError(fixture.pay(fixture.sellerOne, noAmount), 400, 4002);
        assertError(fixture.pay(fixture.sellerOne, payment(token, "10").put("transaction_amount", "10")), 400, 4003);
        assertError(fixture.pay(fixture.sellerOne, payment(token, "10").put("transaction_amount", 0)), 400, 4037);
        assertError(fixture.pay(fixture.sellerOne, payment(token, "10").put("transaction_amount", 1.001)), 400, 4037);
        assertError(fixture.pay(fixture.sellerOne, payment(token, "10").put("installments", "one")), 400, 4005);
        assertError(fixture.pay(fixture.sellerOne, payment(token, "10").put("capture", "no")), 400, 1);
        assertError(fixture.pay(fixture.sellerOne, payment(token, "10").put("payer", "someone")), 400, 4006);
        ObjectNode badEmail = payment(token, "10");
        badEmail.putObject("payer").put("email", "not-an-email");
        assertError(fixture.pay(fixture.sellerOne, badEmail), 400, 4050);
        assertError(fixture.pay(fixture.sellerOne, payment(token, "10").put("payment_method_id", "visa")), 400, 3028);
        ObjectNode pix = payment(token, "10").put("payment_method_id", "pix");
        pix.remove("token");
        assertError(fixture.pay(fixture.sellerOne, pix), 400, 3028);
        ObjectNode nothing = payment(token, "10");
        nothing.remove("token");
        nothing.remove("payment_method_id");
        assertError(fixture.pay(fixture.sellerOne, nothing), 400, 2131);
        assertError(fixture.pay("APP_USR-not-a-token", payment(token, "10")), 401, null);

        assertThat(fixture.paymentCount(fixture.sellerOne)).isZero();
        Response stillUsable = fixture.pay(fixture.sellerOne, payment(token, "10"));
        assertThat(stillUsable.status()).as("the token was not consumed: " + stillUsable.body()).isEqualTo(201);
    }

    @Test
    void thePaymentMethodIsInferredFromTheCardWhenAbsent() {
        ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "APRO"), "10");
        body.remove("payment_method_id");

        JsonNode payment = fixture.pay(fixture.sellerOne, body).json();

        assertThat(payment.get("payment_method_id").asText()).isEqualTo("master");
        assertThat(payment.get("issuer_id").asText()).isNotBlank();
    }

    private String savedCardToken(String cardId) {
        Response response = http.post("/v1/card_tokens", fixture.sellerOne,
                SandboxHttp.object().put("card_id", cardId).put("security_code", "123"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asText();
    }
}
