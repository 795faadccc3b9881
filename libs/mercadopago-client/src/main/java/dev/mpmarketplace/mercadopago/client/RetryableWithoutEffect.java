package dev.mpmarketplace.mercadopago.client;

import java.util.function.Predicate;

/**
 * For {@code @RetryWhen(exception = RetryableWithoutEffect.class)}: retry a call only when its failure is retryable
 * <em>and</em> certainly had no effect (429, a connection that could not be made). For calls whose unknown outcome the
 * caller resolves itself (by asking, then repeating with the same idempotency key): a timeout, a lost connection or a
 * 5xx is then handed back at once, classified, never repeated in place.
 */
public class RetryableWithoutEffect implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        MercadoPagoException classified = MercadoPagoErrors.classify(null, failure);
        return classified.retryable() && !classified.outcomeUnknown();
    }
}
