package dev.mpmarketplace.sandbox.mercadopago.faults;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a fault rule does. The first six act on requests to the simulated API, the last three on outgoing webhooks.
 */
public enum FaultKind {
    /** Delays the request, then lets it through (or lets the request's other rule answer). */
    LATENCY(false, false),
    /** Answers a 5xx in the classic envelope. */
    ERROR(true, false),
    /** Answers 429 with {@code Retry-After}. */
    RATE_LIMIT(true, false),
    /** Closes the connection without an answer. */
    RESET(true, false),
    /** Answers the resource's 404 while its id was notified less than {@code duration_ms} ago. */
    NOT_FOUND_AFTER_NOTIFY(true, false),
    /**
     * Lets the request have its effect, then loses the answer: closes the connection, answers a 5xx, or holds the
     * answer past the caller's timeout ({@code mode}). The fault that makes a client charge twice.
     */
    LOST_ANSWER(false, false),
    /** Sends a notification twice, each with its own {@code x-request-id}. */
    WEBHOOK_DUPLICATE(false, true),
    /** Holds notifications and releases them as a shuffled batch. */
    WEBHOOK_OUT_OF_ORDER(false, true),
    /** Records a notification as {@code dropped} and never sends it. */
    WEBHOOK_DROP(false, true);

    private final boolean answers;
    private final boolean webhook;

    FaultKind(boolean answers, boolean webhook) {
        this.answers = answers;
        this.webhook = webhook;
    }

    /** The name used on the wire and in the state: {@code rate_limit}, {@code webhook_drop}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the rule replaces the API's answer (as opposed to delaying it or acting on webhooks). */
    public boolean answers() {
        return answers;
    }

    /** Whether the rule acts on outgoing webhooks rather than on requests to the API. */
    public boolean webhook() {
        return webhook;
    }

    public static Optional<FaultKind> fromWire(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(name)).findFirst();
    }

    /** The wire names, for error messages. */
    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(FaultKind::wireName).toList());
    }
}
