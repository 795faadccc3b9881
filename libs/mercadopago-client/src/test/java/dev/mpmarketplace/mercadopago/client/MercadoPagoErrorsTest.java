package dev.mpmarketplace.mercadopago.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.ProcessingException;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.impl.NoStackTraceTimeoutException;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException.Kind;

class MercadoPagoErrorsTest {

    @Test
    void theClassicEnvelopeGivesTheErrorKeyAndTheCauseCodes() {
        MercadoPagoException e = MercadoPagoErrors.fromAnswer("POST /v1/payments", 400,
                "{\"message\":\"Invalid application_fee\",\"error\":\"bad_request\",\"status\":400,"
                        + "\"cause\":[{\"code\":4038,\"description\":\"application_fee must be lower\"}]}",
                null);

        assertThat(e.kind()).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(e.error()).contains("bad_request");
        assertThat(e.causes()).containsExactly(new MercadoPagoException.Cause("4038",
                "application_fee must be lower"));
        assertThat(e.retryable()).isFalse();
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(e.getMessage())
                .isEqualTo("Mercado Pago POST /v1/payments: invalid_request (400) bad_request, causes [4038]");
    }

    @Test
    void theOrdersApiEnvelopeGivesItsStringCodes() {
        MercadoPagoException e = MercadoPagoErrors.fromAnswer("POST /v1/orders", 409,
                "{\"errors\":[{\"code\":\"idempotency_key_already_used\",\"message\":\"used\"}]}", null);

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.causes()).extracting(MercadoPagoException.Cause::code)
                .containsExactly("idempotency_key_already_used");
    }

    @Test
    void thePointIntegrationApisQueuedIntentAndTheMessageAreKeptAsMembers() {
        MercadoPagoException e = MercadoPagoErrors.fromAnswer("POST /point/integration-api/devices/d/payment-intents",
                409, "{\"message\":\"Device has a queued payment intent\",\"error\":\"2205\",\"status\":409,"
                        + "\"payment_intent_id\":\"7f8e\",\"nested\":{\"ignored\":true},\"cause\":[]}",
                null);

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.error()).contains("2205");
        assertThat(e.member("payment_intent_id")).contains("7f8e");
        assertThat(e.member("message")).contains("Device has a queued payment intent");
        assertThat(e.member("status")).as("the envelope's own members are not repeated").isEmpty();
        assertThat(e.member("nested")).as("only scalars").isEmpty();
        assertThat(e.getMessage()).doesNotContain("7f8e");
    }

    @Test
    void aBoundedCallTimesOutAsAnUnknownOutcomeAndKeepsAnAnswersClassification() {
        MercadoPagoException timedOut = (MercadoPagoException) MercadoPagoErrors
                .bounded(Uni.createFrom().<String>nothing(), "GET /x", Duration.ofMillis(50))
                .onItem().<Throwable>transform(x -> null).onFailure().recoverWithItem(f -> f)
                .await().atMost(Duration.ofSeconds(5));
        MercadoPagoException refused = (MercadoPagoException) MercadoPagoErrors
                .bounded(Uni.createFrom().<String>failure(
                        MercadoPagoErrors.fromAnswer("GET /x", 404, null, null)), "GET /x", Duration.ofSeconds(5))
                .onItem().<Throwable>transform(x -> null).onFailure().recoverWithItem(f -> f)
                .await().atMost(Duration.ofSeconds(5));

        assertThat(timedOut.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(timedOut.outcomeUnknown()).isTrue();
        assertThat(refused.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void statusesMapToKinds() {
        assertThat(kind(401)).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(kind(403)).isEqualTo(Kind.FORBIDDEN);
        assertThat(kind(404)).isEqualTo(Kind.NOT_FOUND);
        assertThat(kind(422)).isEqualTo(Kind.INVALID_REQUEST);
        assertThat(kind(500)).isEqualTo(Kind.SERVER_ERROR);
        assertThat(kind(503)).isEqualTo(Kind.SERVER_ERROR);
    }

    @Test
    void rateLimitingCarriesRetryAfterAndIsRetryable() {
        MercadoPagoException e = MercadoPagoErrors.fromAnswer("GET /v1/payments/1", 429, "", "7");

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.retryable()).isTrue();
        assertThat(MercadoPagoErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
        assertThat(MercadoPagoErrors.parseRetryAfter("-3")).isNull();
    }

    @Test
    void aServerErrorOrATimeoutIsAnUnknownOutcomeNotAFailure() {
        assertThat(MercadoPagoErrors.fromAnswer("POST /v1/payments", 502, "<html>", null)
                .outcomeUnknown()).isTrue();
        MercadoPagoException timeout = MercadoPagoErrors.classify("POST /v1/payments",
                new ProcessingException(new NoStackTraceTimeoutException("the timeout period elapsed")));
        assertThat(timeout.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(timeout.outcomeUnknown()).isTrue();
        assertThat(MercadoPagoErrors.classify("x", new TimeoutException()).kind()).isEqualTo(Kind.TIMEOUT);
    }

    @Test
    void aLostConnectionIsUnknownButARefusedOneWasNeverSent() {
        assertThat(MercadoPagoErrors.classify("x", new ProcessingException(new HttpClosedException("closed")))
                .kind()).isEqualTo(Kind.CONNECTION_LOST);
        assertThat(MercadoPagoErrors.classify("x", new SocketException("Connection reset")).kind())
                .isEqualTo(Kind.CONNECTION_LOST);
        MercadoPagoException refused = MercadoPagoErrors.classify("x",
                new ProcessingException(new ConnectException("Connection refused")));
        assertThat(refused.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(refused.outcomeUnknown()).isFalse();
        assertThat(refused.retryable()).isTrue();
        assertThat(MercadoPagoErrors.classify("x", new IOException("broken pipe")).outcomeUnknown()).isTrue();
    }

    @Test
    void aProgrammingErrorIsNeverRetried() {
        assertThat(MercadoPagoErrors.classify("x", new IllegalStateException("bug")).retryable()).isFalse();
        assertThat(MercadoPagoErrors.classify("x", new ProcessingException(
                new IdempotencyKeyFilter.MissingIdempotencyKeyException("/v1/payments"))).retryable()).isFalse();
    }

    @Test
    void anInvalidGrantIsToldApartForTheRefreshDecision() {
        MercadoPagoException e = MercadoPagoErrors.fromAnswer("POST /oauth/token", 400,
                "{\"message\":\"Error validating grant\",\"error\":\"invalid_grant\",\"status\":400,\"cause\":[]}",
                null);

        assertThat(e.invalidGrant()).isTrue();
        assertThat(e.tag()).isEqualTo("invalid_grant");
        assertThat(MercadoPagoErrors.fromAnswer("POST /oauth/token", 400,
                "{\"error\":\"invalid_client\"}", null).tag()).isEqualTo("invalid_request");
    }

    @Test
    void theRetryAfterBackoffWaitsWhatWasAskedElseDoubles() {
        RetryAfterBackoff backoff = new RetryAfterBackoff();
        backoff.init(100);

        assertThat(backoff.nextDelayInMillis(new TimeoutException())).isEqualTo(100);
        assertThat(backoff.nextDelayInMillis(MercadoPagoErrors.fromAnswer("x", 429, "", "3")))
                .isEqualTo(3_000);
        assertThat(backoff.nextDelayInMillis(new TimeoutException())).isEqualTo(400);
        assertThat(backoff.nextDelayInMillis(MercadoPagoErrors.fromAnswer("x", 429, "", "3600")))
                .as("never more than a minute").isEqualTo(60_000);
        assertThat(new RetryableFailure().test(new ProcessingException(new ConnectException()))).isTrue();
        assertThat(new RetryableFailure().test(MercadoPagoErrors.fromAnswer("x", 404, "", null)))
                .isFalse();
    }

    private static Kind kind(int status) {
        return MercadoPagoErrors.fromAnswer("GET /x", status, "{}", null).kind();
    }

}
