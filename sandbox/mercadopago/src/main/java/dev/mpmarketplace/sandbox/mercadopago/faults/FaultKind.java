package dev.mpmarketplace.sandbox.mercadopago.faults;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a fault rule does. The first six act on requests to the simulated API, the next three on outgoing webhooks,
 * the last one on what an endpoint accepts (the endpoint consults it).
 */
public enum FaultKind {
    /** Delays the request, then lets it through (or lets the request's other rule answer). */
    LATENCY(false, false, false),
    /** Answers a 5xx in the classic envelope. */
    ERROR(true, false, false),
    /** Answers 429 with {@code Retry-After}. */
    RATE_LIMIT(true, false, false),
    /** Closes the connection without an answer. */
    RESET(true, false, false),
    /** Answers the resource's 404 while its id was notified less than {@code duration_ms} ago. */
    NOT_FOUND_AFTER_NOTIFY(true, false, false),
    /**
     * Lets the request have its effect, then loses the answer: closes the connection, answers a 5xx, or holds the
     * answer past the caller's timeout ({@code mode}). The fault that makes a client charge twice.
     */
    LOST_ANSWER(false, false, false),
    /** Sends a notification twice, each with its own {@code x-request-id}. */
    WEBHOOK_DUPLICATE(false, true, false),
    /** Holds notifications and releases them as a shuffled batch. */
    WEBHOOK_OUT_OF_ORDER(false, true, false),
    /** Records a notification as {@code dropped} and never sends it. */
    WEBHOOK_DROP(false, true, false),
    /**
     * Lets a payment be made with a card token that already paid ({@code POST /v1/payments}), as a payment that needs
     * no single-use token would be (a saved card charged by its customer, account money): what makes a second charge
     * with a new idempotency key a second payment instead of a 400. Consulted by the payments endpoint.
     */
    CARD_TOKEN_REUSE(false, false, true);

    private final boolean answers;
    private final boolean webhook;
    private final boolean endpoint;

    FaultKind(boolean answers, boolean webhook, boolean endpoint) {
        this.answers = answers;
        this.webhook = webhook;
        this.endpoint = endpoint;
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

    /**
     * Whether the rule changes what an endpoint accepts rather than a request's answer or a webhook: it has no path,
     * and the endpoint it concerns consults it ({@link FaultInjector#draw}).
     */
    public boolean endpoint() {
        return endpoint;
    }

    public static Optional<FaultKind> fromWire(String name) {
        return Arrays.stream(values()).filter(kind -> kind.wireName().equals(name)).findFirst();
    }

    /** The wire names, for error messages. */
    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(FaultKind::wireName).toList());
    }
}
