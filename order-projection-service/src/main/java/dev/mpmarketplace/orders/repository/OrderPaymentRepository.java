package dev.mpmarketplace.orders.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.orders.OrderPayment;

/** Orders' payments. */
@ApplicationScoped
public class OrderPaymentRepository implements PanacheRepositoryBase<OrderPayment, OrderPayment.Key> {

    /** An order's payments, by key. */
    public Uni<List<OrderPayment>> ofOrder(UUID orderId) {
        return list("orderId", Sort.by("paymentKey"), orderId);
    }
}
