package dev.mpmarketplace.mercadopago.client;

import java.util.function.Predicate;

/**
 * For {@code @RetryWhen(exception = RetryableFailure.class)}: retry a call only when its failure is retryable (429,
 * 5xx, timeout, lost or refused connection). Put it only on calls that are idempotent by nature (GET, PUT of a state)
 * or carry an idempotency key; a keyed POST retried after a timeout is answered by Mercado Pago with the first result.
 */
public class RetryableFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        return MercadoPagoErrors.classify(null, failure).retryable();
    }
}
