package dev.mpmarketplace.point.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.service.IntentQueries;

/**
 * An intent as the marketplace's backends see it: its state, where it runs, its payment, why it was refused, its
 * timeline (with {@code GET /intents/{id}}) and refunds.
 *
 * @param unresolved why the creation call has no known outcome yet (the intent is {@code PENDING} and being settled
 *        with Mercado Pago), else null
 */
public record IntentView(String id, long sellerId, PointIntentKind kind, PointAdapter adapter, String deviceId,
        PointIntentState state, BigDecimal amount, String currency, String description, String externalReference,
        Integer installments, String paymentType, String mercadopagoId, Payment payment, String refundOf,
        Refusal refusal, String unresolved, OffsetDateTime cancelRequestedAt, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, OffsetDateTime finishedAt, List<Change> timeline, List<String> refunds) {

    /** The {@code /v1/payments} payment the device made. */
    public record Payment(Long id, String status) {
    }

    /** Why it was never queued. */
    public record Refusal(String reason, String detail, String queuedIntentId) {
    }

    /** One change, and what caused it. */
    public record Change(PointIntentState from, PointIntentState to, IntentChange.Source source, String detail,
            OffsetDateTime at) {
    }

    static IntentView of(Intent intent) {
        return of(intent, null, null);
    }

    static IntentView of(IntentQueries.Detailed detailed) {
        return of(detailed.intent(), detailed.timeline().stream().map(change -> new Change(change.fromState,
                change.toState, change.source, change.detail, change.changedAt)).toList(),
                detailed.refunds().stream().map(refund -> refund.id.toString()).toList());
    }

    private static IntentView of(Intent intent, List<Change> timeline, List<String> refunds) {
        Payment payment = intent.paymentId == null && intent.paymentStatus == null
                ? null
                : new Payment(intent.paymentId, intent.paymentStatus);
        Refusal refusal = intent.refusalReason == null
                ? null
                : new Refusal(intent.refusalReason, intent.refusalDetail, intent.queuedIntentId);
        return new IntentView(intent.id.toString(), intent.sellerId, intent.kind, intent.adapter, intent.deviceId,
                intent.state, intent.amount, intent.currency, intent.description, intent.externalReference,
                intent.installments, intent.paymentType, intent.mercadopagoId, payment,
                intent.refundOf == null ? null : intent.refundOf.toString(), refusal,
                intent.state == PointIntentState.PENDING ? intent.creationFailure : null, intent.cancelRequestedAt,
                intent.createdAt, intent.updatedAt, intent.finishedAt, timeline, refunds);
    }
}
