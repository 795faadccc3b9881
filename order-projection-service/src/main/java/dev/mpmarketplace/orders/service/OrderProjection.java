package dev.mpmarketplace.orders.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import dev.mpmarketplace.orders.Order;
import dev.mpmarketplace.orders.OrderPayment;
import dev.mpmarketplace.orders.OrderRefund;
import dev.mpmarketplace.orders.fact.OrderFact;
import dev.mpmarketplace.orders.repository.OrderPaymentRepository;
import dev.mpmarketplace.orders.repository.OrderRefundRepository;
import dev.mpmarketplace.orders.repository.OrderRepository;
import dev.mpmarketplace.orders.repository.TimelineRepository;
import dev.mpmarketplace.outbox.Outbox;
import dev.mpmarketplace.outbox.ProcessedEvents;
import dev.mpmarketplace.support.context.CallerContext;

/**
 * Applies one fact to its order, once: in one short transaction (no network call inside: decision 0014) that claims
 * the fact's id ({@link ProcessedEvents}), locks the order, applies the fact ({@link Order#apply}), writes what changed
 * and, when the order changed, adds the fact to the fact log and the "order changed" event to the outbox. A fact
 * applied before (the same Mercado Libre answer fetched again, an event delivered twice) does nothing.
 * <p>
 * Every fact of one order is applied under the order's lock, so the outbox ids of its facts follow the order in
 * which they were applied, and so does the fact log (one key, one partition): replaying the log applies them in that
 * same order, and {@link Order#apply} depends on nothing else.
 * <p>
 * Every fact of every input comes through here, so the transaction runs on one pooled connection of the reactive SQL
 * client without a Hibernate session (whose cost per record was half of the consumer's CPU: docs/benchmarks.md), in
 * two round trips: the order's lock, the claim, the order's row and its payments and refunds, pipelined; then every write and the
 * fact's outcome, pipelined. The repositories map the rows to the same entities the queries read.
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

    /** What the first round trip read: whether the fact was claimed, and the order with its payments and refunds. */
    private record Read(boolean claimed, Order order, List<OrderPayment> payments, List<OrderRefund> refunds) {
    }

    private final OrderRepository orders;
    private final OrderPaymentRepository payments;
    private final OrderRefundRepository refunds;
    private final TimelineRepository timeline;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final OrderEvents events;
    private final OrderMetrics metrics;
    private final Pool pool;

    public OrderProjection(OrderRepository orders, OrderPaymentRepository payments, OrderRefundRepository refunds,
            TimelineRepository timeline, ProcessedEvents processed, Outbox outbox, OrderEvents events,
            OrderMetrics metrics, Pool pool) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.timeline = timeline;
        this.processed = processed;
        this.outbox = outbox;
        this.events = events;
        this.metrics = metrics;
        this.pool = pool;
    }

    /**
     * Applies the fact once, in a transaction of its own.
     *
     * @param publish whether a change is announced on {@code orders.events}
     * @return the outcome: an {@link Order.Outcome} in lower case, or {@link ProcessedEvents#DUPLICATE}
     */
    public Uni<String> apply(OrderFact fact, Mode mode, boolean publish) {
        return CallerContext.resume(pool.withTransaction(connection -> read(connection, fact)
                .chain(read -> read.claimed()
                        ? applyLocked(connection, read, fact, mode, publish)
                        : Uni.createFrom().item(ProcessedEvents.DUPLICATE))))
                .invoke(outcome -> {
                    metrics.fact(fact.kind(), outcome);
                    LOG.debugf("%s: %s", fact, outcome);
                });
    }

    /**
     * The order's lock (taken first, so that facts about an order not in the model yet wait for each other instead of
     * racing to insert it), the claim, the order's row and its payments and refunds, pipelined: read once the lock is
     * held.
     */
    private Uni<Read> read(SqlClient connection, OrderFact fact) {
        return Uni.combine().all()
                .unis(orders.lock(connection, fact.orderId()), processed.claim(connection, CONSUMER, fact.factId()),
                        orders.find(connection, fact.orderId()), payments.ofOrder(connection, fact.orderId()),
                        refunds.ofOrder(connection, fact.orderId()))
                .with((locked, claimed, order, known, knownRefunds) -> new Read(claimed, order, known,
                        knownRefunds));
    }

    private Uni<String> applyLocked(SqlClient connection, Read read, OrderFact fact, Mode mode, boolean publish) {
        boolean isNew = read.order() == null;
        Order order = isNew ? Order.start(fact) : read.order();
        Map<String, OrderPayment> paymentMap = new LinkedHashMap<>();
        read.payments().forEach(payment -> paymentMap.put(payment.paymentKey, payment));
        Map<Long, OrderRefund> refundMap = new LinkedHashMap<>();
        read.refunds().forEach(refund -> refundMap.put(refund.refundId, refund));
        Order.Applied applied = order.apply(fact, paymentMap, refundMap);
        String outcome = applied.outcome().name().toLowerCase(Locale.ROOT);
        List<Uni<?>> writes = new ArrayList<>(8);
        if (applied.outcome() == Order.Outcome.CHANGED) {
            // In this order: the order's row before the rows that reference it.
            writes.add(isNew ? orders.insert(connection, order) : orders.update(connection, order));
            writes.add(payments.insert(connection, applied.newPayments()));
            writes.add(payments.update(connection, applied.changedPayments()));
            writes.add(refunds.insert(connection, applied.newRefunds()));
            writes.add(timeline.insert(connection, applied.timeline()));
            if (mode == Mode.LIVE) {
                writes.add(outbox.add(connection, events.logged(fact)));
            }
            if (publish && applied.publishable()) {
                writes.add(outbox.add(connection,
                        events.changed(order, applied.previousStatus(), paymentMap.values(), fact)));
            }
        }
        writes.add(processed.recordOutcome(connection, CONSUMER, fact.factId(), outcome));
        return Uni.combine().all().unis(writes).discardItems().replaceWith(outcome);
    }
}
