package dev.mpmarketplace.orders;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A refund of one of the order's payments, as payment-service saw it at Mercado Pago (one per refund id). */
@Entity
@Table(name = "order_refunds")
@IdClass(OrderRefund.Key.class)
public class OrderRefund {

    /** The primary key: the order and Mercado Pago's refund id. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public UUID orderId;
        public long refundId;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && refundId == key.refundId && Objects.equals(orderId, key.orderId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(orderId, refundId);
        }
    }

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Id
    @Column(name = "refund_id")
    public long refundId;

    @Column(name = "mercadopago_payment_id", nullable = false)
    public long mercadopagoPaymentId;

    @Column(name = "amount", nullable = false)
    public BigDecimal amount;

    @Column(name = "currency_id")
    public String currencyId;

    @Column(name = "refunded_at")
    public OffsetDateTime refundedAt;
}
