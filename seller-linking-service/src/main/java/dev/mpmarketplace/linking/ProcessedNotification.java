package dev.mpmarketplace.linking;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An {@code mp-connect} notification this service has handled, by CloudEvent id, written in the same transaction as
 * its effect: a redelivered record finds it and does nothing. Unknown sellers are recorded here too.
 */
@Entity
@Table(name = "processed_notification")
public class ProcessedNotification {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "action")
    public String action;

    /** {@code unlinked}, {@code confirmed}, {@code unknown_seller}, {@code already_unlinked}, {@code ignored}. */
    @Column(name = "outcome", nullable = false)
    public String outcome;

    @Column(name = "processed_at", nullable = false)
    public OffsetDateTime processedAt;

    public static ProcessedNotification of(String eventId, Long userId, String action, String outcome,
            OffsetDateTime now) {
        ProcessedNotification processed = new ProcessedNotification();
        processed.eventId = eventId;
        processed.userId = userId;
        processed.action = action;
        processed.outcome = outcome;
        processed.processedAt = now;
        return processed;
    }
}
