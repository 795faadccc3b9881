package dev.mpmarketplace.payment.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.mpmarketplace.payment.Payment;
import dev.mpmarketplace.payment.PaymentOperation;
import dev.mpmarketplace.payment.PaymentRefund;
import dev.mpmarketplace.payment.PaymentStatusChange;

/**
 * A payment as the API shows it (snake_case on the wire). The raw answer of Mercado Pago is at
 * {@code GET /payments/{id}/mercadopago}; the card token and the request sent are never shown.
 *
 * @param id the platform's payment id (the {@code external_reference} and idempotency key at Mercado Pago)
 * @param mercadopagoPaymentId Mercado Pago's payment id, once known
 * @param sellerId the collector
 * @param origin {@code platform} or {@code external} (made elsewhere, found through a notification or the sweep)
 * @param status Mercado Pago's status, or the platform's {@code submitting}, {@code unknown}, {@code refused}
 * @param statusDetail Mercado Pago's status detail
 * @param transactionAmount the amount, exactly as requested (Mercado Pago's after a partial capture)
 * @param currencyId ISO 4217
 * @param applicationFee the marketplace's fee, as requested
 * @param transactionAmountRefunded refunded so far
 * @param captured whether the money was captured
 * @param externalReference the payment's {@code external_reference} at Mercado Pago
 * @param preferenceId the checkout preference it was paid on, when known
 * @param idempotencyKey the key it was created with
 * @param dateCreated when the platform stored it
 * @param dateLastUpdated Mercado Pago's time of the last change applied
 * @param refusal why Mercado Pago refused it (a problem), for {@code refused}
 * @param timeline every status observed, oldest first (absent in a create's answer)
 * @param refunds the refunds Mercado Pago lists, oldest first
 * @param operations the captures, cancellations and refunds asked through the platform, oldest first
 */
public record PaymentView(String id, Long mercadopagoPaymentId, long sellerId, String origin, String status,
        String statusDetail, BigDecimal transactionAmount, String currencyId, BigDecimal applicationFee,
        BigDecimal transactionAmountRefunded, Boolean captured, String externalReference, String preferenceId,
        String idempotencyKey, OffsetDateTime dateCreated, OffsetDateTime dateLastUpdated, Map<String, Object> refusal,
        List<TimelineEntry> timeline, List<RefundView> refunds, List<OperationView> operations) {

    /**
     * One timeline entry.
     *
     * @param status the status
     * @param statusDetail its detail
     * @param source {@code request}, {@code api_answer}, {@code notification} or {@code sweep}
     * @param observedAt when the platform applied it
     * @param dateLastUpdated Mercado Pago's time of it (absent for the platform's own statuses)
     */
    public record TimelineEntry(String status, String statusDetail, String source, OffsetDateTime observedAt,
            OffsetDateTime dateLastUpdated) {

        static TimelineEntry of(PaymentStatusChange change) {
            return new TimelineEntry(change.status, change.statusDetail, change.source, change.observedAt,
                    change.mercadopagoLastUpdated);
        }
    }

    /**
     * A refund Mercado Pago lists.
     *
     * @param refundId Mercado Pago's refund id
     * @param amount the amount
     * @param refundedAt Mercado Pago's time of it
     * @param operationId the platform's operation that made it, when one did
     */
    public record RefundView(long refundId, BigDecimal amount, OffsetDateTime refundedAt, String operationId) {

        static RefundView of(PaymentRefund refund) {
            return new RefundView(refund.refundId, refund.amount, refund.refundedAt,
                    refund.operationId == null ? null : refund.operationId.toString());
        }
    }

    /**
     * A capture, cancellation or refund asked through the platform.
     *
     * @param id the platform's operation id (a refund's idempotency key at Mercado Pago)
     * @param paymentId the payment
     * @param kind {@code capture}, {@code cancel} or {@code refund}
     * @param state {@code submitting}, {@code unknown}, {@code done} or {@code refused}
     * @param amount the amount asked (absent: all)
     * @param mercadopagoRefundId the refund Mercado Pago made
     * @param idempotencyKey the caller's key
     * @param dateCreated when it was asked
     * @param refusal why Mercado Pago refused it
     */
    public record OperationView(String id, String paymentId, String kind, String state, BigDecimal amount,
            Long mercadopagoRefundId, String idempotencyKey, OffsetDateTime dateCreated,
            Map<String, Object> refusal) {

        public static OperationView of(PaymentOperation operation) {
            return new OperationView(operation.id.toString(), operation.paymentId.toString(), operation.kind.word(),
                    operation.state.word(), operation.amount, operation.mercadopagoRefundId, operation.idempotencyKey,
                    operation.createdAt, Refusals.read(operation.refusal));
        }
    }

    /** The view of a payment; {@code null} lists are left out. */
    public static PaymentView of(Payment payment, List<PaymentStatusChange> timeline, List<PaymentRefund> refunds,
            List<PaymentOperation> operations) {
        return new PaymentView(payment.id.toString(), payment.mercadopagoPaymentId, payment.sellerId,
                payment.origin.name().toLowerCase(java.util.Locale.ROOT), payment.status, payment.statusDetail,
                payment.transactionAmount, payment.currencyId, payment.applicationFee,
                payment.transactionAmountRefunded, payment.captured, payment.externalReference, payment.preferenceId,
                payment.idempotencyKey, payment.createdAt, payment.mercadopagoLastUpdated,
                Refusals.read(payment.refusal),
                timeline == null ? null : timeline.stream().map(TimelineEntry::of).toList(),
                refunds == null ? null : refunds.stream().map(RefundView::of).toList(),
                operations == null ? null : operations.stream().map(OperationView::of).toList());
    }
}
