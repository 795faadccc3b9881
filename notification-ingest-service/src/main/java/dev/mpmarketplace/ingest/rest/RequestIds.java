package dev.mpmarketplace.ingest.rest;

import dev.mpmarketplace.ingest.service.NotificationRejectedException;
import dev.mpmarketplace.ingest.service.Rejection;

/** Checks the {@code x-request-id} header before it reaches a log line or a record header. */
final class RequestIds {

    private static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /** The request id, or {@code null}; refuses (400) one that is too long or has control characters. */
    static String check(String requestId) {
        if (requestId == null || requestId.isEmpty()) {
            return null;
        }
        if (requestId.length() > MAX_LENGTH || requestId.chars().anyMatch(Character::isISOControl)) {
            throw new NotificationRejectedException(Rejection.INVALID_FIELD,
                    "x-request-id must be at most " + MAX_LENGTH + " characters without control characters");
        }
        return requestId;
    }
}
