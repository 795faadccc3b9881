package dev.mpmarketplace.payment.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.payment.OperationKind;
import dev.mpmarketplace.payment.PaymentOperation;

/** Captures, cancellations and refunds asked of Mercado Pago. */
@ApplicationScoped
public class PaymentOperationRepository implements PanacheRepositoryBase<PaymentOperation, UUID> {

    private static final String LEASE_UNRESOLVED = """
            UPDATE payment_operation o SET next_resolution_at = $1
             WHERE o.id IN (
                   SELECT id FROM payment_operation
                    WHERE state IN ('SUBMITTING', 'UNKNOWN') AND next_resolution_at <= $2
                    ORDER BY next_resolution_at
                    LIMIT $3
                    FOR UPDATE SKIP LOCKED)
            RETURNING o.id""";

    private final Pool pool;

    public PaymentOperationRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<PaymentOperation> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The operation of this kind made with this key; {@code null} when none. */
    public Uni<PaymentOperation> findByKey(OperationKind kind, String idempotencyKey) {
        return find("kind = ?1 and idempotencyKey = ?2", kind, idempotencyKey).firstResult();
    }

    /** The operation that made this Mercado Pago refund; {@code null} when none of ours did. */
    public Uni<PaymentOperation> findByRefundId(long refundId) {
        return find("mercadopagoRefundId", refundId).firstResult();
    }

    /** The payment's operations, oldest first. */
    public Uni<List<PaymentOperation>> ofPayment(UUID paymentId) {
        return list("paymentId = ?1 order by createdAt", paymentId);
    }

    /** Takes up to {@code limit} unresolved operations that are due (see {@link PaymentRepository#leaseUnresolved}). */
    public Uni<List<UUID>> leaseUnresolved(OffsetDateTime now, OffsetDateTime leaseUntil, int limit) {
        return pool.preparedQuery(LEASE_UNRESOLVED).execute(Tuple.of(leaseUntil, now, limit)).map(rows -> {
            List<UUID> ids = new ArrayList<>();
            for (Row row : rows) {
                ids.add(row.getUUID(0));
            }
            return ids;
        });
    }
}
