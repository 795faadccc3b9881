package dev.mpmarketplace.events.payment;

import dev.mpmarketplace.events.EventTypes;

/** The CloudEvents types of the events on {@code payments.events}, and which record carries each one's data. */
public final class PaymentEventTypes {

    /**
     * Mercado Pago's status (or status detail) of a payment changed, as the platform observed it; data
     * {@link PaymentStatusChanged}. Never backwards: a late or repeated answer emits nothing.
     */
    public static final String STATUS_CHANGED = EventTypes.domain("payment", "status-changed");
    /** A refund of a payment was observed at Mercado Pago (made by the platform or elsewhere); data {@link PaymentRefunded}. */
    public static final String REFUNDED = EventTypes.domain("payment", "refunded");
    /** A command could not be carried out, for a reason given; data {@link PaymentCommandFailed}. */
    public static final String COMMAND_FAILED = EventTypes.domain("payment", "command-failed");

    private PaymentEventTypes() {
    }
}
