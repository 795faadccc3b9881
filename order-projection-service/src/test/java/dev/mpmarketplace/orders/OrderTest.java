package dev.mpmarketplace.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.events.payment.PaymentStatusChanged;
import dev.mpmarketplace.mercadopago.client.mercadolibre.MercadoLibreOrder;
import dev.mpmarketplace.orders.fact.CauseKind;
import dev.mpmarketplace.orders.fact.FactCause;
import dev.mpmarketplace.orders.fact.OrderFact;

/**
 * The order's rules as pure logic: an older Mercado Libre answer never replaces a newer one, a newer one never moves
 * the order back, refund to account money never cancels, a marketplace order is what its payments add up to, and
 * every change names its cause. The integration tests prove the same against the sandbox.
 */
class OrderTest {

    static final long SELLER = 1000077;
    static final long ORDER = 2000004912352524L;
    static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-27T10:00:00Z");

    final Map<String, OrderPayment> payments = new LinkedHashMap<>();
    final Map<Long, OrderRefund> refunds = new LinkedHashMap<>();
    Order order;

    static MercadoLibreOrder answer(String status, int minutes, String tags, String payments) {
        String json = """
                {"id": %d, "status": "%s", "status_detail": null, "currency_id": "MXN", "total_amount": 591,
                 "paid_amount": 591, "tags": [%s], "date_created": "2026-11-27T10:00:00.000-04:00",
                 "date_closed": null, "last_updated": "%s", "hidden_for_seller": %s,
                 "seller": {"id": %d, "nickname": "SELLER"}, "buyer": {"id": 3001},
                 "order_items": [{"item": {"id": "MLM1", "title": "Guitar"}, "quantity": 1, "unit_price": 591}],
                 "payments": [%s], "context": {"site": "MLM"}}
                """.formatted(ORDER, status, tags, T0.plusMinutes(minutes), status.equals("payment_required"),
                SELLER, payments);
        return MercadoLibreOrder.parse("GET /orders/{id}", json);
    }

    static String payment(long id, String status, String tags) {
        return """
                {"id": %d, "status": "%s", "transaction_amount": 591, "currency_id": "MXN",
                 "date_last_modified": "2026-11-27T10:05:00.000Z", "tags": [%s]}""".formatted(id, status, tags);
    }

    Order.Applied apply(MercadoLibreOrder answer, String eventId) {
        OrderFact fact = OrderFact.mercadoLibreOrder(answer, T0.plusHours(1),
                new FactCause(CauseKind.NOTIFICATION, eventId, "orders_v2"));
        if (order == null) {
            order = Order.start(fact);
        }
        return order.apply(fact, payments, refunds);
    }

    @Test
    void anOlderAnswerIsStaleAndANewerOneNeverMovesAPaidOrderBack() {
        assertThat(apply(answer("payment_required", 0, "\"not_paid\"", ""), "n1").outcome())
                .isEqualTo(Order.Outcome.CHANGED);
        assertThat(order.visibleToSeller).isFalse();
        Order.Applied paid = apply(answer("paid", 5, "\"paid\"", payment(77, "approved", "")), "n2");
        assertThat(paid.outcome()).isEqualTo(Order.Outcome.CHANGED);
        assertThat(order.status).isEqualTo(OrderStatus.PAID);
        assertThat(order.visibleToSeller).isTrue();
        assertThat(order.dateClosed).as("set when paid, even when Mercado Libre gives none").isNotNull();

        assertThat(apply(answer("payment_required", 1, "\"not_paid\"", ""), "late").outcome())
                .isEqualTo(Order.Outcome.STALE);
        assertThat(apply(answer("confirmed", 9, "", ""), "odd").outcome()).isEqualTo(Order.Outcome.BACKWARDS);
        assertThat(order.status).isEqualTo(OrderStatus.PAID);
        assertThat(order.tagList()).containsExactly("paid");
        assertThat(paid.timeline()).extracting(entry -> entry.kind + ":" + entry.fromValue + ">" + entry.toValue
                + " by " + entry.causeKind + "/" + entry.causeEventId)
                .contains("status:payment_required>paid by notification/n2");
    }

    @Test
    void refundToAccountMoneyStaysPaidWithItsTagsAndIsNeverCancelled() {
        Order.Applied paid = apply(answer("paid", 5, "\"paid\"", payment(77, "approved", "")), "n1");
        assertThat(paid.newPayments()).extracting(p -> p.paymentKey).containsExactly("mp:77");
        assertThat(paid.changedPayments()).as("a new payment is not a changed one").isEmpty();
        Order.Applied refunded = apply(answer("paid", 6, "\"paid\",\"unfulfilled\"",
                payment(77, "approved", "\"refund_account_money\"")), "n2");
        assertThat(refunded.outcome()).isEqualTo(Order.Outcome.CHANGED);
        assertThat(order.tagList()).containsExactly("paid", "unfulfilled");
        assertThat(payments.get("mp:77").tagList()).containsExactly("refund_account_money");
        assertThat(refunded.newPayments()).isEmpty();
        assertThat(refunded.changedPayments()).as("the known payment to write again")
                .containsExactly(payments.get("mp:77"));

        assertThat(apply(answer("cancelled", 7, "\"unfulfilled\"", ""), "n3").outcome())
                .isEqualTo(Order.Outcome.BACKWARDS);
        assertThat(order.status).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void theSameAnswerTwiceChangesNothingTheSecondTime() {
        MercadoLibreOrder paid = answer("paid", 5, "\"paid\"", payment(77, "approved", ""));
        apply(paid, "n1");
        long version = order.version;
        assertThat(apply(paid, "n2").outcome()).isEqualTo(Order.Outcome.UNCHANGED);
        assertThat(order.version).isEqualTo(version);
    }

    @Test
    void aMarketplaceOrderIsWhatItsPaymentsAddUpToAndAPaymentNeverGoesBack() {
        String reference = "cart-" + UUID.randomUUID();
        OrderFact rejected = paymentFact(reference, "e1", 11L, "rejected", 1);
        order = Order.start(rejected);
        order.apply(rejected, payments, refunds);
        assertThat(order.status).isEqualTo(OrderStatus.PAYMENT_REQUIRED);
        assertThat(order.visibleToSeller).isFalse();

        order.apply(paymentFact(reference, "e2", 12L, "approved", 3), payments, refunds);
        // payment 12's earlier state, delivered late
        Order.Applied late = order.apply(paymentFact(reference, "e3", 12L, "in_process", 2), payments, refunds);
        assertThat(order.status).isEqualTo(OrderStatus.PAID);
        assertThat(order.paidAmount).isEqualByComparingTo("100");
        assertThat(payments.values()).extracting(p -> p.paymentKey + "=" + p.status)
                .containsExactlyInAnyOrder("mp:11=rejected", "mp:12=approved");
        assertThat(late.outcome()).isEqualTo(Order.Outcome.UNCHANGED);
        assertThat(order.visibleToSeller).isTrue();
    }

    static OrderFact paymentFact(String reference, String eventId, long paymentId, String status, int minute) {
        PaymentStatusChanged changed = new PaymentStatusChanged("platform-" + paymentId, paymentId, SELLER, "key",
                reference, null, status, null, status.equals("rejected") ? "cc_rejected_other_reason" : "accredited",
                "notification", new java.math.BigDecimal("100"), null, "ARS", T0.plusMinutes(minute),
                T0.plusMinutes(minute), 1);
        return OrderFact.paymentStatus(eventId, reference, changed, T0.plusMinutes(minute));
    }

    static List<String> words(List<TimelineEntry> entries) {
        return entries.stream().map(entry -> entry.kind + ":" + entry.toValue).toList();
    }
}
