package dev.mpmarketplace.payment;

import java.util.Locale;

/** What told the platform a payment's status: kept with every entry of its timeline and in its events. */
public enum StatusSource {

    /** The platform itself: the request was stored ({@code submitting}). */
    REQUEST,
    /** Mercado Pago's answer to a call the platform made (create, capture, cancel, refund, and the reads after them). */
    API_ANSWER,
    /** A notification named the payment and the platform fetched it. */
    NOTIFICATION,
    /** The reconciliation sweep (or the resolver of an unknown outcome) found it by searching. */
    SWEEP;

    /** The word on the wire: {@code api_answer}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
