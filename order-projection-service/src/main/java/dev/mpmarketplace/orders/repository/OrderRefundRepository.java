package dev.mpmarketplace.orders.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.orders.OrderRefund;

/** Refunds of orders' payments. */
@ApplicationScoped
public class OrderRefundRepository implements PanacheRepositoryBase<OrderRefund, OrderRefund.Key> {

    /** An order's refunds, by refund id. */
    public Uni<List<OrderRefund>> ofOrder(UUID orderId) {
        return list("orderId", Sort.by("refundId"), orderId);
    }
}
