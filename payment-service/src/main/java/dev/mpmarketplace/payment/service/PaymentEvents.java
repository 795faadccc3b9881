package dev.mpmarketplace.payment.service;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.payment.PaymentCommandFailed;
import dev.mpmarketplace.events.payment.PaymentEventTypes;
import dev.mpmarketplace.events.payment.PaymentRefunded;
import dev.mpmarketplace.events.payment.PaymentStatusChanged;
import dev.mpmarketplace.outbox.Outbox;
import dev.mpmarketplace.outbox.OutboxMessage;
import dev.mpmarketplace.payment.Payment;
import dev.mpmarketplace.payment.PaymentStatus;
import dev.mpmarketplace.payment.StatusSource;

/**
 * The payment events ({@code payments.events}, key {@code <seller id>:<payment id>}, so one payment's events keep their
 * order), added to the outbox inside the caller's transaction: an event exists if and only if the change it states was
 * committed. Each id is a {@link StableEventId} of what makes the fact unique: the payment and its change number, the
 * Mercado Pago refund id, the command's id.
 */
@ApplicationScoped
public class PaymentEvents {

    private final Outbox outbox;

    public PaymentEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The payment's status or detail changed to what it is now (its change number {@code changeCount}). */
    public Uni<Boolean> statusChanged(Payment payment, Payment.Observation observation, StatusSource source,
            OffsetDateTime now) {
        return outbox.add(statusChangedMessage(payment, observation, source, now));
    }

    /** The "status changed" event of the payment's latest change, for a caller that writes it itself. */
    public OutboxMessage statusChangedMessage(Payment payment, Payment.Observation observation, StatusSource source,
            OffsetDateTime now) {
        PaymentStatus old = observation.oldStatus();
        boolean firstHeard = payment.origin == Payment.Origin.EXTERNAL && old == PaymentStatus.SUBMITTING;
        PaymentStatusChanged data = new PaymentStatusChanged(payment.id.toString(), payment.mercadopagoPaymentId,
                payment.sellerId, payment.idempotencyKey, payment.externalReference,
                firstHeard ? null : old.word(), payment.status, firstHeard ? null : observation.oldStatusDetail(),
                payment.statusDetail, source.word(), payment.transactionAmount, payment.transactionAmountRefunded,
                payment.currencyId, payment.mercadopagoLastUpdated, now, payment.changeCount);
        return message(payment, PaymentEventTypes.STATUS_CHANGED,
                StableEventId.of("payment", PaymentEventTypes.STATUS_CHANGED, payment.id.toString(),
                        "v" + payment.changeCount),
                data, now);
    }

    /** Mercado Pago lists a refund of the payment that had not been seen. */
    public Uni<Boolean> refunded(Payment payment, long refundId, java.math.BigDecimal amount,
            OffsetDateTime refundedAt, String refundIdempotencyKey, OffsetDateTime now) {
        return add(payment, PaymentEventTypes.REFUNDED,
                StableEventId.of("payment", PaymentEventTypes.REFUNDED, Long.toString(refundId)),
                new PaymentRefunded(payment.id.toString(), payment.mercadopagoPaymentId, payment.sellerId, refundId,
                        amount, payment.currencyId, refundedAt, refundIdempotencyKey),
                now);
    }

    /** A command was not carried out. */
    public Uni<Boolean> commandFailed(String commandId, String commandType, String idempotencyKey, Long sellerId,
            String paymentId, String reason, String detail, List<String> causes, OffsetDateTime now) {
        String subject = sellerId == null ? null : sellerId.toString();
        String key = (subject == null ? "unknown" : subject) + ":" + (paymentId != null ? paymentId : commandId);
        return outbox.add(new OutboxMessage(Topic.PAYMENT_EVENTS, key,
                StableEventId.of("payment", PaymentEventTypes.COMMAND_FAILED, commandId),
                PaymentEventTypes.COMMAND_FAILED, EventSource.PAYMENT, subject, now,
                new PaymentCommandFailed(commandId, commandType, idempotencyKey, sellerId, paymentId, reason, detail,
                        causes)));
    }

    private Uni<Boolean> add(Payment payment, String type, String eventId, Object data, OffsetDateTime now) {
        return outbox.add(message(payment, type, eventId, data, now));
    }

    private static OutboxMessage message(Payment payment, String type, String eventId, Object data,
            OffsetDateTime now) {
        String subject = Long.toString(payment.sellerId);
        return new OutboxMessage(Topic.PAYMENT_EVENTS, subject + ":" + payment.id, eventId, type, EventSource.PAYMENT,
                subject, now, data);
    }
}
