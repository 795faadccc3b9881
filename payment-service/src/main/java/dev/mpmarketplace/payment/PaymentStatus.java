package dev.mpmarketplace.payment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A payment's status: Mercado Pago's (reference section 2.5), or one of the platform's own while Mercado Pago's is not
 * known ({@link #SUBMITTING}, {@link #UNKNOWN}, {@link #REFUSED}). On the wire each is its lower-case word, as
 * Mercado Pago writes its own.
 * <p>
 * The rank orders Mercado Pago's statuses along a payment's life; a payment never moves to a lower rank (a late
 * {@code pending} after {@code approved}, a late {@code approved} after {@code refunded} change nothing). Statuses of
 * one rank ({@code approved} and {@code in_mediation}, {@code rejected} and {@code cancelled}) follow each other in
 * the order of Mercado Pago's {@code date_last_updated}. The platform's own statuses have rank 0: any answer of
 * Mercado Pago replaces them.
 */
public enum PaymentStatus {

    /** Ours: the payment is stored and its create call is being made (or was, by a process that stopped). */
    SUBMITTING(0, true, false),
    /** Ours: the create call's outcome is unknown (timeout, lost connection, 5xx); resolved by asking Mercado Pago. */
    UNKNOWN(0, true, false),
    /** Ours: Mercado Pago refused the create (a 4xx): no payment exists there. */
    REFUSED(0, true, true),
    PENDING(1, false, false),
    IN_PROCESS(1, false, false),
    AUTHORIZED(2, false,
            false),
    APPROVED(3, false, false),
    IN_MEDIATION(3, false, false),
    REJECTED(4, false,
            true),
    CANCELLED(4, false, true),
    REFUNDED(5, false, true),
    CHARGED_BACK(5, false, true);

    private final int rank;
    private final boolean ours;
    private final boolean terminal;

    PaymentStatus(int rank, boolean ours, boolean terminal) {
        this.rank = rank;
        this.ours = ours;
        this.terminal = terminal;
    }

    /** The position along a payment's life; never goes down. */
    public int rank() {
        return rank;
    }

    /** One of the platform's own statuses, not Mercado Pago's. */
    public boolean ours() {
        return ours;
    }

    /** Nothing more can happen to the payment (refunds and chargebacks aside, which {@code approved} still allows). */
    public boolean terminal() {
        return terminal;
    }

    /** The creation's outcome is not known yet: the resolver asks Mercado Pago. */
    public boolean unresolved() {
        return this == SUBMITTING || this == UNKNOWN;
    }

    /** The word on the wire: {@code approved}, {@code in_process}, {@code unknown}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Mercado Pago's status word; empty when it is not one of Mercado Pago's. */
    public static Optional<PaymentStatus> ofMercadoPago(String word) {
        return Arrays.stream(values()).filter(s -> !s.ours && s.word().equals(word)).findFirst();
    }

    /** Any status word, ours or Mercado Pago's; empty when unknown. */
    public static Optional<PaymentStatus> ofWord(String word) {
        return Arrays.stream(values()).filter(s -> s.word().equals(word)).findFirst();
    }
}
