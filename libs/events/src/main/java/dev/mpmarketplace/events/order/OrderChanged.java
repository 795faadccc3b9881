package dev.mpmarketplace.events.order;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Data of {@link OrderEventTypes#CHANGED}: an order of the read model as it is after one change, with what caused the
 * change. Key {@code <seller id>:<order id>}, so one order's events keep their order; {@code version} counts its
 * changes (1 for the first), and the CloudEvents id is a {@code StableEventId} of the order and its version.
 *
 * @param orderId the platform's order id (a name-based UUID of the seller and the reference)
 * @param sellerId the seller's Mercado Pago / Mercado Libre user id
 * @param reference what the order is known by: the Mercado Libre order id, or the marketplace's own
 *        {@code external_reference} of its payments
 * @param origin {@code mercadolibre} (an order fetched from Mercado Libre) or {@code marketplace} (the marketplace's
 *        own order, known only from its payments)
 * @param mercadolibreOrderId the Mercado Libre order id, for a Mercado Libre order
 * @param status the status now (Mercado Libre's words: {@code confirmed}, {@code payment_required},
 *        {@code payment_in_process}, {@code partially_paid}, {@code paid}, {@code partially_refunded},
 *        {@code pending_cancel}, {@code cancelled}, {@code invalid}; and {@code refunded} for a marketplace order
 *        whose payments were all refunded)
 * @param previousStatus the status before this change; absent for the first
 * @param statusDetail Mercado Libre's status detail, when it gave one
 * @param visibleToSeller whether the seller's views show it ({@code false} while Mercado Pago's mandatory payment is
 *        awaited: seed 001)
 * @param currencyId ISO 4217
 * @param totalAmount the order's total (absent for a marketplace order: only its payments are known)
 * @param paidAmount what its approved payments cover
 * @param refundedAmount what was refunded of them
 * @param tags the order's tags ({@code paid}, {@code not_delivered}, {@code unfulfilled}, ...)
 * @param payments its payments as they are now
 * @param dateCreated when the order was created
 * @param dateClosed when it was paid (set when paid: seed 001)
 * @param version the order's change number
 * @param cause what caused the change
 * @param changedAt when the platform observed what caused the change
 */
public record OrderChanged(String orderId, long sellerId, String reference, String origin, Long mercadolibreOrderId,
        String status, String previousStatus, String statusDetail, boolean visibleToSeller, String currencyId,
        BigDecimal totalAmount, BigDecimal paidAmount, BigDecimal refundedAmount, List<String> tags,
        List<Payment> payments, OffsetDateTime dateCreated, OffsetDateTime dateClosed, long version, Cause cause,
        OffsetDateTime changedAt) {

    public OrderChanged {
        tags = tags == null ? List.of() : List.copyOf(tags);
        payments = payments == null ? List.of() : List.copyOf(payments);
    }

    /**
     * One payment of the order.
     *
     * @param mercadopagoPaymentId Mercado Pago's payment id (absent for a payment the platform has not yet got an id
     *        for)
     * @param paymentId the platform's payment id, for a payment made through payment-service
     * @param status Mercado Pago's status ({@code approved}, {@code rejected}, {@code refunded}, ...)
     * @param statusDetail Mercado Pago's status detail
     * @param transactionAmount the amount
     * @param refundedAmount what was refunded of it
     * @param tags the payment's tags in the order ({@code refund_account_money})
     */
    public record Payment(Long mercadopagoPaymentId, String paymentId, String status, String statusDetail,
            BigDecimal transactionAmount, BigDecimal refundedAmount, List<String> tags) {

        public Payment {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /**
     * What caused a change.
     *
     * @param kind {@code notification} (a Mercado Libre feed notification made the service fetch the order),
     *        {@code missed_feed} (a message Mercado Libre lost, found in its missed feeds), {@code reread} (the
     *        periodic re-read of an unfinished order), {@code refetch} (a fetch that had failed, tried again),
     *        {@code payment_event} (payment-service), {@code point_event} (point-service)
     * @param eventId the CloudEvents id of the record that caused it (the notification's, the missed message's as
     *        ingest would have published it, the payment or intent event's); absent for a re-read
     */
    public record Cause(String kind, String eventId) {
    }
}
