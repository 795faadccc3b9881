package dev.mpmarketplace.linking;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A seller event written in the same transaction as the change it states, and published by
 * {@code messaging.SellerEventRelay}, which sets {@link #sentAt} only after the broker acknowledged it.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    /** The CloudEvent id (a {@code StableEventId}); unique. */
    @Column(name = "event_id", nullable = false, unique = true)
    public String eventId;

    @Column(name = "type", nullable = false)
    public String type;

    @Column(name = "subject")
    public String subject;

    @Column(name = "message_key", nullable = false)
    public String messageKey;

    /** The event data as JSON (snake_case). */
    @Column(name = "payload", nullable = false)
    public String payload;

    @Column(name = "occurred_at", nullable = false)
    public OffsetDateTime occurredAt;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;
}
