package dev.mpmarketplace.ingest.service;

import java.util.Objects;

import dev.mpmarketplace.support.problem.ProblemException;

/**
 * A request the service refuses: unverified, malformed or unsupported; answered as the problem of its
 * {@link Rejection} by libs/service-support's mappers. The message (the problem's {@code detail}) is written for the
 * sender and never contains a signature, a secret or a body. No stack trace is taken: refusals are frequent and
 * expected.
 */
public final class NotificationRejectedException extends ProblemException {

    private static final long serialVersionUID = 1L;

    private final Rejection rejection;

    public NotificationRejectedException(Rejection rejection, String detail) {
        super(rejection.reason(), rejection.title(), rejection.status(), detail, false);
        this.rejection = Objects.requireNonNull(rejection, "rejection");
    }

    public Rejection rejection() {
        return rejection;
    }
}
