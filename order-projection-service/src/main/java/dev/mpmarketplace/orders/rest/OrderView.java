package dev.mpmarketplace.orders.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.orders.ModelJson;
import dev.mpmarketplace.orders.Order;
import dev.mpmarketplace.orders.OrderPayment;
import dev.mpmarketplace.orders.OrderRefund;
import dev.mpmarketplace.orders.TimelineEntry;

/**
 * An order as the API shows it (snake_case JSON): Mercado Libre's fields for a Mercado Libre order, what its payments
 * add up to for a marketplace order, with its payments and refunds. The buyer's e-mail is not shown.
 */
public record OrderView(String id, long sellerId, String reference, String origin, Long mercadolibreOrderId,
        String status, String statusDetail, boolean visibleToSeller, String siteId, String currencyId,
        BigDecimal totalAmount, BigDecimal paidAmount, BigDecimal refundedAmount, List<String> tags, Buyer buyer,
        JsonNode items, JsonNode cancelDetail, Long packId, Long shippingId, OffsetDateTime dateCreated,
        OffsetDateTime dateClosed, OffsetDateTime lastUpdated, long version, List<Payment> payments,
        List<Refund> refunds) {

    /** The buyer, as far as Mercado Libre shows it to the seller. */
    public record Buyer(Long id, String nickname, String firstName, String lastName) {
    }

    /** A payment of the order, with its own status. */
    public record Payment(Long mercadopagoPaymentId, String paymentId, String status, String statusDetail,
            BigDecimal transactionAmount, BigDecimal totalPaidAmount, BigDecimal refundedAmount, String currencyId,
            String paymentMethodId, String paymentType, Integer installments, String operationType, List<String> tags,
            OffsetDateTime dateCreated, OffsetDateTime dateApproved, OffsetDateTime dateLastModified, String source) {

        static Payment of(OrderPayment payment) {
            return new Payment(payment.mercadopagoPaymentId, payment.paymentId, payment.status, payment.statusDetail,
                    payment.transactionAmount, payment.totalPaidAmount, payment.refundedAmount, payment.currencyId,
                    payment.paymentMethodId, payment.paymentType, payment.installments, payment.operationType,
                    payment.tagList(), payment.dateCreated, payment.dateApproved, payment.dateLastModified,
                    payment.source);
        }
    }

    /** A refund of one of the order's payments. */
    public record Refund(long refundId, long mercadopagoPaymentId, BigDecimal amount, String currencyId,
            OffsetDateTime refundedAt) {

        static Refund of(OrderRefund refund) {
            return new Refund(refund.refundId, refund.mercadopagoPaymentId, refund.amount, refund.currencyId,
                    refund.refundedAt);
        }
    }

    /** One entry of the status timeline, with its cause. */
    public record Entry(int seq, String kind, String subject, String from, String to, BigDecimal amount,
            OffsetDateTime at, OffsetDateTime observedAt, Cause cause) {

        static Entry of(TimelineEntry entry) {
            return new Entry(entry.seq, entry.kind.toLowerCase(Locale.ROOT), entry.subject, entry.fromValue,
                    entry.toValue, entry.amount, entry.at, entry.observedAt,
                    new Cause(entry.causeKind.toLowerCase(Locale.ROOT), entry.causeEventId, entry.causeTopic,
                            entry.factId));
        }
    }

    /** What made the service learn a change: the kind, the event's CloudEvents id and topic, the fact. */
    public record Cause(String kind, String eventId, String topic, String factId) {
    }

    static OrderView of(Order order, List<OrderPayment> payments, List<OrderRefund> refunds) {
        return new OrderView(order.id.toString(), order.sellerId, order.reference,
                order.origin.name().toLowerCase(Locale.ROOT), order.mercadolibreOrderId, order.status.word(),
                order.statusDetail, order.visibleToSeller, order.siteId, order.currencyId, order.totalAmount,
                order.paidAmount, order.refundedAmount, order.tagList(),
                new Buyer(order.buyerId, order.buyerNickname, order.buyerFirstName, order.buyerLastName),
                ModelJson.read(order.items, JsonNode.class),
                order.cancelDetail == null ? null : ModelJson.read(order.cancelDetail, JsonNode.class), order.packId,
                order.shippingId, order.dateCreated, order.dateClosed, order.lastUpdated, order.version,
                payments.stream().map(Payment::of).toList(), refunds.stream().map(Refund::of).toList());
    }
}
