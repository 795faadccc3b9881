package dev.mpmarketplace.point.service;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.point.PointIntent;
import dev.mpmarketplace.events.point.PointIntentEventTypes;
import dev.mpmarketplace.events.point.PointIntentRefused;
import dev.mpmarketplace.outbox.Outbox;
import dev.mpmarketplace.outbox.OutboxMessage;
import dev.mpmarketplace.point.Intent;

/**
 * The intent events ({@code point-intents.events}, key {@code <seller id>:<intent id>}), added to the outbox inside the
 * transaction of the change, so an event exists if and only if its change was committed. An id is a
 * {@link StableEventId} of the intent, the type and the state reached: states only move forward, so each is reached
 * once and stated once.
 */
@ApplicationScoped
public class IntentEvents {

    private final Outbox outbox;

    public IntentEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The events of one move: created (leaving PENDING), else state changed; and finished when it became final. */
    public Uni<Void> moved(Intent intent, Intent.Transition transition, OffsetDateTime now) {
        if (transition.to().name().equals("REFUSED")) {
            return refused(intent, now);
        }
        String type = transition.created() ? PointIntentEventTypes.CREATED : PointIntentEventTypes.STATE_CHANGED;
        Uni<Boolean> first = add(type, intent, transition, now);
        return transition.finished()
                ? first.chain(() -> add(PointIntentEventTypes.FINISHED, intent, transition, now)).replaceWithVoid()
                : first.replaceWithVoid();
    }

    private Uni<Void> refused(Intent intent, OffsetDateTime now) {
        String subject = Long.toString(intent.sellerId);
        return outbox.add(new OutboxMessage(Topic.POINT_INTENT_EVENTS, key(intent), StableEventId.of("point-intent",
                PointIntentEventTypes.REFUSED, intent.id.toString()), PointIntentEventTypes.REFUSED,
                EventSource.POINT, subject, now, new PointIntentRefused(intent.sellerId, intent.id.toString(),
                        intent.kind, intent.idempotencyKey, intent.deviceId, intent.refusalReason,
                        intent.refusalDetail, intent.queuedIntentId, intent.externalReference, now)))
                .replaceWithVoid();
    }

    private Uni<Boolean> add(String type, Intent intent, Intent.Transition transition, OffsetDateTime now) {
        String subject = Long.toString(intent.sellerId);
        PointIntent data = new PointIntent(intent.sellerId, intent.id.toString(), intent.kind, intent.adapter,
                intent.mercadopagoId, intent.deviceId, transition.to(), transition.from(), intent.amount,
                intent.currency, intent.paymentId, intent.paymentStatus, intent.externalReference,
                intent.refundOf == null ? null : intent.refundOf.toString(), now);
        return outbox.add(new OutboxMessage(Topic.POINT_INTENT_EVENTS, key(intent), StableEventId.of("point-intent",
                type, intent.id.toString(), transition.to().name()), type, EventSource.POINT, subject, now, data));
    }

    private static String key(Intent intent) {
        return intent.sellerId + ":" + intent.id;
    }
}
