package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertError;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.assertPaymentShape;
import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** {@code PUT /v1/payments/{id}}: cancel and capture (reference section 2.1). */
class UpdatePaymentTest {

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
    void cancelWorksOnlyFromPendingInProcessOrAuthorized() {
        long inProcess = fixture.paid(fixture.sellerOne, "CONT", "10").get("id").asLong();
        long authorized = authorize("10");
        long approved = fixture.paid(fixture.sellerOne, "APRO", "10").get("id").asLong();
        long rejected = fixture.paid(fixture.sellerOne, "OTHE", "10").get("id").asLong();

        for (long id : new long[]{inProcess, authorized}) {
            Response response = cancel(id);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertPaymentShape(response.json());
            assertThat(response.json().get("status").asText()).isEqualTo("cancelled");
            assertThat(response.json().get("status_detail").asText()).isEqualTo("by_collector");
        }
        assertError(cancel(approved), 400, 2018);
        assertError(cancel(rejected), 400, 2018);
        assertError(cancel(inProcess), 400, 2018);
        assertThat(http.get("/v1/payments/" + approved, fixture.sellerOne).json().get("status").asText())
                .isEqualTo("approved");
    }

    @Test
    void otherStatusesAre2016AndForcingApprovedOrRejectedIs403() {
        long id = authorize("10");

        assertError(http.put("/v1/payments/" + id, fixture.sellerOne, Map.of("status", "refunded")), 400, 2016);
        assertError(http.put("/v1/payments/" + id, fixture.sellerOne, Map.of("status", 1)), 400, 2016);
        assertError(http.put("/v1/payments/" + id, fixture.sellerOne, Map.of("status", "approved")), 403, 4);
        assertError(http.put("/v1/payments/" + id, fixture.sellerOne, Map.of("status", "rejected")), 403, 4);
        assertThat(http.get("/v1/payments/" + id, fixture.sellerOne).json().get("status").asText())
                .isEqualTo("authorized");
    }

    @Test
    void withoutStatusOrCaptureTheUpdateIs4017() {
        long id = authorize("10");

        assertError(http.put("/v1/payments/" + id, fixture.sellerOne, Map.of("description", "x")), 400, 4017);
        assertError(http.send("PUT", "/v1/payments/" + id, fixture.sellerOne, null, null), 400, 4017);
        assertError(http.send("PUT", "/v1/payments/" + id, fixture.sellerOne, "application/json", "{x"), 400, 1);
    }

    @Test
    void captureApprovesAnAuthorizedPaymentForAtMostTheAuthorizedAmount() {
        long id = authorize("100.00");
        assertError(capture(id, new BigDecimal("100.01")), 400, 2017);
        assertError(capture(id, new BigDecimal("-1")), 400, 2017);

        Response response = capture(id, new BigDecimal("60.00"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode payment = response.json();
        assertPaymentShape(payment);
        assertThat(payment.get("status").asText()).isEqualTo("approved");
        assertThat(payment.get("status_detail").asText()).isEqualTo("accredited");
        assertThat(payment.get("captured").asBoolean()).isTrue();
        assertThat(payment.get("transaction_amount").decimalValue()).isEqualByComparingTo("60.00");
        assertThat(payment.get("fee_details").get(0).get("amount").decimalValue()).isEqualByComparingTo("2.99");
        assertThat(payment.get("transaction_details").get("net_received_amount").decimalValue())
                .isEqualByComparingTo("57.01");
        assertThat(payment.get("date_approved").isNull()).isFalse();
        assertError(capture(id, null), 400, 2018);
    }

    @Test
    void captureWithoutAnAmountTakesTheWholeAuthorization() {
        long id = authorize("30");

        JsonNode payment = capture(id, null).json();

        assertThat(payment.get("transaction_amount").decimalValue()).isEqualByComparingTo("30");
        assertThat(payment.get("status").asText()).isEqualTo("approved");
        assertError(capture(fixture.paid(fixture.sellerOne, "CONT", "10").get("id").asLong(), null), 400, 2018);
    }

    @Test
    void anAuthorizationNotCapturedWithinSevenDaysReadsAsCancelledExpired() {
        long id = authorize("10");
        fixture.advanceClock(Duration.ofDays(6));
        assertThat(http.get("/v1/payments/" + id, fixture.sellerOne).json().get("status").asText())
                .isEqualTo("authorized");

        fixture.advanceClock(Duration.ofDays(1));

        JsonNode payment = http.get("/v1/payments/" + id, fixture.sellerOne).json();
        assertThat(payment.get("status").asText()).isEqualTo("cancelled");
        assertThat(payment.get("status_detail").asText()).isEqualTo("expired");
        assertThat(http.get("/v1/payments/search?status=cancelled", fixture.sellerOne).json().get("paging")
                .get("total").asInt()).isEqualTo(1);
        assertError(capture(id, null), 400, 2018);
    }

    @Test
    void theExpiryAlsoShowsInSearchesBeforeAnyRead() {
        authorize("10");
        fixture.advanceClock(Duration.ofDays(8));

        JsonNode results = http.get("/v1/payments/search", fixture.sellerOne).json();

        assertThat(results.get("results").get(0).get("status_detail").asText()).isEqualTo("expired");
    }

    @Test
    void aPaymentInProcessIsResolvedThroughTheControlApi() {
        long approving = fixture.paid(fixture.sellerOne, "CONT", "100").get("id").asLong();
        long rejecting = fixture.paid(fixture.sellerOne, "CONT", "100").get("id").asLong();

        Response approved = http.post("/sandbox/payments/" + approving + "/status", null,
                Map.of("status", "approved"));
        Response rejected = http.post("/sandbox/payments/" + rejecting + "/status", null,
                Map.of("status", "rejected", "status_detail", "cc_rejected_high_risk"));

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertPaymentShape(approved.json());
        assertThat(approved.json().get("status").asText()).isEqualTo("approved");
        assertThat(approved.json().get("fee_details").size()).isEqualTo(1);
        assertThat(approved.json().get("transaction_details").get("net_received_amount").decimalValue())
                .isEqualByComparingTo("95.01");
        assertThat(rejected.json().get("status_detail").asText()).isEqualTo("cc_rejected_high_risk");
        assertError(http.post("/sandbox/payments/" + approving + "/status", null, Map.of("status", "rejected")), 400,
                2018);
    }

    @Test
    void anotherSellersPaymentCannotBeUpdated() {
        long id = authorize("10");

        assertError(http.put("/v1/payments/" + id, fixture.sellerTwo, Map.of("status", "cancelled")), 404, 2000);
        assertThat(http.get("/v1/payments/" + id, fixture.sellerOne).json().get("status").asText())
                .isEqualTo("authorized");
    }

    private long authorize(String amount) {
        ObjectNode body = payment(fixture.cardToken(fixture.sellerOne, "APRO"), amount).put("capture", false);
        JsonNode payment = fixture.pay(fixture.sellerOne, body).json();
        assertThat(payment.get("status").asText()).isEqualTo("authorized");
        return payment.get("id").asLong();
    }

    private Response cancel(long id) {
        return http.put("/v1/payments/" + id, fixture.sellerOne, Map.of("status", "cancelled"));
    }

    private Response capture(long id, BigDecimal amount) {
        ObjectNode body = SandboxHttp.object().put("capture", true);
        if (amount != null) {
            body.put("transaction_amount", amount);
        }
        return http.put("/v1/payments/" + id, fixture.sellerOne, body);
    }
}
