package dev.mpmarketplace.orders;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An order's status: Mercado Libre's words (reference 7), and {@code refunded} for a marketplace order whose payments
 * were all refunded (Mercado Libre keeps such an order {@code paid} or cancels it). Each status says which it may move
 * to: forward through payment, then refund or cancellation; back only where Mercado Libre itself goes back (a payment
 * in process that is rejected leaves the order waiting for payment again). {@code cancelled}, {@code invalid} and
 * {@code refunded} are final.
 */
public enum OrderStatus {

    /** Created outside Mercado Pago's mandatory flow: visible, not paid yet. */
    CONFIRMED,
    /** Created in Mercado Pago's mandatory flow: hidden from the seller until paid (seed 001). */
    PAYMENT_REQUIRED,
    /** A payment exists and is not accredited yet. */
    PAYMENT_IN_PROCESS,
    /** Accredited payments do not cover the total. */
    PARTIALLY_PAID,
    /** Accredited payments cover the total. */
    PAID,
    /** Part of what was paid was refunded. */
    PARTIALLY_REFUNDED,
    /** Cancelled, with a refund still owed. */
    PENDING_CANCEL,
    /** Not completed; {@code cancel_detail} says why. */
    CANCELLED,
    /** Invalidated by Mercado Libre (a malicious buyer). */
    INVALID,
    /** A marketplace order whose every paid amount was refunded. */
    REFUNDED;

    private static final Map<String, OrderStatus> BY_WORD = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(OrderStatus::word, Function.identity()));

    /** Where a status may go; filled below, since an enum constant cannot name later ones. */
    private Set<OrderStatus> next = Set.of();

    static {
        allow(CONFIRMED, PAYMENT_IN_PROCESS, PARTIALLY_PAID, PAID, PARTIALLY_REFUNDED, PENDING_CANCEL, CANCELLED,
                INVALID);
        allow(PAYMENT_REQUIRED, PAYMENT_IN_PROCESS, PARTIALLY_PAID, PAID, PENDING_CANCEL, CANCELLED, INVALID);
        allow(PAYMENT_IN_PROCESS, CONFIRMED, PAYMENT_REQUIRED, PARTIALLY_PAID, PAID, PENDING_CANCEL, CANCELLED,
                INVALID);
        allow(PARTIALLY_PAID, PAYMENT_IN_PROCESS, PAID, PARTIALLY_REFUNDED, PENDING_CANCEL, CANCELLED, INVALID,
                REFUNDED);
        allow(PAID, PARTIALLY_REFUNDED, PENDING_CANCEL, CANCELLED, INVALID, REFUNDED);
        allow(PARTIALLY_REFUNDED, PENDING_CANCEL, CANCELLED, REFUNDED);
        allow(PENDING_CANCEL, CANCELLED);
    }

    private static void allow(OrderStatus from, OrderStatus... to) {
        from.next = EnumSet.of(to[0], to);
    }

    /** The word on the wire: {@code payment_required}, {@code paid}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a word, if it is one. */
    public static Optional<OrderStatus> of(String word) {
        return Optional.ofNullable(word == null ? null : BY_WORD.get(word.toLowerCase(Locale.ROOT)));
    }

    /** Whether an order may move from this status to {@code status} (staying is not a move). */
    public boolean mayBecome(OrderStatus status) {
        return next.contains(status);
    }

    /** Whether nothing moves an order on from here. */
    public boolean isFinal() {
        return next.isEmpty();
    }

    /** Whether the order was paid in full at some point: {@code date_closed} is set from then on (seed 001). */
    public boolean isPaid() {
        return this == PAID || this == PARTIALLY_REFUNDED || this == REFUNDED;
    }

    /**
     * Whether the order may still change without being paid, cancelled or refunded first: what the periodic re-read
     * of Mercado Libre orders looks at.
     */
    public boolean isUnsettled() {
        return this == CONFIRMED || this == PAYMENT_REQUIRED || this == PAYMENT_IN_PROCESS || this == PARTIALLY_PAID
                || this == PENDING_CANCEL;
    }
}
