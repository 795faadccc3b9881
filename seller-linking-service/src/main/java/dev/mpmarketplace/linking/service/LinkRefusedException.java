package dev.mpmarketplace.linking.service;

/**
 * A link request or callback the service refuses; becomes an RFC 9457 problem with {@link #status()} and the type
 * {@code .../problems/<reason>}. The detail never contains the state, the code or a token.
 */
public class LinkRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int status;

    public LinkRefusedException(String reason, int status, String detail) {
        super(detail);
        this.reason = reason;
        this.status = status;
    }

    public String reason() {
        return reason;
    }

    public int status() {
        return status;
    }
}
