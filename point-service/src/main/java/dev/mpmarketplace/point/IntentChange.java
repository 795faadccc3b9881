package dev.mpmarketplace.point;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.mpmarketplace.events.point.PointIntentState;

/** One entry of an intent's timeline: a change of state (or a note) and its source. */
@Entity
@Table(name = "intent_change")
public class IntentChange {

    /** What caused a change. */
    public enum Source {
        /** A request to this service's API. */
        API,
        /** A command on {@code point-intents.commands}. */
        COMMAND,
        /** The answer of the call that created, cancelled or refunded it. */
        MERCADOPAGO_ANSWER,
        /** A notification (a hint), after the intent was fetched. */
        NOTIFICATION,
        /** The sweep, after the intent was fetched. */
        SWEEP
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "intent_id", nullable = false)
    public UUID intentId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public PointIntentState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state", nullable = false)
    public PointIntentState toState;

    @Enumerated(EnumType.STRING)
    @Column(name = "source", nullable = false)
    public Source source;

    /** What Mercado Pago said ({@code ON_TERMINAL}, {@code processed/processed}, {@code payment approved}, ...). */
    @Column(name = "detail")
    public String detail;

    /** The CloudEvent id of the notification or command that caused it, if one did. */
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;

    public static IntentChange of(UUID intentId, PointIntentState from, PointIntentState to, Source source,
            String detail, String eventId, OffsetDateTime at) {
        IntentChange change = new IntentChange();
        change.intentId = intentId;
        change.fromState = from;
        change.toState = to;
        change.source = source;
        change.detail = detail;
        change.eventId = eventId;
        change.changedAt = at;
        return change;
    }
}
