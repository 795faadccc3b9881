package dev.mpmarketplace.events.payment;

import java.util.List;

import dev.mpmarketplace.events.EventTypes;

/**
 * The CloudEvents types of the commands on {@code payments.commands}, and which record carries each one's data. Every
 * command carries the sender's {@code idempotency_key}: the same key with the same request is one effect, however
 * often it is sent (and whether it comes as a command or over HTTP); the same key with another request is refused.
 */
public final class PaymentCommandTypes {

    /** Create a payment for a seller; data {@link CreatePayment}. */
    public static final String CREATE = EventTypes.command("payment", "create");
    /** Capture an authorized payment, all or part of it; data {@link CapturePayment}. */
    public static final String CAPTURE = EventTypes.command("payment", "capture");
    /** Cancel a pending, in-process or authorized payment; data {@link CancelPayment}. */
    public static final String CANCEL = EventTypes.command("payment", "cancel");
    /** Refund a payment, all of what remains or part of it; data {@link RefundPayment}. */
    public static final String REFUND = EventTypes.command("payment", "refund");

    /** Every command type. */
    public static final List<String> ALL = List.of(CREATE, CAPTURE, CANCEL, REFUND);

    private PaymentCommandTypes() {
    }
}
