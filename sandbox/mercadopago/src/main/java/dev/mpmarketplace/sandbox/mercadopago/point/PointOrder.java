package dev.mpmarketplace.sandbox.mercadopago.point;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Orders API order of type {@code point} ({@code POST /v1/orders}, reference 5B and 12.b): one payment transaction
 * sent to a terminal. Its status changes only through {@link #moveTo}, which refuses what {@link OrderStatus#allows}
 * does not allow; every change counts a {@link #version}. Part of the persisted state (public fields).
 */
public final class PointOrder {
    /** {@code ORD} and 26 upper-case letters and digits. */
    public String id;
    public long userId;
    public String clientId;
    public String externalReference;
    public String description;
    /** As requested (ISO-8601 duration), or the default. */
    public String expirationTime;
    public Instant expiresAt;
    public OrderStatus status = OrderStatus.CREATED;
    public String statusDetail = "created";
    public String currency;
    public String countryCode;
    public String terminalId;
    /** {@code config} as sent (validated), echoed. */
    public ObjectNode config;
    /** The payment transaction: {@code PAY} and 26 characters. */
    public String transactionId;
    public BigDecimal amount;
    public String transactionStatus = "created";
    public String transactionStatusDetail = "ready_to_process";
    /** The {@code /v1/payments} payment the terminal made, once processed. */
    public Long paymentId;
    public String paymentMethodId;
    public String paymentTypeId;
    public int installments = 1;
    public BigDecimal refundedAmount = BigDecimal.ZERO;
    public List<OrderRefund> refunds = new ArrayList<>();
    public String idempotencyKey;
    /** The create request as received, canonicalized: the same key with another body is refused. */
    public String requestFingerprint;
    public Instant createdAt;
    public Instant updatedAt;
    /** When the buyer started paying at the terminal; {@code action_required} follows 40 s later without a result. */
    public Instant processingStartedAt;
    /** When a cancellation at the terminal was asked through the API ({@code x-allow-cancelable-status}). */
    public Instant cancelRequestedAt;
    /** Counts the changes; sent in the {@code order} webhook's data. */
    public int version = 1;
    public List<StateChange> history = new ArrayList<>();

    /** A refund of the order's payment ({@code transactions.refunds[]}). */
    public static final class OrderRefund {
        /** {@code REF} and 26 characters. */
        public String id;
        public String transactionId;
        /** The {@code /v1/payments} refund. */
        public long referenceId;
        public BigDecimal amount;
        public String idempotencyKey;
        public Instant createdAt;
    }

    void moveTo(OrderStatus next, String detail, Instant now) {
        if (!status.allows(next)) {
            throw new IllegalTransition("an order in status " + status.wireName() + " cannot become "
                    + next.wireName());
        }
        status = next;
        statusDetail = detail;
        changed(now);
        history.add(new StateChange(next.wireName(), now));
    }

    void changed(Instant now) {
        updatedAt = now;
        version++;
    }
}
