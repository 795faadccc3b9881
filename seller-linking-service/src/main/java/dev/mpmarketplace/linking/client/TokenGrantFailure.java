package dev.mpmarketplace.linking.client;

/**
 * A grant at {@code /oauth/token} that produced no tokens, classified for the decision that follows. The message
 * never contains the code, the refresh token or the client secret.
 */
public class TokenGrantFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why; the lower-case name is the metric tag {@code reason}. */
    public enum Reason {
        /** The code or refresh token is spent, expired, revoked or another client's: never retry it. */
        INVALID_GRANT(false),
        /** Any other 4xx ({@code invalid_client}, {@code invalid_request}): a configuration problem. */
        REJECTED(true),
        /** 429. */
        RATE_LIMITED(true),
        /** 5xx. */
        SERVER_ERROR(true),
        /** No answer in time. */
        TIMEOUT(true),
        /** The connection failed. */
        UNREACHABLE(true),
        /** The answer named another seller than the one whose token was refreshed: never stored. */
        USER_MISMATCH(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;
    private final transient java.time.Duration retryAfter;

    public TokenGrantFailure(Reason reason, String message, java.time.Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** Mercado Pago's {@code Retry-After}, when it gave one. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }
}
