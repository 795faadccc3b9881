package dev.mpmarketplace.orders.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.orders.Order;
import dev.mpmarketplace.orders.OrderPayment;
import dev.mpmarketplace.orders.OrderRefund;
import dev.mpmarketplace.orders.fact.OrderFact;
import dev.mpmarketplace.orders.repository.OrderPaymentRepository;
import dev.mpmarketplace.orders.repository.OrderRefundRepository;
import dev.mpmarketplace.orders.repository.OrderRepository;
import dev.mpmarketplace.outbox.ProcessedEvents;

/**
 * Applies one fact to its order, once: in one short transaction (no network call inside: decision 0014) that claims
 * the fact's id ({@link ProcessedEvents}), locks the order, applies the fact ({@link Order#apply}), writes what changed
 * and, when the order changed, adds the fact to the fact log and the "order changed" event to the outbox. A fact
 * applied before (the same Mercado Libre answer fetched again, an event delivered twice) does nothing.
 * <p>
 * Every fact of one order is applied under the order's row lock, so the outbox ids of its facts follow the order in
 * which they were applied, and so does the fact log (one key, one partition): replaying the log applies them in that
 * same order, and {@link Order#apply} depends on nothing else.
 */
@ApplicationScoped
public class OrderProjection {

    private static final Logger LOG = Logger.getLogger(OrderProjection.class);

    /** The consumer name under which facts are recorded as processed, whichever way they came. */
    public static final String CONSUMER = "order-facts";

    /** How a fact is applied. */
    public enum Mode {
        /** A fact the service just learned: written to the fact log when it changes the order. */
        LIVE,
        /** A fact read back from the fact log (a rebuild): already on it. */
        REPLAY
    }

    private final OrderRepository orders;
    private final OrderPaymentRepository payments;
    private final OrderRefundRepository refunds;
    private final ProcessedEvents processed;
    private final OrderEvents events;
    private final OrderMetrics metrics;

    public OrderProjection(OrderRepository orders, OrderPaymentRepository payments, OrderRefundRepository refunds,
            ProcessedEvents processed, OrderEvents events, OrderMetrics metrics) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.processed = processed;
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * Applies the fact once.
     *
     * @param publish whether a change is announced on {@code orders.events}
     * @return the outcome: an {@link Order.Outcome} in lower case, or {@link ProcessedEvents#DUPLICATE}
     */
    public Uni<String> apply(OrderFact fact, Mode mode, boolean publish) {
        return Panache.withTransaction(() -> processed.once(CONSUMER, fact.factId(), () -> applyLocked(fact, mode,
                publish)))
                .invoke(outcome -> {
                    metrics.fact(fact.kind(), outcome);
                    LOG.debugf("%s: %s", fact, outcome);
                });
    }

    private Uni<String> applyLocked(OrderFact fact, Mode mode, boolean publish) {
        return orders.locked(fact.orderId()).chain(found -> {
            if (found == null) {
                return apply(Order.start(fact), true, Map.of(), Map.of(), fact, mode, publish);
            }
            return payments.ofOrder(found.id).chain(known -> refunds.ofOrder(found.id)
                    .chain(knownRefunds -> apply(found, false, byKey(known), byId(knownRefunds), fact, mode,
                            publish)));
        });
    }

    private Uni<String> apply(Order order, boolean isNew, Map<String, OrderPayment> known,
            Map<Long, OrderRefund> knownRefunds, OrderFact fact, Mode mode, boolean publish) {
        Map<String, OrderPayment> paymentMap = new LinkedHashMap<>(known);
        Map<Long, OrderRefund> refundMap = new LinkedHashMap<>(knownRefunds);
        Order.Applied applied = order.apply(fact, paymentMap, refundMap);
        String outcome = applied.outcome().name().toLowerCase(Locale.ROOT);
        if (applied.outcome() != Order.Outcome.CHANGED) {
            return Uni.createFrom().item(outcome);
        }
        Uni<?> written = isNew ? orders.persist(order) : Uni.createFrom().voidItem();
        return written
                .chain(() -> persistAll(applied.newPayments()))
                .chain(() -> persistAll(applied.newRefunds()))
                .chain(() -> persistAll(applied.timeline()))
                .chain(() -> mode == Mode.LIVE ? events.logged(fact) : Uni.createFrom().item(false))
                .chain(() -> publish && applied.publishable()
                        ? events.changed(order, applied.previousStatus(), paymentMap.values(), fact)
                        : Uni.createFrom().item(false))
                .replaceWith(outcome);
    }

    private static Uni<Void> persistAll(List<?> entities) {
        if (entities.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.persistAll(entities.toArray()));
    }

    private static Map<String, OrderPayment> byKey(List<OrderPayment> list) {
        Map<String, OrderPayment> map = new LinkedHashMap<>();
        list.forEach(payment -> map.put(payment.paymentKey, payment));
        return map;
    }

    private static Map<Long, OrderRefund> byId(List<OrderRefund> list) {
        Map<Long, OrderRefund> map = new LinkedHashMap<>();
        list.forEach(refund -> map.put(refund.refundId, refund));
        return map;
    }
}
