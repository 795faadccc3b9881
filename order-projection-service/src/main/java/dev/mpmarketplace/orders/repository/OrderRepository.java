package dev.mpmarketplace.orders.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.orders.Order;
import dev.mpmarketplace.orders.OrderOrigin;
import dev.mpmarketplace.orders.OrderStatus;

/** Orders. */
@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, UUID> {

    /** The order, locked for the rest of the transaction (every fact of an order is applied under this lock). */
    public Uni<Order> locked(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Mercado Libre orders that may still change and have not changed since {@code unchangedSince}, created after
     * {@code createdAfter}, the longest unchanged first: what the periodic re-read fetches.
     */
    public Uni<List<Order>> unsettledMercadoLibreOrders(OffsetDateTime unchangedSince, OffsetDateTime createdAfter,
            int limit) {
        List<OrderStatus> unsettled = java.util.Arrays.stream(OrderStatus.values()).filter(OrderStatus::isUnsettled)
                .toList();
        return find("origin = :origin and status in :statuses and changedAt < :since and dateCreated > :after"
                + " order by changedAt",
                Parameters.with("origin", OrderOrigin.MERCADOLIBRE)
                        .and("statuses", unsettled).and("since", unchangedSince).and("after", createdAfter))
                .page(0, limit).list();
    }

    /** The order a seller's Mercado Pago payment belongs to, as {@code (id, reference)}, if the model has it. */
    public Uni<Optional<String>> referenceOfPayment(long sellerId, long mercadopagoPaymentId) {
        return getSession().chain(session -> session.createSelectionQuery(
                "select o.reference from Order o, OrderPayment p where p.orderId = o.id and p.sellerId = :seller"
                        + " and p.mercadopagoPaymentId = :payment",
                String.class).setParameter("seller", sellerId).setParameter("payment", mercadopagoPaymentId)
                .setMaxResults(1).getResultList())
                .map(references -> references.stream().findFirst());
    }
}
