package dev.mpmarketplace.orders;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.mpmarketplace.events.payment.PaymentRefunded;
import dev.mpmarketplace.events.payment.PaymentStatusChanged;
import dev.mpmarketplace.mercadopago.client.mercadolibre.MercadoLibreOrder;
import dev.mpmarketplace.orders.fact.IntentFact;
import dev.mpmarketplace.orders.fact.OrderFact;

/**
 * An order of the read model: a Mercado Libre order, or the marketplace's own order known from its payments, of one
 * seller and one reference.
 * <p>
 * It changes only through {@link #apply}, one fact at a time, and every change is a function of the fact and of what
 * the order was, nothing else (no clock): the same facts applied in the same order make the same order, which is what
 * a rebuild from the fact log relies on. Its rules:
 * <ul>
 * <li><b>Never backwards.</b> A Mercado Libre answer older than the one applied ({@code last_updated}) is stale and
 * changes nothing; a newer one whose status may not follow ({@link OrderStatus#mayBecome}) changes nothing either, and
 * neither does one that would cancel an order refunded to account money (seed 001: such an order is never cancelled).
 * A payment moves only forward ({@link OrderPayment#observe}).</li>
 * <li><b>Mercado Libre's word for Mercado Libre's orders.</b> Their status, amounts, tags and dates are Mercado
 * Libre's; payment-service's events add to their payments and refunds only. A marketplace order's status is what its
 * payments add up to ({@link #derive}).</li>
 * <li><b>Seed 001.</b> Hidden from the seller while Mercado Pago's mandatory payment is awaited
 * ({@code payment_required}); {@code date_closed} set when paid (Mercado Libre's, or the time of the answer that first
 * said paid, when it gave none).</li>
 * <li><b>Every change has its cause</b> in the timeline: the fact and what made the service learn it.</li>
 * </ul>
 */
@Entity
@Table(name = "orders")
public class Order {

    /** What applying one fact did. */
    public enum Outcome {
        /** The order changed: a new version, the fact on the log. */
        CHANGED,
        /** Nothing changed (the fact said what the order already was). */
        UNCHANGED,
        /** A Mercado Libre answer older than the one applied. */
        STALE,
        /** A newer answer whose status may not follow the order's: refused. */
        BACKWARDS,
        /** The fact says nothing the model keeps (an unknown status word). */
        IGNORED
    }

    /**
     * The result of {@link #apply}.
     *
     * @param outcome what it did
     * @param previousStatus the status before
     * @param timeline the entries it added, in order
     * @param newPayments the payments it added (to persist)
     * @param changedPayments the payments it had before and changed (to write again)
     * @param newRefunds the refunds it added (to persist; a refund never changes)
     * @param publishable whether what the order-changed event carries changed (status, amounts, tags, visibility,
     *        dates, payments, refunds); a change of only Mercado Libre's {@code last_updated}, items or buyer is not
     */
    public record Applied(Outcome outcome, OrderStatus previousStatus, List<TimelineEntry> timeline,
            List<OrderPayment> newPayments, List<OrderPayment> changedPayments, List<OrderRefund> newRefunds,
            boolean publishable) {

        static Applied nothing(Outcome outcome, OrderStatus status) {
            return new Applied(outcome, status, List.of(), List.of(), List.of(), List.of(), false);
        }
    }

    /** What the order-changed event says: a change here is worth an event. */
    record Published(OrderStatus status, String statusDetail, boolean visibleToSeller, String currencyId,
            BigDecimal totalAmount, BigDecimal paidAmount, BigDecimal refundedAmount, String tags,
            OffsetDateTime dateCreated, OffsetDateTime dateClosed, OrderOrigin origin) {
    }

    /** Everything the model keeps of the order, but its counters. */
    record State(Published published, String siteId, String sellerNickname, Long buyerId, String buyerNickname,
            String buyerFirstName, String buyerLastName, String buyerEmail, String items, String cancelDetail,
            Long packId, Long shippingId, OffsetDateTime lastUpdated, OffsetDateTime mercadolibreLastUpdated,
            String mercadolibreFactId, Long mercadolibreOrderId) {
    }

    /** Seed 001: an order refunded to account money keeps this tag and is never cancelled. */
    static final String UNFULFILLED = "unfulfilled";

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "seller_id", nullable = false)
    public long sellerId;

    @Column(name = "reference", nullable = false)
    public String reference;

    @Enumerated(EnumType.STRING)
    @Column(name = "origin", nullable = false)
    public OrderOrigin origin;

    @Column(name = "mercadolibre_order_id")
    public Long mercadolibreOrderId;

    @Convert(converter = OrderStatusColumn.class)
    @Column(name = "status", nullable = false)
    public OrderStatus status;

    @Column(name = "status_detail")
    public String statusDetail;

    @Column(name = "visible_to_seller", nullable = false)
    public boolean visibleToSeller;

    @Column(name = "site_id")
    public String siteId;

    @Column(name = "currency_id")
    public String currencyId;

    @Column(name = "total_amount")
    public BigDecimal totalAmount;

    @Column(name = "paid_amount")
    public BigDecimal paidAmount;

    @Column(name = "refunded_amount")
    public BigDecimal refundedAmount;

    /** JSON text of the order's tags. */
    @Column(name = "tags", nullable = false)
    public String tags;

    @Column(name = "seller_nickname")
    public String sellerNickname;

    @Column(name = "buyer_id")
    public Long buyerId;

    @Column(name = "buyer_nickname")
    public String buyerNickname;

    @Column(name = "buyer_first_name")
    public String buyerFirstName;

    @Column(name = "buyer_last_name")
    public String buyerLastName;

    @Column(name = "buyer_email")
    public String buyerEmail;

    /** JSON text of the order's lines ({@code MercadoLibreOrder.Item}). */
    @Column(name = "items", nullable = false)
    public String items;

    /** JSON text of Mercado Libre's {@code cancel_detail}, when cancelled. */
    @Column(name = "cancel_detail")
    public String cancelDetail;

    @Column(name = "pack_id")
    public Long packId;

    @Column(name = "shipping_id")
    public Long shippingId;

    @Column(name = "date_created")
    public OffsetDateTime dateCreated;

    @Column(name = "date_closed")
    public OffsetDateTime dateClosed;

    /** The provider's time of the newest fact applied. */
    @Column(name = "last_updated")
    public OffsetDateTime lastUpdated;

    /** Mercado Libre's {@code last_updated} of the answer applied: an older answer is stale. */
    @Column(name = "mercadolibre_last_updated")
    public OffsetDateTime mercadolibreLastUpdated;

    /** The fact id of the Mercado Libre answer applied. */
    @Column(name = "mercadolibre_fact_id")
    public String mercadolibreFactId;

    /** How many facts changed the order. */
    @Column(name = "version", nullable = false)
    public long version;

    /** How many timeline entries it has (the next entry's number). */
    @Column(name = "timeline_size", nullable = false)
    public int timelineSize;

    /** When the service learned the fact of the last change. */
    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;

    /** A new order for the fact's seller and reference, before its first fact is applied. */
    public static Order start(OrderFact fact) {
        Order order = new Order();
        order.id = fact.orderId();
        order.sellerId = fact.sellerId();
        order.reference = fact.reference();
        order.origin = OrderOrigin.MARKETPLACE;
        order.tags = ModelJson.write(List.of());
        order.items = ModelJson.write(List.of());
        order.changedAt = fact.observedAt();
        return order;
    }

    /**
     * Applies one fact.
     *
     * @param payments the order's payments by key; payments the fact adds are put there too
     * @param refunds the order's refunds by refund id; refunds the fact adds are put there too
     */
    public Applied apply(OrderFact fact, Map<String, OrderPayment> payments, Map<Long, OrderRefund> refunds) {
        if (!id.equals(fact.orderId())) {
            throw new IllegalArgumentException("fact " + fact.factId() + " is about another order");
        }
        OrderStatus previous = status;
        State before = state();
        Map<String, OrderPayment.State> paymentsBefore = paymentStates(payments.values());
        int refundsBefore = refunds.size();
        Change change = new Change(fact, payments, refunds);
        Optional<Outcome> refused = switch (fact.kind()) {
            case MERCADOLIBRE_ORDER -> observeMercadoLibre(fact.mercadolibreOrder(), change);
            case PAYMENT_STATUS -> observePayment(fact.payment(), change);
            case PAYMENT_REFUND -> observeRefund(fact.refund(), change);
            case POINT_INTENT -> observeIntent(fact.intent(), change);
        };
        if (refused.isPresent()) {
            return Applied.nothing(refused.get(), previous);
        }
        State after = state();
        Map<String, OrderPayment.State> paymentsAfter = paymentStates(payments.values());
        boolean changed = !before.equals(after) || !paymentsBefore.equals(paymentsAfter)
                || refunds.size() != refundsBefore || !change.timeline.isEmpty();
        if (!changed) {
            return Applied.nothing(Outcome.UNCHANGED, previous);
        }
        version++;
        changedAt = fact.observedAt();
        boolean publishable = !before.published().equals(after.published())
                || !published(paymentsBefore).equals(published(paymentsAfter)) || refunds.size() != refundsBefore;
        List<OrderPayment> changedPayments = payments.values().stream()
                .filter(payment -> paymentsBefore.containsKey(payment.paymentKey)
                        && !paymentsBefore.get(payment.paymentKey).equals(paymentsAfter.get(payment.paymentKey)))
                .toList();
        return new Applied(Outcome.CHANGED, previous, List.copyOf(change.timeline), List.copyOf(change.newPayments),
                changedPayments, List.copyOf(change.newRefunds), publishable);
    }

    private Optional<Outcome> observeMercadoLibre(MercadoLibreOrder answer, Change change) {
        OffsetDateTime at = Times.utc(answer.lastUpdated() != null ? answer.lastUpdated() : change.fact.observedAt());
        if (Times.before(at, mercadolibreLastUpdated)) {
            return Optional.of(Outcome.STALE);
        }
        Optional<OrderStatus> said = OrderStatus.of(answer.status());
        if (said.isEmpty()) {
            return Optional.of(Outcome.IGNORED);
        }
        OrderStatus next = said.get();
        // Mercado Libre's status follows Mercado Libre's; what a marketplace order's payments made of it gives way.
        boolean followsMercadoLibre = origin == OrderOrigin.MERCADOLIBRE && status != null;
        if (followsMercadoLibre && next != status
                && (!status.mayBecome(next) || next == OrderStatus.CANCELLED && tagList().contains(UNFULFILLED))) {
            return Optional.of(Outcome.BACKWARDS);
        }
        origin = OrderOrigin.MERCADOLIBRE;
        mercadolibreOrderId = answer.id();
        moveTo(next, at, change);
        statusDetail = answer.statusDetail();
        siteId = answer.siteId() != null ? answer.siteId() : siteId;
        currencyId = answer.currencyId() != null ? answer.currencyId() : currencyId;
        totalAmount = Money.of(answer.totalAmount());
        paidAmount = Money.of(answer.paidAmount());
        retag(answer.tags(), at, change);
        if (answer.seller().nickname() != null) {
            sellerNickname = answer.seller().nickname();
        }
        MercadoLibreOrder.Buyer buyer = answer.buyer();
        if (buyer != null) {
            buyerId = buyer.id();
            // While hidden, Mercado Libre names only the buyer's id: what was shown before stays.
            if (buyer.nickname() != null || buyer.firstName() != null || buyer.lastName() != null
                    || buyer.email() != null) {
                buyerNickname = buyer.nickname();
                buyerFirstName = buyer.firstName();
                buyerLastName = buyer.lastName();
                buyerEmail = buyer.email();
            }
        }
        items = ModelJson.write(answer.items());
        dateCreated = answer.dateCreated() != null ? Times.utc(answer.dateCreated()) : dateCreated;
        if (answer.dateClosed() != null) {
            dateClosed = Times.utc(answer.dateClosed());
        } else if (status.isPaid() && dateClosed == null) {
            dateClosed = at;
        }
        packId = answer.packId();
        shippingId = answer.shippingId();
        cancelDetail = ModelJson.write(answer.cancelDetail());
        if (answer.hiddenForSeller() != null) {
            visibleToSeller = !answer.hiddenForSeller();
        } else if (status == OrderStatus.PAYMENT_REQUIRED) {
            visibleToSeller = false;
        } else if (status != OrderStatus.CANCELLED) {
            visibleToSeller = true;
        }
        for (MercadoLibreOrder.Payment payment : answer.payments()) {
            change.payment(new OrderPayment.Observation(payment.id(), null, payment.status(), payment.statusDetail(),
                    payment.transactionAmount(), payment.totalPaidAmount(), payment.transactionAmountRefunded(),
                    payment.currencyId(), payment.paymentMethodId(), payment.paymentType(), payment.installments(),
                    payment.operationType(), payment.tags(), payment.dateCreated(), payment.dateApproved(),
                    payment.dateLastModified() != null ? payment.dateLastModified() : answer.lastUpdated(),
                    OrderPayment.Source.MERCADOLIBRE));
        }
        refundedAmount = refunded(change);
        lastUpdated = Times.latest(lastUpdated, at);
        mercadolibreLastUpdated = at;
        mercadolibreFactId = change.fact.factId();
        return Optional.empty();
    }

    private Optional<Outcome> observePayment(PaymentStatusChanged payment, Change change) {
        if (payment.newStatus() == null) {
            return Optional.of(Outcome.IGNORED);
        }
        OffsetDateTime at = at(payment.dateLastUpdated(), change);
        change.payment(new OrderPayment.Observation(payment.mercadopagoPaymentId(), payment.paymentId(),
                payment.newStatus(), payment.statusDetail(), payment.transactionAmount(), null,
                payment.transactionAmountRefunded(), payment.currencyId(), null, null, null, null, null, null, null,
                payment.dateLastUpdated(), OrderPayment.Source.PAYMENT_SERVICE));
        afterPayments(at, change);
        return Optional.empty();
    }

    private Optional<Outcome> observeRefund(PaymentRefunded refund, Change change) {
        if (change.refunds.containsKey(refund.refundId())) {
            return Optional.empty();
        }
        OffsetDateTime at = at(refund.refundedAt(), change);
        OrderRefund added = new OrderRefund();
        added.orderId = id;
        added.refundId = refund.refundId();
        added.mercadopagoPaymentId = refund.mercadopagoPaymentId();
        added.amount = Money.of(refund.amount());
        added.currencyId = refund.currencyId();
        added.refundedAt = Times.utc(refund.refundedAt());
        change.refunds.put(added.refundId, added);
        change.newRefunds.add(added);
        change.entry(TimelineEntry.Kind.REFUND, Long.toString(added.refundId), null,
                "mp:" + added.mercadopagoPaymentId, added.amount, at);
        afterPayments(at, change);
        return Optional.empty();
    }

    private Optional<Outcome> observeIntent(IntentFact intent, Change change) {
        if (intent.mercadopagoPaymentId() == null || intent.paymentStatus() == null) {
            return Optional.of(Outcome.IGNORED);
        }
        OffsetDateTime at = at(intent.finishedAt(), change);
        change.payment(new OrderPayment.Observation(intent.mercadopagoPaymentId(), null, intent.paymentStatus(), null,
                intent.amount(), null, null, intent.currencyId(), null, "point", null, null, null, null, null,
                intent.finishedAt(), OrderPayment.Source.POINT_SERVICE));
        afterPayments(at, change);
        return Optional.empty();
    }

    private OffsetDateTime at(OffsetDateTime providerTime, Change change) {
        return Times.utc(providerTime != null ? providerTime : change.fact.observedAt());
    }

    private void afterPayments(OffsetDateTime at, Change change) {
        lastUpdated = Times.latest(lastUpdated, at);
        if (origin == OrderOrigin.MARKETPLACE) {
            derive(at, change);
        } else {
            refundedAmount = refunded(change);
        }
    }

    /**
     * A marketplace order's status and amounts from its payments: {@code paid} once a payment took money,
     * {@code partially_refunded} or {@code refunded} as it goes back, {@code payment_in_process} while one may still
     * be approved, else {@code payment_required} (nothing to show the seller yet).
     */
    private void derive(OffsetDateTime at, Change change) {
        Collection<OrderPayment> all = change.payments.values();
        BigDecimal paid = Money.sum(all.stream().filter(p -> PaymentStatuses.paid(p.status))
                .map(p -> p.transactionAmount).toList());
        BigDecimal refunded = refunded(change);
        boolean inProcess = all.stream().anyMatch(p -> PaymentStatuses.inProcess(p.status));
        OrderStatus next;
        if (paid.signum() > 0) {
            next = refunded.compareTo(paid) >= 0
                    ? OrderStatus.REFUNDED
                    : refunded.signum() > 0 ? OrderStatus.PARTIALLY_REFUNDED : OrderStatus.PAID;
        } else {
            next = inProcess ? OrderStatus.PAYMENT_IN_PROCESS : OrderStatus.PAYMENT_REQUIRED;
        }
        if (status == null || next == status || status.mayBecome(next)) {
            moveTo(next, at, change);
        }
        paidAmount = paid;
        refundedAmount = refunded;
        currencyId = all.stream().map(p -> p.currencyId).filter(Objects::nonNull).findFirst().orElse(currencyId);
        OffsetDateTime created = all.stream().map(p -> p.dateCreated).filter(Objects::nonNull)
                .min(OffsetDateTime::compareTo).orElse(null);
        dateCreated = created != null ? created : dateCreated != null ? dateCreated : at;
        if (status.isPaid() && dateClosed == null) {
            dateClosed = all.stream().map(p -> p.dateApproved).filter(Objects::nonNull)
                    .min(OffsetDateTime::compareTo).orElse(at);
        }
        visibleToSeller = status != OrderStatus.PAYMENT_REQUIRED;
    }

    /** What went back: every refund seen, or what the payments say was refunded, whichever is more. */
    private BigDecimal refunded(Change change) {
        BigDecimal byPayments = Money.sum(change.payments.values().stream()
                .map(p -> PaymentStatuses.returned(p.status) && p.refundedAmount == null
                        ? p.transactionAmount
                        : p.refundedAmount)
                .toList());
        BigDecimal byRefunds = Money.sum(change.refunds.values().stream().map(r -> r.amount).toList());
        return byPayments.max(byRefunds);
    }

    private void moveTo(OrderStatus next, OffsetDateTime at, Change change) {
        if (next == status) {
            return;
        }
        change.entry(TimelineEntry.Kind.STATUS, null, status == null ? null : status.word(), next.word(), null, at);
        status = next;
    }

    private void retag(List<String> said, OffsetDateTime at, Change change) {
        List<String> now = tagList();
        Set<String> next = new LinkedHashSet<>(said);
        for (String tag : next) {
            if (!now.contains(tag)) {
                change.entry(TimelineEntry.Kind.TAG_ADDED, tag, null, null, null, at);
            }
        }
        for (String tag : now) {
            if (!next.contains(tag)) {
                change.entry(TimelineEntry.Kind.TAG_REMOVED, tag, null, null, null, at);
            }
        }
        tags = ModelJson.write(List.copyOf(next));
    }

    /** The order's tags. */
    public List<String> tagList() {
        return ModelJson.strings(tags);
    }

    State state() {
        return new State(new Published(status, statusDetail, visibleToSeller, currencyId, totalAmount, paidAmount,
                refundedAmount, tags, dateCreated, dateClosed, origin), siteId, sellerNickname, buyerId,
                buyerNickname, buyerFirstName, buyerLastName, buyerEmail, items, cancelDetail, packId, shippingId,
                lastUpdated, mercadolibreLastUpdated, mercadolibreFactId, mercadolibreOrderId);
    }

    private static Map<String, OrderPayment.State> paymentStates(Collection<OrderPayment> payments) {
        Map<String, OrderPayment.State> states = new LinkedHashMap<>();
        payments.forEach(payment -> states.put(payment.paymentKey, payment.state()));
        return states;
    }

    private static Map<String, List<Object>> published(Map<String, OrderPayment.State> payments) {
        Map<String, List<Object>> published = new LinkedHashMap<>();
        payments.forEach((key, state) -> published.put(key, java.util.Arrays.asList(state.status(),
                state.statusDetail(), state.transactionAmount(), state.refundedAmount(), state.tags())));
        return published;
    }

    /** The changes one fact makes, as they are made. */
    private final class Change {
        final OrderFact fact;
        final Map<String, OrderPayment> payments;
        final Map<Long, OrderRefund> refunds;
        final List<TimelineEntry> timeline = new ArrayList<>();
        final List<OrderPayment> newPayments = new ArrayList<>();
        final List<OrderRefund> newRefunds = new ArrayList<>();

        Change(OrderFact fact, Map<String, OrderPayment> payments, Map<Long, OrderRefund> refunds) {
            this.fact = fact;
            this.payments = payments;
            this.refunds = refunds;
        }

        void entry(TimelineEntry.Kind kind, String subject, String from, String to, BigDecimal amount,
                OffsetDateTime at) {
            timeline.add(TimelineEntry.of(id, timelineSize++, kind, subject, from, to, amount, at, fact));
        }

        /** Applies an answer about a payment: a new payment, or one more answer about a known one. */
        void payment(OrderPayment.Observation observation) {
            OrderPayment known = payments.get(observation.key());
            if (known == null && observation.paymentId() != null) {
                // Heard of first by the platform's id only, then named by Mercado Pago: the same payment.
                known = payments.values().stream().filter(p -> observation.paymentId().equals(p.paymentId))
                        .findFirst().orElse(null);
            }
            OffsetDateTime at = Times.utc(observation.dateLastModified() != null
                    ? observation.dateLastModified()
                    : fact.observedAt());
            if (known == null) {
                OrderPayment added = OrderPayment.first(id, sellerId, observation);
                payments.put(added.paymentKey, added);
                newPayments.add(added);
                entry(TimelineEntry.Kind.PAYMENT, added.paymentKey, null, added.status, added.transactionAmount, at);
                return;
            }
            String before = known.status;
            if (known.observe(observation) == OrderPayment.Outcome.STATUS_CHANGED) {
                entry(TimelineEntry.Kind.PAYMENT, known.paymentKey, before, known.status, known.transactionAmount, at);
            }
        }
    }
}
