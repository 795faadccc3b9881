package dev.mpmarketplace.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayment;

/**
 * A payment of a seller: one the platform created (its {@link #id} was stored before Mercado Pago was called, and is
 * the idempotency key and external reference of that call), or one made elsewhere that a notification or the sweep
 * found.
 * <p>
 * Its status changes only through the methods below. Mercado Pago's answers go through {@link #observe}, which applies
 * an answer only when it is newer than the last one applied and never moves the payment to a lower
 * {@linkplain PaymentStatus#rank() rank}; the platform's own statuses ({@code submitting}, {@code unknown},
 * {@code refused}) change only while Mercado Pago has said nothing.
 */
@Entity
@Table(name = "payment")
@DynamicUpdate // an update writes the columns that changed, not the raw answer and request every time
public class Payment {

    /** How the platform came to know the payment. */
    public enum Origin {
        /** Created through the platform (HTTP or a command). */
        PLATFORM,
        /** Made elsewhere (a checkout page, another integration of the seller's) and found through a notification. */
        EXTERNAL
    }

    /**
     * What {@link #observe} did.
     *
     * @param applied the answer was newer and was applied (amounts, raw answer, date)
     * @param statusChanged the status or its detail changed: a timeline entry and an event
     * @param oldStatus the status before
     * @param oldStatusDetail the detail before
     * @param ignoredReason why an answer was not applied ({@code stale}, {@code backwards}, {@code same},
     *        {@code other_collector}, {@code other_payment}, {@code unknown_status}), else {@code null}
     */
    public record Observation(boolean applied, boolean statusChanged, PaymentStatus oldStatus, String oldStatusDetail,
            String ignoredReason) {
    }

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "seller_id", nullable = false)
    public long sellerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "origin", nullable = false)
    public Origin origin;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_fingerprint")
    public String requestFingerprint;

    @Column(name = "submission")
    public String submission;

    @Column(name = "status", nullable = false)
    public String status;

    @Column(name = "status_detail")
    public String statusDetail;

    @Column(name = "mercadopago_payment_id")
    public Long mercadopagoPaymentId;

    @Column(name = "external_reference")
    public String externalReference;

    @Column(name = "transaction_amount")
    public BigDecimal transactionAmount;

    @Column(name = "currency_id")
    public String currencyId;

    @Column(name = "application_fee")
    public BigDecimal applicationFee;

    @Column(name = "transaction_amount_refunded", nullable = false)
    public BigDecimal transactionAmountRefunded = BigDecimal.ZERO;

    @Column(name = "captured")
    public Boolean captured;

    @Column(name = "mercadopago_last_updated")
    public OffsetDateTime mercadopagoLastUpdated;

    @Column(name = "provider_payment")
    public String providerPayment;

    @Column(name = "refusal")
    public String refusal;

    @Column(name = "preference_id")
    public String preferenceId;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "next_resolution_at")
    public OffsetDateTime nextResolutionAt;

    @Column(name = "resolution_attempts", nullable = false)
    public int resolutionAttempts;

    @Column(name = "change_count", nullable = false)
    public long changeCount;

    /** The status as an enum. */
    public PaymentStatus status() {
        return PaymentStatus.ofWord(status)
                .orElseThrow(() -> new IllegalStateException("payment " + id + " has an unknown status " + status));
    }

    /**
     * A payment the platform is about to ask Mercado Pago for: stored first, {@code submitting}, its first timeline
     * entry (change 1) written by the caller.
     *
     * @param submission the create request as it will be sent (kept until Mercado Pago's answer is known)
     * @param resolveAfter when the resolver may take it over if nothing was recorded by then (a crash mid-call)
     */
    public static Payment submitted(UUID id, long sellerId, String idempotencyKey, String fingerprint,
            String submission, BigDecimal amount, String currencyId, BigDecimal applicationFee,
            OffsetDateTime resolveAfter, OffsetDateTime now) {
        Payment payment = new Payment();
        payment.id = id;
        payment.sellerId = sellerId;
        payment.origin = Origin.PLATFORM;
        payment.idempotencyKey = idempotencyKey;
        payment.requestFingerprint = fingerprint;
        payment.submission = submission;
        payment.status = PaymentStatus.SUBMITTING.word();
        payment.externalReference = id.toString();
        payment.transactionAmount = amount;
        payment.currencyId = currencyId;
        payment.applicationFee = applicationFee;
        payment.createdAt = now;
        payment.updatedAt = now;
        payment.nextResolutionAt = resolveAfter;
        payment.changeCount = 1;
        return payment;
    }

    /**
     * Applies an answer of Mercado Pago about this payment when it is newer than the last one applied: a later
     * {@code date_last_updated}; at the same date a higher rank, or more refunded. Never to a lower rank. The
     * platform's own statuses give way to any answer.
     */
    public Observation observe(MercadoPagoPayment answer, OffsetDateTime now) {
        PaymentStatus before = status();
        String detailBefore = statusDetail;
        java.util.Optional<PaymentStatus> known = PaymentStatus.ofMercadoPago(answer.status());
        if (known.isEmpty()) {
            // A status Mercado Pago added without notice: kept out until the platform knows where it ranks.
            return new Observation(false, false, before, detailBefore, "unknown_status");
        }
        PaymentStatus next = known.get();
        if (answer.collectorId() != null && answer.collectorId() != sellerId) {
            return new Observation(false, false, before, detailBefore, "other_collector");
        }
        if (mercadopagoPaymentId != null && mercadopagoPaymentId != answer.id()) {
            return new Observation(false, false, before, detailBefore, "other_payment");
        }
        if (!before.ours()) {
            if (next.rank() < before.rank()) {
                return new Observation(false, false, before, detailBefore, "backwards");
            }
            int newer = compareDates(answer.dateLastUpdated(), mercadopagoLastUpdated);
            if (newer < 0) {
                return new Observation(false, false, before, detailBefore, "stale");
            }
            if (newer == 0 && next.rank() == before.rank()
                    && compare(answer.transactionAmountRefunded(), transactionAmountRefunded) <= 0) {
                return new Observation(false, false, before, detailBefore, "same");
            }
        }
        mercadopagoPaymentId = answer.id();
        status = next.word();
        statusDetail = answer.statusDetail();
        if (answer.transactionAmount() != null
                && (transactionAmount == null || answer.transactionAmount().compareTo(transactionAmount) != 0)) {
            // Mercado Pago's amount wins when it differs (a partial capture); an equal one keeps the caller's scale.
            transactionAmount = answer.transactionAmount();
        }
        if (answer.transactionAmountRefunded() != null) {
            transactionAmountRefunded = answer.transactionAmountRefunded();
        }
        if (currencyId == null) {
            currencyId = answer.currencyId();
        }
        if (externalReference == null) {
            externalReference = answer.externalReference();
        }
        captured = answer.captured();
        mercadopagoLastUpdated = answer.dateLastUpdated();
        providerPayment = answer.raw();
        submission = null;
        refusal = null;
        nextResolutionAt = null;
        updatedAt = now;
        boolean changed = before != next || !java.util.Objects.equals(detailBefore, statusDetail);
        if (changed) {
            changeCount++;
        }
        return new Observation(true, changed, before, detailBefore, null);
    }

    /** The create call's outcome is unknown; the resolver asks Mercado Pago at {@code nextAttempt}. */
    public boolean outcomeUnknown(OffsetDateTime nextAttempt, OffsetDateTime now) {
        PaymentStatus current = status();
        if (!current.unresolved()) {
            return false; // an answer arrived meanwhile (a notification, the resolver): it stands
        }
        status = PaymentStatus.UNKNOWN.word();
        nextResolutionAt = nextAttempt;
        updatedAt = now;
        if (current != PaymentStatus.UNKNOWN) {
            changeCount++;
            return true;
        }
        return false;
    }

    /** A resolution attempt found nothing to decide; the next one is at {@code nextAttempt}. */
    public void resolutionPostponed(OffsetDateTime nextAttempt, OffsetDateTime now) {
        if (status().unresolved()) {
            resolutionAttempts++;
            nextResolutionAt = nextAttempt;
            updatedAt = now;
        }
    }

    /**
     * Mercado Pago refused the create (a 4xx): no payment exists there. Only while its outcome was not known.
     *
     * @param problem the problem answered, as JSON, replayed to a repeated request
     */
    public boolean refuse(String problem, OffsetDateTime now) {
        if (!status().unresolved()) {
            return false;
        }
        status = PaymentStatus.REFUSED.word();
        refusal = problem;
        submission = null;
        nextResolutionAt = null;
        updatedAt = now;
        changeCount++;
        return true;
    }

    /** What remains to refund. */
    public BigDecimal refundable() {
        return transactionAmount == null
                ? BigDecimal.ZERO
                : transactionAmount.subtract(transactionAmountRefunded == null
                        ? BigDecimal.ZERO
                        : transactionAmountRefunded);
    }

    private static int compareDates(OffsetDateTime answer, OffsetDateTime stored) {
        if (stored == null) {
            return 1;
        }
        if (answer == null) {
            return -1;
        }
        return answer.toInstant().compareTo(stored.toInstant());
    }

    private static int compare(BigDecimal a, BigDecimal b) {
        return (a == null ? BigDecimal.ZERO : a).compareTo(b == null ? BigDecimal.ZERO : b);
    }
}
