package dev.mpmarketplace.payment.repository;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.payment.PaymentRefund;

/** The refunds Mercado Pago lists for payments, each recorded once. */
@ApplicationScoped
public class PaymentRefundRepository implements PanacheRepositoryBase<PaymentRefund, Long> {

    private static final String RECORD = """
            INSERT INTO payment_refund (refund_id, payment_id, amount, refunded_at, operation_id, observed_at)
            VALUES (:refundId, :paymentId, :amount, :refundedAt, :operationId, :observedAt)
            ON CONFLICT (refund_id) DO NOTHING""";

    private static final String LINK_OPERATION = """
            UPDATE payment_refund SET operation_id = :operationId WHERE refund_id = :refundId AND operation_id IS NULL""";

    /**
     * In the caller's transaction: records a refund unless it is recorded already.
     *
     * @return {@code true} when this call recorded it (a first observation)
     */
    public Uni<Boolean> record(long refundId, UUID paymentId, BigDecimal amount, OffsetDateTime refundedAt,
            UUID operationId, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(RECORD)
                .setParameter("refundId", refundId)
                .setParameter("paymentId", paymentId)
                .setParameter("amount", amount)
                .setParameter("refundedAt", refundedAt)
                .setParameter("operationId", operationId)
                .setParameter("observedAt", now)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** In the caller's transaction: names the operation that made a refund first observed without it. */
    public Uni<Void> linkOperation(long refundId, UUID operationId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LINK_OPERATION)
                .setParameter("operationId", operationId)
                .setParameter("refundId", refundId)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The payment's refunds, oldest first. */
    public Uni<List<PaymentRefund>> ofPayment(UUID paymentId) {
        return list("paymentId = ?1 order by refundId", paymentId);
    }
}
