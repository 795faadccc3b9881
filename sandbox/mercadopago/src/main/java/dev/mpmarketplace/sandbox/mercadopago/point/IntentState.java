package dev.mpmarketplace.sandbox.mercadopago.point;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a Point Integration API payment intent or refund intent (reference 5A, glossary), upper case on the
 * wire. Refund intents never pass through {@link #PROCESSED} nor end in {@link #CONFIRMATION_REQUIRED}.
 */
public enum IntentState {
    /** Created, waiting for the device to fetch it. The only state the API may cancel. */
    OPEN,
    /** Fetched by the device: it must be cancelled on the device now. */
    ON_TERMINAL,
    /** The buyer presented the card. */
    PROCESSING,
    /** The payment has a status; FINISHED follows. */
    PROCESSED,
    FINISHED,
    CANCELED,
    ERROR,
    /** Not processed in time. */
    ABANDONED,
    /** Ended without a payment status: check {@code payment.id} before delivering the goods. */
    CONFIRMATION_REQUIRED;

    private static final Set<IntentState> FINAL = EnumSet.of(FINISHED, CANCELED, ERROR, ABANDONED,
            CONFIRMATION_REQUIRED);

    /** Whether nothing follows. */
    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** Whether a payment intent may move from this state to {@code next}. */
    public boolean allows(IntentState next) {
        return switch (this) {
            case OPEN -> next == ON_TERMINAL || next == CANCELED || next == ABANDONED;
            case ON_TERMINAL -> next == PROCESSING || next == CANCELED || next == ERROR || next == ABANDONED;
            case PROCESSING -> next == PROCESSED || next == ERROR || next == CONFIRMATION_REQUIRED
                    || next == ABANDONED;
            case PROCESSED -> next == FINISHED;
            default -> false;
        };
    }

    /** Whether a refund intent may move from this state to {@code next}. */
    public boolean allowsForRefund(IntentState next) {
        return switch (this) {
            case OPEN -> next == ON_TERMINAL || next == CANCELED || next == ABANDONED;
            case ON_TERMINAL -> next == PROCESSING || next == CANCELED || next == ERROR || next == ABANDONED;
            case PROCESSING -> next == FINISHED || next == ERROR || next == ABANDONED;
            default -> false;
        };
    }
}
