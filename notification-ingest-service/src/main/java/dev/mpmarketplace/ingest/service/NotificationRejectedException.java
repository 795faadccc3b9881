package dev.mpmarketplace.ingest.service;

import java.util.Objects;

/**
 * A request the service refuses: unverified, malformed or unsupported. The message (the problem's {@code detail}) is
 * written for the sender and never contains a signature, a secret or a body.
 */
public final class NotificationRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Rejection rejection;

    public NotificationRejectedException(Rejection rejection, String detail) {
        super(detail, null, false, false);
        this.rejection = Objects.requireNonNull(rejection, "rejection");
    }

    public Rejection rejection() {
        return rejection;
    }
}
