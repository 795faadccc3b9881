package dev.mpmarketplace.mercadopago.client.users;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.RetryAfterBackoff;
import dev.mpmarketplace.mercadopago.client.RetryableFailure;

/**
 * Asks Mercado Pago whether a seller's access token still works ({@code GET /users/me}): the way to confirm a
 * deauthorization notification without believing its body. A 401 is a dead token; a 200 naming the seller is an alive
 * one; anything else (429, 5xx, timeout) is not an answer and fails, classified, after a couple of retries.
 */
@ApplicationScoped
public class SellerTokenProbe {

    private static final String OPERATION = "GET /users/me";

    /** What Mercado Pago says of the token. */
    public enum TokenState {
        /** The token works and belongs to the seller. */
        ALIVE,
        /** Mercado Pago refused the token (401): revoked or expired. */
        DEAD
    }

    private final MercadoPagoUsersApi users;
    private final MercadoPagoClientConfig config;

    public SellerTokenProbe(@RestClient MercadoPagoUsersApi users, MercadoPagoClientConfig config) {
        this.users = users;
        this.config = config;
    }

    /**
     * Probes the token.
     *
     * @return fails with a {@link MercadoPagoException} when Mercado Pago gave no usable answer, or with kind
     *         {@code INVALID_RESPONSE} when the token belongs to another user than {@code sellerId}
     */
    @Retry(maxRetries = 2, delay = 250)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<TokenState> probe(long sellerId, String accessToken) {
        return users.me("Bearer " + accessToken)
                .ifNoItem().after(config.timeout()).failWith(java.util.concurrent.TimeoutException::new)
                .map(user -> {
                    if (user.id() == null || user.id() != sellerId) {
                        throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, OPERATION,
                                "the token belongs to another user", null);
                    }
                    return TokenState.ALIVE;
                })
                .onFailure().transform(failure -> MercadoPagoErrors.classify(OPERATION, failure))
                .onFailure(failure -> ((MercadoPagoException) failure).tokenDead())
                .recoverWithItem(TokenState.DEAD);
    }
}
