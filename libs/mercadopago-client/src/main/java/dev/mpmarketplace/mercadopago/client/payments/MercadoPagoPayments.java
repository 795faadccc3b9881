package dev.mpmarketplace.mercadopago.client.payments;

import java.math.BigDecimal;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoCalls;
import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.RetryAfterBackoff;
import dev.mpmarketplace.mercadopago.client.RetryableFailure;
import dev.mpmarketplace.mercadopago.client.RetryableWithoutEffect;

/**
 * A seller's payments at Mercado Pago, called with the seller's access token (one per call, never a shared one):
 * every call bounded by {@code mercadopago.client.timeout}, every failure a classified {@link MercadoPagoException}.
 * <p>
 * Retries: reads ({@link #get}, {@link #search}) are retried on any retryable failure; writes ({@link #create},
 * {@link #capture}, {@link #cancel}, {@link #refund}) only when the failure certainly had no effect (429 after its
 * {@code Retry-After}, a connection that could not be made). A write whose outcome is unknown (timeout, lost
 * connection, 5xx) fails at once with {@link MercadoPagoException#outcomeUnknown()}: the caller records it and asks
 * Mercado Pago before doing anything again, and repeats a POST only with the same idempotency key.
 */
@ApplicationScoped
public class MercadoPagoPayments {

    public static final String CREATE = "POST /v1/payments";
    public static final String GET = "GET /v1/payments/{id}";
    public static final String SEARCH = "GET /v1/payments/search";
    public static final String UPDATE = "PUT /v1/payments/{id}";
    public static final String REFUND = "POST /v1/payments/{id}/refunds";

    private final MercadoPagoPaymentsApi api;
    private final MercadoPagoClientConfig config;

    public MercadoPagoPayments(@RestClient MercadoPagoPaymentsApi api, MercadoPagoClientConfig config) {
        this.api = api;
        this.config = config;
    }

    /**
     * Creates a payment. Repeating it with the same {@code idempotencyKey} answers the payment the first call made.
     *
     * @param body the create request as JSON text (reference section 2.3)
     */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableWithoutEffect.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoPayment> create(String accessToken, String idempotencyKey, String body) {
        return bounded(CREATE, api.create(bearer(accessToken), idempotencyKey, body))
                .map(json -> MercadoPagoPayment.parse(CREATE, json));
    }

    /** The payment as Mercado Pago has it now. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoPayment> get(String accessToken, long paymentId) {
        return bounded(GET, api.get(bearer(accessToken), paymentId)).map(json -> MercadoPagoPayment.parse(GET, json));
    }

    /** One page of the seller's payments matching {@code query}. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<PaymentSearchPage> search(String accessToken, PaymentSearch query) {
        return bounded(SEARCH, api.search(bearer(accessToken), query.externalReference(), query.status(),
                query.range(), query.beginDate(), query.endDate(), query.sort(), query.criteria(), query.limit(),
                query.offset()))
                .map(json -> PaymentSearchPage.parse(SEARCH, json));
    }

    /** Captures an authorized payment, all of it ({@code amount} {@code null}) or {@code amount} of it. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableWithoutEffect.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoPayment> capture(String accessToken, long paymentId, BigDecimal amount) {
        String body = amount == null
                ? "{\"capture\":true}"
                : "{\"capture\":true,\"transaction_amount\":" + amount.toPlainString() + "}";
        return bounded(UPDATE, api.update(bearer(accessToken), paymentId, body))
                .map(json -> MercadoPagoPayment.parse(UPDATE, json));
    }

    /** Cancels a pending, in-process or authorized payment. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableWithoutEffect.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoPayment> cancel(String accessToken, long paymentId) {
        return bounded(UPDATE, api.update(bearer(accessToken), paymentId, "{\"status\":\"cancelled\"}"))
                .map(json -> MercadoPagoPayment.parse(UPDATE, json));
    }

    /**
     * Refunds what remains ({@code amount} {@code null}) or {@code amount}. Repeating it with the same
     * {@code idempotencyKey} answers the refund the first call made.
     */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableWithoutEffect.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoRefund> refund(String accessToken, String idempotencyKey, long paymentId,
            BigDecimal amount) {
        String body = amount == null ? "{}" : "{\"amount\":" + amount.toPlainString() + "}";
        return bounded(REFUND, api.refund(bearer(accessToken), idempotencyKey, paymentId, body))
                .map(json -> MercadoPagoRefund.parse(REFUND, json));
    }

    private <T> Uni<T> bounded(String operation, Uni<T> call) {
        return MercadoPagoCalls.bounded(operation, config.timeout(), call);
    }

    private static String bearer(String accessToken) {
        return MercadoPagoCalls.bearer(accessToken);
    }

    /** Whether a failure of a write may have taken effect (see the class comment). */
    public static boolean outcomeUnknown(Throwable failure) {
        return failure instanceof MercadoPagoException e && e.outcomeUnknown();
    }
}
