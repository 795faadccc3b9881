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
 * The intent {@code id} is the resource. The seller is the one the webhook URL names (point-service registers
 * {@code /webhooks/point/{seller_id}} for each seller's integrator), else {@code caller_id} (the user whose token
 * created the intent, digits); a body whose {@code caller_id} names another seller than its URL is refused. The
 * CloudEvents id is derived from the intent id and its {@code state} ({@link RawNotifications#pointIntent}).
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
     * @param urlSeller the seller the webhook URL names, or {@code null} for the URL without one
     * @throws NotificationRejectedException when it is refused; nothing may be published then
     */
    public RawNotification accept(String contentType, byte[] body, String requestId, OffsetDateTime receivedAt,
            Long urlSeller) {
        Topic topic = TopicRouting.pointIntegrator();
        try {
            JsonNode json = NotificationJson.parseObject(body, contentType);
            String intentId = NotificationJson.requireId(NotificationJson.text(json, "id"), "id");
            String state = NotificationJson.optionalId(NotificationJson.text(json, "state"), "state");
            Long callerId = NotificationJson.optionalSellerId(json, "caller_id");
            if (urlSeller != null && callerId != null && !urlSeller.equals(callerId)) {
                throw new NotificationRejectedException(Rejection.BODY_MISMATCH,
                        "caller_id names another seller than the webhook URL");
            }
            Long seller = urlSeller != null ? urlSeller : callerId;
            return RawNotifications.pointIntent(intentId, state, seller, requestId, body, receivedAt);
        } finally {
            metrics.received(NotificationSource.POINT, topic);
        }
    }
}
