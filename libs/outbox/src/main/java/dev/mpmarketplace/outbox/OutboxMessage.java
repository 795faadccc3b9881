package dev.mpmarketplace.outbox;

import java.time.OffsetDateTime;
import java.util.Objects;

import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.Topic;

/**
 * One event for the {@link Outbox}: where it goes, its key, its CloudEvents attributes and its data.
 *
 * @param topic the topic it is published to
 * @param key the record key (all events about one aggregate share it, and so a partition and an order)
 * @param eventId the CloudEvent id, a {@code StableEventId} of what makes the fact unique: the same fact added twice
 *        is one event
 * @param type the CloudEvent type ({@code EventTypes.domain(...)})
 * @param source the service that states the fact
 * @param subject the seller the fact is about (Mercado Pago user id), or {@code null}
 * @param time when the fact happened
 * @param data the event data, serialised with {@code MarketplaceJson} (snake_case)
 */
public record OutboxMessage(Topic topic, String key, String eventId, String type, EventSource source,
        String subject, OffsetDateTime time, Object data) {

    public OutboxMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }
}
