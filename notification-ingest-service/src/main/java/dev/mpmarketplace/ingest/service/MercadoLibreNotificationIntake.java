package dev.mpmarketplace.ingest.service;

import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.EventTypes;
import dev.mpmarketplace.events.RawNotificationHeaders;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.ingest.config.IngestConfig;

/**
 * Turns a Mercado Libre feed notification ({@code {_id, resource, user_id, topic, application_id, attempts, sent,
 * received}}) into a {@link RawNotification}, or refuses it. The feed is not signed: the only check is that
 * {@code application_id} is the marketplace's (compared as text: it may exceed 2^53). The record key uses the
 * {@code resource} path as the resource id ({@code /orders/2000004912352524}).
 */
@ApplicationScoped
public class MercadoLibreNotificationIntake {

    private static final String PROVIDER = "mercadolibre";

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
            String sellerId = NotificationJson.requireId(NotificationJson.text(json, "user_id"), "user_id");
            String application = NotificationJson.requireId(NotificationJson.text(json, "application_id"),
                    "application_id");
            if (!applicationId.map(application::equals).orElse(false)) {
                throw new NotificationRejectedException(Rejection.APPLICATION_ID_MISMATCH,
                        "the notification is for another Mercado Libre application");
            }
            return new RawNotification(NotificationSource.MERCADOLIBRE, topicName, routed,
                    RawNotificationHeaders.recordKey(sellerId, resource), sellerId, resource,
                    new CloudEventAttributes(StableEventId.of(PROVIDER, notificationId),
                            EventSource.NOTIFICATION_INGEST.uri(), EventTypes.rawNotification(PROVIDER, topicName),
                            sellerId, receivedAt, CloudEventAttributes.JSON),
                    new RawNotificationHeaders(requestId, RawNotificationHeaders.VERIFICATION_APPLICATION_ID_MATCHED,
                            notificationId),
                    body);
        } finally {
            metrics.received(NotificationSource.MERCADOLIBRE, routed);
        }
    }
}
