package dev.mpmarketplace.ingest.service;

import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotifications;
import dev.mpmarketplace.events.notification.TopicRouting;
import dev.mpmarketplace.ingest.config.IngestConfig;

/**
 * Turns a Mercado Libre feed notification ({@code {_id, resource, user_id, topic, application_id, attempts, sent,
 * received}}) into a {@link RawNotification}, or refuses it. The feed is not signed: the only check is that
 * {@code application_id} is the marketplace's (compared as text: it may exceed 2^53). The record key uses the
 * {@code resource} path as the resource id ({@code /orders/2000004912352524}) and the {@code user_id}, which must be
 * a user id (digits).
 */
@ApplicationScoped
public class MercadoLibreNotificationIntake {

    private final Optional<String> applicationId;
    private final IngestMetrics metrics;

    public MercadoLibreNotificationIntake(IngestConfig config, IngestMetrics metrics) {
        this.applicationId = config.mercadolibre().applicationId().map(String::trim);
        this.metrics = metrics;
    }

    /**
     * Checks and classifies one feed notification.
     *
     * @throws NotificationRejectedException when it is refused; nothing may be published then
     */
    public RawNotification accept(String contentType, byte[] body, String requestId, OffsetDateTime receivedAt) {
        Topic routed = null;
        try {
            JsonNode json = NotificationJson.parseObject(body, contentType);
            String topicName = NotificationJson.requireTopic(NotificationJson.text(json, "topic"), "topic");
            routed = TopicRouting.mercadoLibre(topicName);
            String notificationId = NotificationJson.requireId(NotificationJson.text(json, "_id"), "_id");
            String resource = NotificationJson.requireId(NotificationJson.text(json, "resource"), "resource");
            long sellerId = NotificationJson.requireSellerId(json, "user_id");
            String application = NotificationJson.requireId(NotificationJson.text(json, "application_id"),
                    "application_id");
            if (!applicationId.map(application::equals).orElse(false)) {
                throw new NotificationRejectedException(Rejection.APPLICATION_ID_MISMATCH,
                        "the notification is for another Mercado Libre application");
            }
            return RawNotifications.mercadoLibreFeed(topicName, notificationId, resource, sellerId, requestId, body,
                    receivedAt);
        } finally {
            metrics.received(NotificationSource.MERCADOLIBRE, routed);
        }
    }
}
