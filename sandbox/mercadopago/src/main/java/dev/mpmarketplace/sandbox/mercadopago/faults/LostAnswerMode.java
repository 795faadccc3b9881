package dev.mpmarketplace.sandbox.mercadopago.faults;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a {@code lost_answer} rule loses the answer of a request that had its effect. */
public enum LostAnswerMode {
    /** The connection is closed without an answer (a FIN): the caller sees "connection closed". */
    RESET,
    /** A 5xx in the classic envelope instead of the answer (the rule's {@code status}, default 502). */
    ERROR,
    /** The answer is held {@code answer_delay_ms}, longer than the caller waits, then sent to whoever still listens. */
    TIMEOUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LostAnswerMode> fromWire(String name) {
        return Arrays.stream(values()).filter(mode -> mode.wireName().equals(name)).findFirst();
    }
}
