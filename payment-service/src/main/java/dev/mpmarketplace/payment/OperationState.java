package dev.mpmarketplace.payment;

import java.util.Locale;

/** Where a {@link PaymentOperation} stands. */
public enum OperationState {
    /** Stored; the call is being made (or was, by a process that stopped). */
    SUBMITTING,
    /** The call's outcome is unknown; the resolver asks Mercado Pago (and repeats a refund with the same key). */
    UNKNOWN,
    /** Mercado Pago did it. */
    DONE,
    /** Mercado Pago refused it (a 4xx). */
    REFUSED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean unresolved() {
        return this == SUBMITTING || this == UNKNOWN;
    }
}
