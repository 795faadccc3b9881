package dev.mpmarketplace.orders;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * One payment of an order, as the newest answer about it says, whoever gave it: Mercado Libre's order
 * ({@code payments[]}) or payment-service. Keyed by Mercado Pago's payment id ({@code mp:<id>}), or by the
 * platform's own ({@code platform:<id>}) while Mercado Pago has not named it. Its status changes only through
 * {@link #observe}, which applies an answer only when it is not older than the last one applied and the status may
 * move there ({@link PaymentStatuses}): a late answer never moves a payment back.
 */
@Entity
@Table(name = "order_payments")
@IdClass(OrderPayment.Key.class)
public class OrderPayment {

    /** Who said what the payment is now. */
    public enum Source {
        /** Mercado Libre's order answer. */
        MERCADOLIBRE,
        /** payment-service's event. */
        PAYMENT_SERVICE,
        /** point-service's event. */
        POINT_SERVICE
    }

    /**
     * One answer about a payment.
     *
     * @param tags the payment's tags in the order ({@code null}: the source does not know them)
     */
    public record Observation(Long mercadopagoPaymentId, String paymentId, String status, String statusDetail,
            BigDecimal transactionAmount, BigDecimal totalPaidAmount, BigDecimal refundedAmount, String currencyId,
            String paymentMethodId, String paymentType, Integer installments, String operationType,
            List<String> tags, OffsetDateTime dateCreated, OffsetDateTime dateApproved,
            OffsetDateTime dateLastModified, Source source) {

        /** The payment's key in its order. */
        public String key() {
            return keyOf(mercadopagoPaymentId, paymentId);
        }
    }

    /** The primary key: the order and the payment's key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public UUID orderId;
        public String paymentKey;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(orderId, key.orderId)
                    && Objects.equals(paymentKey, key.paymentKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(orderId, paymentKey);
        }
    }

    /** The values that make the payment what it is, to tell whether an answer changed it. */
    record State(String status, String statusDetail, BigDecimal transactionAmount, BigDecimal totalPaidAmount,
            BigDecimal refundedAmount, String currencyId, String paymentMethodId, String paymentType,
            Integer installments, String operationType, String tags, OffsetDateTime dateCreated,
            OffsetDateTime dateApproved, OffsetDateTime dateLastModified, String source, String paymentId) {
    }

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Id
    @Column(name = "payment_key")
    public String paymentKey;

    @Column(name = "seller_id", nullable = false)
    public long sellerId;

    @Column(name = "mercadopago_payment_id")
    public Long mercadopagoPaymentId;

    @Column(name = "payment_id")
    public String paymentId;

    @Column(name = "status", nullable = false)
    public String status;

    @Column(name = "status_detail")
    public String statusDetail;

    @Column(name = "transaction_amount")
    public BigDecimal transactionAmount;

    @Column(name = "total_paid_amount")
    public BigDecimal totalPaidAmount;

    @Column(name = "refunded_amount")
    public BigDecimal refundedAmount;

    @Column(name = "currency_id")
    public String currencyId;

    @Column(name = "payment_method_id")
    public String paymentMethodId;

    @Column(name = "payment_type")
    public String paymentType;

    @Column(name = "installments")
    public Integer installments;

    @Column(name = "operation_type")
    public String operationType;

    /** JSON text of the payment's tags in the order. */
    @Column(name = "tags", nullable = false)
    public String tags;

    @Column(name = "date_created")
    public OffsetDateTime dateCreated;

    @Column(name = "date_approved")
    public OffsetDateTime dateApproved;

    @Column(name = "date_last_modified")
    public OffsetDateTime dateLastModified;

    @Column(name = "source", nullable = false)
    public String source;

    /** The key of a payment: Mercado Pago's id when known, else the platform's. */
    public static String keyOf(Long mercadopagoPaymentId, String paymentId) {
        if (mercadopagoPaymentId != null) {
            return "mp:" + mercadopagoPaymentId;
        }
        if (paymentId == null) {
            throw new IllegalArgumentException("a payment has Mercado Pago's id or the platform's");
        }
        return "platform:" + paymentId;
    }

    /** A payment first heard of. */
    static OrderPayment first(UUID orderId, long sellerId, Observation observation) {
        OrderPayment payment = new OrderPayment();
        payment.orderId = orderId;
        payment.paymentKey = observation.key();
        payment.sellerId = sellerId;
        payment.mercadopagoPaymentId = observation.mercadopagoPaymentId();
        payment.paymentId = observation.paymentId();
        payment.tags = ModelJson.write(List.of());
        payment.take(observation);
        return payment;
    }

    /** What {@link #observe} did. */
    public enum Outcome {
        /** The status changed (a timeline entry). */
        STATUS_CHANGED,
        /** Something else changed. */
        CHANGED,
        /** Nothing changed. */
        UNCHANGED,
        /** The answer was older, or its status would move the payment back: only what was missing was filled in. */
        REFUSED
    }

    /** Applies an answer about this payment, if it is not older and its status may follow (see the class comment). */
    Outcome observe(Observation observation) {
        State before = state();
        boolean newer = !Times.before(observation.dateLastModified(), dateLastModified);
        boolean statusMoves = !Objects.equals(status, observation.status());
        boolean refused = !newer || statusMoves && !PaymentStatuses.mayBecome(status, observation.status());
        if (!refused) {
            take(observation);
        } else {
            fillIn(observation);
        }
        State after = state();
        if (!Objects.equals(before.status(), after.status())) {
            return Outcome.STATUS_CHANGED;
        }
        if (!before.equals(after)) {
            return Outcome.CHANGED;
        }
        return refused ? Outcome.REFUSED : Outcome.UNCHANGED;
    }

    private void take(Observation observation) {
        status = observation.status();
        statusDetail = observation.statusDetail();
        transactionAmount = first(Money.of(observation.transactionAmount()), transactionAmount);
        totalPaidAmount = first(Money.of(observation.totalPaidAmount()), totalPaidAmount);
        refundedAmount = first(Money.of(observation.refundedAmount()), refundedAmount);
        dateLastModified = first(Times.utc(observation.dateLastModified()), dateLastModified);
        if (observation.tags() != null) {
            tags = ModelJson.write(observation.tags());
        }
        source = observation.source().name();
        fillIn(observation);
    }

    /** What an answer knows and the payment does not: never a status, never an amount already known. */
    private void fillIn(Observation observation) {
        paymentId = first(paymentId, observation.paymentId());
        currencyId = first(currencyId, observation.currencyId());
        paymentMethodId = first(paymentMethodId, observation.paymentMethodId());
        paymentType = first(paymentType, observation.paymentType());
        installments = first(installments, observation.installments());
        operationType = first(operationType, observation.operationType());
        dateCreated = first(dateCreated, Times.utc(observation.dateCreated()));
        dateApproved = first(dateApproved, Times.utc(observation.dateApproved()));
        transactionAmount = first(transactionAmount, Money.of(observation.transactionAmount()));
    }

    State state() {
        return new State(status, statusDetail, transactionAmount, totalPaidAmount, refundedAmount, currencyId,
                paymentMethodId, paymentType, installments, operationType, tags, dateCreated, dateApproved,
                dateLastModified, source, paymentId);
    }

    /** The payment's tags in the order. */
    public List<String> tagList() {
        return ModelJson.strings(tags);
    }

    private static <T> T first(T preferred, T otherwise) {
        return preferred != null ? preferred : otherwise;
    }
}
