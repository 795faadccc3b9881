package dev.mpmarketplace.ingest.service;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.mpmarketplace.ingest.messaging.RawNotificationPublisher;

/**
 * Publishes a verified notification and accounts for it: metrics, and a log line carrying the seller and the
 * resource. An accepted notification is logged at DEBUG (the topic itself is the record of what arrived, and a line
 * per notification would cost more than the rest of the request); a 503 is logged at WARN.
 */
@ApplicationScoped
public class NotificationIngest {

    private static final Logger LOG = Logger.getLogger(NotificationIngest.class);

    private final RawNotificationPublisher publisher;
    private final IngestMetrics metrics;

    public NotificationIngest(RawNotificationPublisher publisher, IngestMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Publishes the notification and completes once the broker acknowledged it.
     *
     * @return the notification, for the answer; completes exceptionally with {@link PublishFailedException}
     */
    public CompletionStage<RawNotification> ingest(RawNotification notification) {
        return publisher.publish(notification).handle((latency, failure) -> {
            if (failure == null) {
                accepted(notification, latency);
                return notification;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            if (cause instanceof PublishFailedException publishFailed) {
                failed(notification, publishFailed);
                throw publishFailed;
            }
            throw new CompletionException(cause);
        });
    }

    private void accepted(RawNotification notification, Duration latency) {
        metrics.published(notification.topic(), latency);
        if (LOG.isDebugEnabled()) {
            withContext(notification, () -> LOG.debugf("published %s notification %s to %s in %d ms",
                    notification.providerTopic(), notification.attributes().id(), notification.topic().topicName(),
                    latency.toMillis()));
        }
    }

    private void failed(RawNotification notification, PublishFailedException failure) {
        metrics.publishFailed(notification.topic(), failure.reason());
        withContext(notification,
                () -> LOG.warnf("answered 503: %s notification %s not acknowledged by the broker (%s%s)",
                        notification.providerTopic(), notification.attributes().id(), failure.reason().label(),
                        failure.getCause() == null ? "" : ": " + failure.getCause().getMessage()));
    }

    /** Runs a log call with the notification's identifiers in the MDC (fields of a JSON log line). */
    static void withContext(RawNotification notification, Runnable log) {
        MDC.put("seller_id", notification.sellerId() == null ? "unknown" : notification.sellerId());
        MDC.put("resource_id", notification.resourceId());
        MDC.put("notification_topic", notification.providerTopic());
        String requestId = notification.headers().requestId();
        if (requestId != null) {
            MDC.put("request_id", requestId);
        }
        try {
            log.run();
        } finally {
            MDC.remove("seller_id");
            MDC.remove("resource_id");
            MDC.remove("notification_topic");
            MDC.remove("request_id");
        }
    }
}
