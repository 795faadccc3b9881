package dev.mpmarketplace.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.payment.service.PaymentMetrics;
import dev.mpmarketplace.payment.support.PaymentRequestsForTests;
import dev.mpmarketplace.payment.support.PaymentServiceTest;
import dev.mpmarketplace.payment.support.Sellers;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * A create whose answer never comes (a timeout, a connection closed, a 5xx) is an unknown outcome, not a failure:
 * answered 202 with our id, then resolved by asking Mercado Pago, never by charging again. In every case exactly one
 * payment exists at Mercado Pago afterwards. A 429 is waited out as Mercado Pago asks.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class UnknownOutcomeTest extends PaymentServiceTest {

    static final Duration RESOLVED = Duration.ofSeconds(30);

    @Inject
    MeterRegistry registry;

    @Inject
    PaymentMetrics metrics;

    /** Waits until the payment's status is Mercado Pago's, and checks Mercado Pago has exactly one. */
    JsonNode resolvedToExactlyOnePayment(Sellers.LinkedSeller seller, String id) {
        await().atMost(RESOLVED).untilAsserted(() -> assertThat(read(id).get("status").asText())
                .isNotIn("submitting", "unknown"));
        List<JsonNode> atMercadoPago = control().paymentsByExternalReference(seller.accessToken(), id);
        assertThat(atMercadoPago).as("payments at Mercado Pago with our id").hasSize(1);
        JsonNode resolved = read(id);
        assertThat(resolved.get("mercadopago_payment_id").asLong()).isEqualTo(atMercadoPago.get(0).get("id").asLong());
        return resolved;
    }

    @Test
    void aCreateThatTimesOutIsAnsweredAcceptedAndResolvedToTheOnePaymentMercadoPagoMade() {
        Sellers.LinkedSeller seller = linkedSeller();
        control().fault(Map.of("id", "slow-create", "kind", "latency", "path", "/v1/payments", "method", "POST",
                "latency_ms", 3000, "times", 1));

        Response accepted = create("slow-one", PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "25.00", "1.00"));

        accepted.then().statusCode(202).body("status", equalTo("unknown"));
        String id = accepted.jsonPath().getString("id");
        JsonNode resolved = resolvedToExactlyOnePayment(seller, id);
        assertThat(resolved.get("status").asText()).isEqualTo("approved");
        assertThat(resolved.get("timeline").findValuesAsText("status")).containsSequence("submitting", "unknown",
                "approved");
        create("slow-one", PaymentRequestsForTests.payment(seller.id(), "another-token-is-another-request", "25.00",
                "1.00")).then().statusCode(409);
    }

    /**
     * The fault that double-charges elsewhere: Mercado Pago creates the payment, then its answer is lost (the
     * connection closed, a 502, or the answer held past our timeout). The service answers 202 and finds the one
     * payment by its external reference; it never creates a second.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reset", "error", "timeout"})
    void aCreateWhoseAnswerIsLostAfterItsEffectIsResolvedToThatOnePayment(String mode) {
        Sellers.LinkedSeller seller = linkedSeller();
        Map<String, Object> rule = new java.util.HashMap<>(Map.of("id", "lost-" + mode, "kind", "lost_answer",
                "mode", mode, "path", "/v1/payments", "method", "POST", "times", 1));
        if (mode.equals("timeout")) {
            rule.put("answer_delay_ms", 4000);
        }
        control().fault(rule);

        Response accepted = create("lost-" + mode + "-" + seller.id(), PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "31.00", "2.00"));

        accepted.then().statusCode(202).body("status", equalTo("unknown"));
        JsonNode resolved = resolvedToExactlyOnePayment(seller, accepted.jsonPath().getString("id"));
        assertThat(resolved.get("status").asText()).isEqualTo("approved");
        assertThat(resolved.get("timeline").findValuesAsText("status")).containsSequence("unknown", "approved");
    }

    @Test
    void aCreateWhoseConnectionIsClosedIsResolvedBySendingItAgainWithTheSameKey() {
        Sellers.LinkedSeller seller = linkedSeller();
        control().fault(Map.of("id", "closed-create", "kind", "reset", "path", "/v1/payments", "method", "POST",
                "times", 1));

        Response accepted = create("reset-one", PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "26.00", null));

        accepted.then().statusCode(202);
        JsonNode resolved = resolvedToExactlyOnePayment(seller, accepted.jsonPath().getString("id"));
        assertThat(resolved.get("status").asText()).isEqualTo("approved");
    }

    @Test
    void aServerErrorOnCreateIsAnUnknownOutcomeToo() {
        Sellers.LinkedSeller seller = linkedSeller();
        control().fault(Map.of("id", "failing-create", "kind", "error", "status", 502, "path", "/v1/payments",
                "method", "POST", "times", 1));

        Response accepted = create("bad-gateway", PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "CONT"), "27.00", null));

        accepted.then().statusCode(202);
        assertThat(resolvedToExactlyOnePayment(seller, accepted.jsonPath().getString("id")).get("status").asText())
                .isEqualTo("in_process");
    }

    @Test
    void aRateLimitedCreateWaitsWhatMercadoPagoAsksAndThenSucceeds() {
        Sellers.LinkedSeller seller = linkedSeller();
        control().fault(Map.of("id", "slow-down", "kind", "rate_limit", "path", "/v1/payments", "method", "POST",
                "retry_after_seconds", 2, "times", 1));

        long started = System.nanoTime();
        Response created = create("patient", PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "28.00", null));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        created.then().statusCode(201).body("status", equalTo("approved"));
        assertThat(tookMillis).as("waited the Retry-After of 2 s").isGreaterThanOrEqualTo(2000);
        assertThat(control().paymentsByExternalReference(seller.accessToken(), created.jsonPath().getString("id")))
                .hasSize(1);
    }

    @Test
    void aCreateMercadoPagoKeepsRefusingToTakeIsForgottenSoTheSameKeyCanBeTriedAgain() {
        Sellers.LinkedSeller seller = linkedSeller();
        control().fault(Map.of("id", "no-way", "kind", "rate_limit", "path", "/v1/payments", "method", "POST",
                "retry_after_seconds", 1, "times", 10));
        Map<String, Object> request = PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "29.00", null);

        create("later", request).then().statusCode(503).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("type", equalTo("https://mpmarketplace.dev/problems/mercadopago-unavailable"));
        given().header("Authorization", tokens.bearer(Roles.PAYMENTS_READ)).queryParam("seller", seller.id())
                .get("/payments").then().body("payments", org.hamcrest.Matchers.empty());

        control().clearFaults();
        create("later", request).then().statusCode(201).body("status", equalTo("approved"));
    }

    @Test
    void aPaymentMercadoPagoCannotBeAskedAboutStaysUnknownAndCountsAsStuck() throws Exception {
        Sellers.LinkedSeller seller = linkedSeller();
        control().fault(Map.of("id", "down", "kind", "error", "status", 503, "path", "/v1/payments"));

        Response accepted = create("stuck", PaymentRequestsForTests.payment(seller.id(),
                control().cardToken(seller.publicKey(), "APRO"), "30.00", null));
        accepted.then().statusCode(202);
        String id = accepted.jsonPath().getString("id");

        await().atMost(RESOLVED).untilAsserted(() -> {
            metrics.refresh().await().indefinitely();
            assertThat(registry.get("payment_unknown_outcomes_stuck").gauge().value()).isGreaterThanOrEqualTo(1);
        });
        assertThat(read(id).get("status").asText()).isEqualTo("unknown");

        control().clearFaults();
        assertThat(resolvedToExactlyOnePayment(seller, id).get("status").asText()).isEqualTo("approved");
    }
}
