package dev.mpmarketplace.orders.service;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.order.OrderChanged;
import dev.mpmarketplace.events.order.OrderEventTypes;
import dev.mpmarketplace.orders.Order;
import dev.mpmarketplace.orders.OrderOrigin;
import dev.mpmarketplace.orders.OrderPayment;
import dev.mpmarketplace.orders.OrderStatus;
import dev.mpmarketplace.orders.fact.OrderFact;
import dev.mpmarketplace.outbox.OutboxMessage;

/**
 * What the service writes to Kafka, always through the outbox ({@code Outbox#add(SqlClient, OutboxMessage)}) inside
 * the transaction of the change: the fact itself on its fact log ({@code order-projection-service.facts}) and the
 * "order changed" event on {@code orders.events}. Both keyed {@code <seller id>:<order id>}, so one order's records
 * keep their order.
 */
@ApplicationScoped
public class OrderEvents {

    /** The fact, on the fact log. */
    public OutboxMessage logged(OrderFact fact) {
        return new OutboxMessage(Topic.ORDER_PROJECTION_FACTS, fact.logKey(), fact.factId(),
                fact.kind().type(), EventSource.ORDER_PROJECTION, Long.toString(fact.sellerId()), fact.observedAt(),
                fact);
    }

    /** The order as it is after the fact, with the fact's cause; its id is a stable id of the order and its version. */
    public OutboxMessage changed(Order order, OrderStatus previousStatus, Collection<OrderPayment> payments,
            OrderFact fact) {
        List<OrderChanged.Payment> paymentViews = payments.stream()
                .sorted(Comparator.comparing(payment -> payment.paymentKey))
                .map(payment -> new OrderChanged.Payment(payment.mercadopagoPaymentId, payment.paymentId,
                        payment.status, payment.statusDetail, payment.transactionAmount, payment.refundedAmount,
                        payment.tagList()))
                .toList();
        OrderChanged data = new OrderChanged(order.id.toString(), order.sellerId, order.reference,
                order.origin.name().toLowerCase(Locale.ROOT),
                order.origin == OrderOrigin.MERCADOLIBRE ? order.mercadolibreOrderId : null, order.status.word(),
                previousStatus == null ? null : previousStatus.word(), order.statusDetail, order.visibleToSeller,
                order.currencyId, order.totalAmount, order.paidAmount, order.refundedAmount, order.tagList(),
                paymentViews, order.dateCreated, order.dateClosed, order.version,
                new OrderChanged.Cause(fact.cause().kind().word(), fact.cause().eventId()), fact.observedAt());
        String subject = Long.toString(order.sellerId);
        return new OutboxMessage(Topic.ORDER_EVENTS, subject + ":" + order.id,
                StableEventId.of("order", OrderEventTypes.CHANGED, order.id.toString(), "v" + order.version),
                OrderEventTypes.CHANGED, EventSource.ORDER_PROJECTION, subject, fact.observedAt(), data);
    }
}
