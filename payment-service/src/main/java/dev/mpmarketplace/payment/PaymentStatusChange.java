package dev.mpmarketplace.payment;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entry of a payment's status timeline: a status it was observed in, what said so, and when. Never changed. */
@Entity
@Table(name = "payment_status_change")
public class PaymentStatusChange {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "payment_id", nullable = false)
    public UUID paymentId;

    /** The payment's change number: 1, 2, ... in the order applied. */
    @Column(name = "seq", nullable = false)
    public int seq;

    @Column(name = "status", nullable = false)
    public String status;

    @Column(name = "status_detail")
    public String statusDetail;

    @Column(name = "source", nullable = false)
    public String source;

    @Column(name = "observed_at", nullable = false)
    public OffsetDateTime observedAt;

    @Column(name = "mercadopago_last_updated")
    public OffsetDateTime mercadopagoLastUpdated;

    /** The entry for the payment's current status, as its latest change. */
    public static PaymentStatusChange of(Payment payment, StatusSource source, OffsetDateTime now) {
        PaymentStatusChange change = new PaymentStatusChange();
        change.paymentId = payment.id;
        change.seq = (int) payment.changeCount;
        change.status = payment.status;
        change.statusDetail = payment.statusDetail;
        change.source = source.word();
        change.observedAt = now;
        change.mercadopagoLastUpdated = payment.status().ours() ? null : payment.mercadopagoLastUpdated;
        return change;
    }
}
