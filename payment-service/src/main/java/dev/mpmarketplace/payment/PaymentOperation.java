package dev.mpmarketplace.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A capture, cancellation or refund the platform asks Mercado Pago for, stored before the call with the caller's
 * idempotency key. Its {@link #id} is the {@code X-Idempotency-Key} of a refund, so a refund whose outcome is unknown
 * is repeated with the same key and never made twice. State changes only through the methods below.
 */
@Entity
@Table(name = "payment_operation")
public class PaymentOperation {

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "payment_id", nullable = false)
    public UUID paymentId;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false)
    public OperationKind kind;

    @Column(name = "idempotency_key", nullable = false)
    public String idempotencyKey;

    @Column(name = "request_fingerprint", nullable = false)
    public String requestFingerprint;

    @Column(name = "amount")
    public BigDecimal amount;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false)
    public OperationState state;

    @Column(name = "mercadopago_refund_id")
    public Long mercadopagoRefundId;

    @Column(name = "refusal")
    public String refusal;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "next_resolution_at")
    public OffsetDateTime nextResolutionAt;

    @Column(name = "resolution_attempts", nullable = false)
    public int resolutionAttempts;

    public static PaymentOperation submitted(UUID id, UUID paymentId, OperationKind kind, String idempotencyKey,
            String fingerprint, BigDecimal amount, OffsetDateTime resolveAfter, OffsetDateTime now) {
        PaymentOperation operation = new PaymentOperation();
        operation.id = id;
        operation.paymentId = paymentId;
        operation.kind = kind;
        operation.idempotencyKey = idempotencyKey;
        operation.requestFingerprint = fingerprint;
        operation.amount = amount;
        operation.state = OperationState.SUBMITTING;
        operation.createdAt = now;
        operation.updatedAt = now;
        operation.nextResolutionAt = resolveAfter;
        return operation;
    }

    /** Mercado Pago did it; a refund names its refund id. Only from an unresolved state. */
    public boolean done(Long refundId, OffsetDateTime now) {
        if (!state.unresolved()) {
            return false;
        }
        state = OperationState.DONE;
        mercadopagoRefundId = refundId;
        nextResolutionAt = null;
        updatedAt = now;
        return true;
    }

    /** Mercado Pago refused it; {@code problem} is replayed to a repeated request. Only from an unresolved state. */
    public boolean refuse(String problem, OffsetDateTime now) {
        if (!state.unresolved()) {
            return false;
        }
        state = OperationState.REFUSED;
        refusal = problem;
        nextResolutionAt = null;
        updatedAt = now;
        return true;
    }

    /** The call's outcome is unknown: the resolver asks at {@code nextAttempt}. */
    public boolean outcomeUnknown(OffsetDateTime nextAttempt, OffsetDateTime now) {
        if (!state.unresolved()) {
            return false;
        }
        state = OperationState.UNKNOWN;
        nextResolutionAt = nextAttempt;
        updatedAt = now;
        return true;
    }

    /** A resolution attempt decided nothing; the next one is at {@code nextAttempt}. */
    public void resolutionPostponed(OffsetDateTime nextAttempt, OffsetDateTime now) {
        if (state.unresolved()) {
            resolutionAttempts++;
            nextResolutionAt = nextAttempt;
            updatedAt = now;
        }
    }
}
