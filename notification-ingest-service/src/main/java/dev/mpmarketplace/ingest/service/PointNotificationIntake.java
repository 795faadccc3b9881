package dev.mpmarketplace.ingest.service;

import java.time.OffsetDateTime;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.EventTypes;
import dev.mpmarketplace.events.RawNotificationHeaders;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;

/**
 * Turns a Point integrator webhook notification (the raw payment intent body, reference 5A) into a
 * {@link RawNotification}. The integrator webhook is not signed; the URL was proven ours by the challenge, and
 * point-service re-fetches the intent, so the notification is published as {@code unsigned-point}.
 * <p>
 * The intent {@code id} is the resource; {@code caller_id} (the user whose token created the intent) is taken as the
 * seller; the CloudEvents id is derived from the intent id and its {@code state}, so each state change is a fact of
 * its own and a redelivery of one is the same fact.
 */
@ApplicationScoped
public class PointNotificationIntake {

    /** The CloudEvents type segment for the raw intent body, distinct from {@code point_integration_wh} envelopes. */
    public static final String PROVIDER_TOPIC = "point_integrator";

    private final IngestMetrics metrics;

    public PointNotificationIntake(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Reads one Point notification.
     *
     * @throws NotificationRejectedException when it is refused; nothing may be published then
     */
    public RawNotification accept(String contentType, byte[] body, String requestId, OffsetDateTime receivedAt) {
        Topic topic = TopicRouting.pointIntegrator();
        try {
            JsonNode json = NotificationJson.parseObject(body, contentType);
            String intentId = NotificationJson.requireId(NotificationJson.text(json, "id"), "id");
            String state = NotificationJson.optionalId(NotificationJson.text(json, "state"), "state");
            String sellerId = NotificationJson.optionalId(NotificationJson.text(json, "caller_id"), "caller_id");
            String[] idParts = Arrays.stream(new String[]{"mercadopago", "point", intentId, state})
                    .filter(part -> part != null).toArray(String[]::new);
            return new RawNotification(NotificationSource.POINT, PROVIDER_TOPIC, topic,
                    RawNotificationHeaders.recordKey(sellerId, intentId), sellerId, intentId,
                    new CloudEventAttributes(StableEventId.of(idParts), EventSource.NOTIFICATION_INGEST.uri(),
                            EventTypes.rawNotification("mercadopago", PROVIDER_TOPIC), sellerId, receivedAt,
                            CloudEventAttributes.JSON),
                    new RawNotificationHeaders(requestId, RawNotificationHeaders.VERIFICATION_UNSIGNED_POINT,
                            intentId),
                    body);
        } finally {
            metrics.received(NotificationSource.POINT, topic);
        }
    }
}
