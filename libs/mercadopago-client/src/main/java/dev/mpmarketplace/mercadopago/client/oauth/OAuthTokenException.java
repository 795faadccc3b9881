package dev.mpmarketplace.mercadopago.client.oauth;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code /oauth/token} answered an error. {@link #isInvalidGrant()} means the code or refresh token is spent, expired,
 * revoked or not this client's: retrying cannot help. {@link #isRetryable()} (429, 5xx) means the same request may
 * succeed later. The message never contains the request.
 */
public class OAuthTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The {@code error} key Mercado Pago uses for a spent, expired or revoked code or refresh token. */
    public static final String INVALID_GRANT = "invalid_grant";

    private final int status;
    private final String error;
    private final transient Duration retryAfter;

    public OAuthTokenException(int status, String error, String providerMessage, Duration retryAfter) {
        super("Mercado Pago /oauth/token answered " + status + (error == null ? "" : " " + error)
                + (providerMessage == null ? "" : ": " + providerMessage));
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** Mercado Pago's {@code error} key ({@code invalid_grant}, {@code invalid_client}, ...), when the body had one. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** The {@code Retry-After} of a 429 or 503, when given in seconds. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The grant itself was refused: the code or refresh token can never be used again. */
    public boolean isInvalidGrant() {
        return status == 400 && INVALID_GRANT.equals(error);
    }

    /** Rate limited or a server error: the same grant may succeed later. */
    public boolean isRetryable() {
        return status == 429 || status >= 500;
    }

    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException httpDate) {
            return null;
        }
    }
}
