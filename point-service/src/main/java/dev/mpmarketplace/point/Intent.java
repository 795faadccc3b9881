package dev.mpmarketplace.point;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;

/**
 * A payment or refund intent on a seller's Point device, carried by one of Mercado Pago's two APIs. Its
 * {@link #state} changes only through {@link #advance}, which follows {@link IntentStates}: forward only, so a late
 * or repeated answer changes nothing. Its {@link #id} is what Mercado Pago knows as the external reference.
 */
@Entity
@Table(name = "intent")
public class Intent {

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "seller_id", nullable = false)
    public long sellerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false)
    public PointIntentKind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "adapter", nullable = false)
    public PointAdapter adapter;

    @Column(name = "device_id", nullable = false)
    public String deviceId;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false)
    public PointIntentState state;

    @Column(name = "occupies_device", nullable = false)
    public boolean occupiesDevice;

    @Column(name = "idempotency_key", nullable = false)
    public String idempotencyKey;

    /** A digest of the request, so that a key reused with another request is told apart. */
    @Column(name = "request_hash", nullable = false)
    public String requestHash;

    /** The payment or refund intent id (Integration API) or the order id (Orders API); null while PENDING. */
    @Column(name = "mercadopago_id")
    public String mercadopagoId;

    @Column(name = "amount", nullable = false)
    public BigDecimal amount;

    @Column(name = "currency")
    public String currency;

    @Column(name = "description")
    public String description;

    /** The marketplace's own reference, if it gave one (Mercado Pago gets {@link #id}). */
    @Column(name = "external_reference")
    public String externalReference;

    @Column(name = "installments")
    public Integer installments;

    @Column(name = "payment_type")
    public String paymentType;

    /** For a refund: the payment intent it refunds. */
    @Column(name = "refund_of")
    public UUID refundOf;

    /** The {@code /v1/payments} payment the device made (for a refund: the one refunded). */
    @Column(name = "payment_id")
    public Long paymentId;

    @Column(name = "payment_status")
    public String paymentStatus;

    /**
     * Why the last creation call has no known outcome ({@code timeout}, {@code server_error}, ...), or, for a call known
     * not to have reached Mercado Pago, {@code not_sent:<why>}; null once created or refused.
     */
    @Column(name = "creation_failure")
    public String creationFailure;

    @Column(name = "refusal_reason")
    public String refusalReason;

    @Column(name = "refusal_detail")
    public String refusalDetail;

    /** For a refusal because the device was busy: what is queued there (ours, or Mercado Pago's id). */
    @Column(name = "queued_intent_id")
    public String queuedIntentId;

    /** When an asynchronous cancel (Orders API, at the terminal) was accepted. */
    @Column(name = "cancel_requested_at")
    public OffsetDateTime cancelRequestedAt;

    /** When the sweep next asks Mercado Pago about it; null once final. */
    @Column(name = "next_check_at")
    public OffsetDateTime nextCheckAt;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Version
    @Column(name = "version", nullable = false)
    public long version;

    /** A change of state, for the timeline and the events. */
    public record Transition(PointIntentState from, PointIntentState to) {

        /** Whether this move left PENDING for a state Mercado Pago holds: the intent was created. */
        public boolean created() {
            return from == PointIntentState.PENDING && to != PointIntentState.REFUSED;
        }

        /** Whether this move made the intent final for the first time. */
        public boolean finished() {
            return to.isFinal() && !from.isFinal() && to != PointIntentState.REFUSED;
        }
    }

    /** A new intent, claimed before any call to Mercado Pago: {@code PENDING}, holding its device. */
    public static Intent pending(UUID id, long sellerId, PointIntentKind kind, PointAdapter adapter, String deviceId,
            String idempotencyKey, String requestHash, BigDecimal amount, String currency, OffsetDateTime now) {
        Intent intent = new Intent();
        intent.id = id;
        intent.sellerId = sellerId;
        intent.kind = kind;
        intent.adapter = adapter;
        intent.deviceId = deviceId;
        intent.idempotencyKey = idempotencyKey;
        intent.requestHash = requestHash;
        intent.amount = amount;
        intent.currency = currency;
        intent.state = PointIntentState.PENDING;
        intent.occupiesDevice = IntentStates.occupiesDevice(kind, adapter, PointIntentState.PENDING);
        intent.createdAt = now;
        intent.updatedAt = now;
        return intent;
    }

    /**
     * Moves to {@code next} if the state machine allows it ({@link IntentStates#allows}); otherwise nothing changes.
     *
     * @return the transition made, or empty for a state at or before the current one
     */
    public Optional<Transition> advance(PointIntentState next, OffsetDateTime now) {
        if (!IntentStates.allows(kind, state, next)) {
            return Optional.empty();
        }
        Transition transition = new Transition(state, next);
        state = next;
        occupiesDevice = IntentStates.occupiesDevice(kind, adapter, next);
        if (next.isFinal()) {
            nextCheckAt = null;
            if (finishedAt == null) {
                finishedAt = now;
            }
        }
        if (transition.from() == PointIntentState.PENDING) {
            creationFailure = null;
        }
        updatedAt = now;
        return Optional.of(transition);
    }

    /** Mercado Pago's id, learned from the create answer or found by the external reference; never changed once set. */
    public void identify(String mercadopagoIntentId) {
        if (mercadopagoId != null && !mercadopagoId.equals(mercadopagoIntentId)) {
            throw new IllegalStateException("intent " + id + " is already " + mercadopagoId);
        }
        mercadopagoId = mercadopagoIntentId;
    }

    /** Never queued: Mercado Pago refused it (or the device was busy). */
    public Optional<Transition> refuse(String reason, String detail, String queuedIntent, OffsetDateTime now) {
        Optional<Transition> transition = advance(PointIntentState.REFUSED, now);
        transition.ifPresent(t -> {
            refusalReason = reason;
            refusalDetail = detail;
            queuedIntentId = queuedIntent;
            creationFailure = null;
        });
        return transition;
    }

    /** The payment the device made, and its status when last looked up (never forgotten once known). */
    public void paid(Long madePaymentId, String status) {
        if (madePaymentId != null) {
            paymentId = madePaymentId;
        }
        if (status != null && !status.isEmpty()) {
            paymentStatus = status;
        }
    }

    /** Whether the API may still cancel it at once: only while it waits on the device, not picked up. */
    public boolean cancellableThroughApi() {
        return state == PointIntentState.OPEN;
    }
}
