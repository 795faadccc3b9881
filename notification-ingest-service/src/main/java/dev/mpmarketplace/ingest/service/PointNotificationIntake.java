package dev.mpmarketplace.ingest.service;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotifications;
import dev.mpmarketplace.events.notification.TopicRouting;

/**
 * Turns a Point integrator webhook notification (the raw payment intent body, reference 5A) into a
 * {@link RawNotification}. The integrator webhook is not signed; the URL was proven ours by the challenge, and
 * point-service fetches the intent (every consumer treats a notification as a hint), so the notification is
 * published as {@code unsigned-point}.
 * <p>
 * The intent {@code id} is the resource; {@code caller_id} (the user whose token created the intent, digits) is taken
 * as the seller; the CloudEvents id is derived from the intent id and its {@code state}
 * ({@link RawNotifications#pointIntent}).
 */
@ApplicationScoped
public class PointNotificationIntake {

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
            Long callerId = NotificationJson.optionalSellerId(json, "caller_id");
            return RawNotifications.pointIntent(intentId, state, callerId, requestId, body, receivedAt);
        } finally {
            metrics.received(NotificationSource.POINT, topic);
        }
    }
}
