package dev.mpmarketplace.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A refund Mercado Pago lists for a payment, recorded once (one "refunded" event each). */
@Entity
@Table(name = "payment_refund")
public class PaymentRefund {

    @Id
    @Column(name = "refund_id")
    public Long refundId;

    @Column(name = "payment_id", nullable = false)
    public UUID paymentId;

    @Column(name = "amount", nullable = false)
    public BigDecimal amount;

    @Column(name = "refunded_at")
    public OffsetDateTime refundedAt;

    /** The platform's operation that made it; {@code null} for a refund made elsewhere. */
    @Column(name = "operation_id")
    public UUID operationId;

    @Column(name = "observed_at", nullable = false)
    public OffsetDateTime observedAt;
}
