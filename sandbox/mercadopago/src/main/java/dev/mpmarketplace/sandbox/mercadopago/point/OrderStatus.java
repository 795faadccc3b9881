package dev.mpmarketplace.sandbox.mercadopago.point;

import java.util.Locale;

/**
 * The status of an Orders API order of type {@code point} (reference 12.b, "Status of an order and a transaction"),
 * lower case on the wire.
 */
public enum OrderStatus {
    CREATED,
    AT_TERMINAL,
    PROCESSED,
    FAILED,
    CANCELED,
    EXPIRED,
    ACTION_REQUIRED,
    REFUNDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the terminal is done with it (it no longer occupies the terminal's queue). */
    public boolean leftTheTerminal() {
        return this != CREATED && this != AT_TERMINAL && this != ACTION_REQUIRED;
    }

    /**
     * Whether an order may move from this status to {@code next}: created to at_terminal, canceled (API) or expired;
     * at_terminal to processed, failed, canceled (terminal), action_required (40 s after processing started) or
     * expired; action_required to processed, failed or canceled as the terminal settles it; processed to refunded.
     */
    public boolean allows(OrderStatus next) {
        return switch (this) {
            case CREATED -> next == AT_TERMINAL || next == CANCELED || next == EXPIRED;
            case AT_TERMINAL -> next == PROCESSED || next == FAILED || next == CANCELED || next == ACTION_REQUIRED
                    || next == EXPIRED;
            case ACTION_REQUIRED -> next == PROCESSED || next == FAILED || next == CANCELED;
            case PROCESSED -> next == REFUNDED;
            default -> false;
        };
    }
}
