package dev.mpmarketplace.mercadopago.client;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * For {@code @CustomBackoff(RetryAfterBackoff.class)}: waits what Mercado Pago's {@code Retry-After} asked (at most a
 * minute, so a retry loop never holds a caller for long), else doubles from the {@code @Retry(delay)} on each attempt.
 */
public class RetryAfterBackoff implements CustomBackoffStrategy {

    private static final long MAX_MILLIS = 60_000;

    private long next;

    @Override
    public void init(long initialDelayInMillis) {
        this.next = Math.max(1, initialDelayInMillis);
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long exponential = next;
        next = Math.min(MAX_MILLIS, next * 2);
        return MercadoPagoErrors.classify(null, cause).retryAfter()
                .map(asked -> Math.min(MAX_MILLIS, asked.toMillis()))
                .orElse(exponential);
    }
}
