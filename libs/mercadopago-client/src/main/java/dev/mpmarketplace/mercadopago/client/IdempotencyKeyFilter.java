package dev.mpmarketplace.mercadopago.client;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/**
 * Refuses to send a POST to Mercado Pago without our own {@value #HEADER}: every POST must be repeatable without a
 * second effect (reference 2.2), so a missing key is a programming error, caught before the request leaves.
 * Registered on every Mercado Pago REST client interface ({@code @RegisterProvider}). {@code /oauth/token} is exempt
 * (a grant is single use by itself).
 */
public class IdempotencyKeyFilter implements ClientRequestFilter {

    /** Mercado Pago's idempotency header. */
    public static final String HEADER = "X-Idempotency-Key";

    @Override
    public void filter(ClientRequestContext request) {
        if ("POST".equalsIgnoreCase(request.getMethod()) && !request.getUri().getPath().endsWith("/oauth/token")) {
            String key = request.getHeaderString(HEADER);
            if (key == null || key.isBlank()) {
                throw new MissingIdempotencyKeyException(request.getUri().getPath());
            }
        }
    }

    /** A POST without an idempotency key: a programming error, never retried. */
    public static final class MissingIdempotencyKeyException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MissingIdempotencyKeyException(String path) {
            super("a POST to Mercado Pago without " + HEADER + ": " + path);
        }
    }
}
