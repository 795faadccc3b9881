package dev.mpmarketplace.orders.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.orders.Order;
import dev.mpmarketplace.orders.OrderPayment;
import dev.mpmarketplace.orders.OrderRefund;
import dev.mpmarketplace.orders.OrderStatus;
import dev.mpmarketplace.orders.TimelineEntry;
import dev.mpmarketplace.orders.repository.OrderPaymentRepository;
import dev.mpmarketplace.orders.repository.OrderRefundRepository;
import dev.mpmarketplace.orders.repository.OrderRepository;
import dev.mpmarketplace.orders.repository.TimelineRepository;

/** Reads of the model for the API: one order, its timeline, a seller's orders newest first by keyset. */
@ApplicationScoped
public class OrderQueries {

    /** An order with its payments and refunds. */
    public record Full(Order order, List<OrderPayment> payments, List<OrderRefund> refunds) {
    }

    /** Where a page starts: after this order in the seller's view ({@code date_created} descending, then id). */
    public record Keyset(OffsetDateTime dateCreated, UUID id) {
    }

    /** A seller's view's filters. */
    public record Filter(long sellerId, Optional<OrderStatus> status, Optional<OffsetDateTime> from,
            Optional<OffsetDateTime> to, Optional<String> tag) {
    }

    /** A page, and the keyset of the next one when there may be more. */
    public record Page(List<Full> orders, Keyset next) {
    }

    private final OrderRepository orders;
    private final OrderPaymentRepository payments;
    private final OrderRefundRepository refunds;
    private final TimelineRepository timeline;

    public OrderQueries(OrderRepository orders, OrderPaymentRepository payments, OrderRefundRepository refunds,
            TimelineRepository timeline) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.timeline = timeline;
    }

    /** The order, if the model has it. */
    public Uni<Optional<Full>> order(UUID id) {
        return Panache.withSession(() -> orders.findById(id).chain(order -> order == null
                ? Uni.createFrom().item(Optional.<Full>empty())
                : payments.ofOrder(id).chain(paid -> refunds.ofOrder(id)
                        .map(refunded -> Optional.of(new Full(order, paid, refunded))))));
    }

    /** The order's timeline, if the model has the order. */
    public Uni<Optional<List<TimelineEntry>>> timeline(UUID id) {
        return Panache.withSession(() -> orders.findById(id).chain(order -> order == null
                ? Uni.createFrom().item(Optional.<List<TimelineEntry>>empty())
                : timeline.ofOrder(id).map(Optional::of)));
    }

    /**
     * The seller's orders the seller may see (seed 001: not those awaiting Mercado Pago's mandatory payment), newest
     * first ({@code date_created}, then id), {@code size} at most, after {@code after}.
     */
    public Uni<Page> sellerOrders(Filter filter, Optional<Keyset> after, int size) {
        StringBuilder query = new StringBuilder("sellerId = :seller and visibleToSeller = true");
        Parameters parameters = Parameters.with("seller", filter.sellerId());
        filter.status().ifPresent(status -> {
            query.append(" and status = :status");
            parameters.and("status", status);
        });
        filter.from().ifPresent(from -> {
            query.append(" and dateCreated >= :from");
            parameters.and("from", from);
        });
        filter.to().ifPresent(to -> {
            query.append(" and dateCreated < :to");
            parameters.and("to", to);
        });
        // Tags are a JSON array of words ([a-z0-9_]+, checked by the resource): the quoted word matches one element.
        filter.tag().ifPresent(tag -> {
            query.append(" and tags like :tag");
            parameters.and("tag", "%\"" + tag + "\"%");
        });
        after.ifPresent(keyset -> {
            query.append(" and (dateCreated < :afterDate or (dateCreated = :afterDate and id < :afterId))");
            parameters.and("afterDate", keyset.dateCreated()).and("afterId", keyset.id());
        });
        query.append(" order by dateCreated desc, id desc");
        return Panache.withSession(() -> orders.find(query.toString(), parameters).page(0, size + 1).list()
                .chain(found -> {
                    List<Order> page = found.size() > size ? found.subList(0, size) : found;
                    Keyset next = found.size() > size
                            ? new Keyset(page.get(size - 1).dateCreated, page.get(size - 1).id)
                            : null;
                    if (page.isEmpty()) {
                        return Uni.createFrom().item(new Page(List.of(), null));
                    }
                    List<UUID> ids = page.stream().map(order -> order.id).toList();
                    return payments.list("orderId in ?1 order by paymentKey", ids)
                            .chain(paid -> refunds.list("orderId in ?1 order by refundId", ids)
                                    .map(refunded -> {
                                        Map<UUID, List<OrderPayment>> paymentsByOrder = paid.stream()
                                                .collect(Collectors.groupingBy(payment -> payment.orderId));
                                        Map<UUID, List<OrderRefund>> refundsByOrder = refunded.stream()
                                                .collect(Collectors.groupingBy(refund -> refund.orderId));
                                        List<Full> full = new ArrayList<>();
                                        for (Order order : page) {
                                            full.add(new Full(order, paymentsByOrder.getOrDefault(order.id,
                                                    List.of()), refundsByOrder.getOrDefault(order.id, List.of())));
                                        }
                                        return new Page(full, next);
                                    }));
                }));
    }
}
