package dev.mpmarketplace.ingest.service;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.ingest.messaging.RawNotificationPublisher;

/**
 * Publishes an accepted notification and accounts for it: metrics, and one log line carrying the request id, the
 * provider topic, the resource, the seller and the event id as MDC fields (JSON fields in production), never the
 * signature or the body. An accepted notification and a replay are logged at INFO (issue 9: an operator traces a
 * notification from its line), a 503 at WARN.
 */
@ApplicationScoped
public class NotificationIngest {

    private static final Logger LOG = Logger.getLogger(NotificationIngest.class);

    private final RawNotificationPublisher publisher;
    private final SignatureReplays replays;
    private final IngestMetrics metrics;

    public NotificationIngest(RawNotificationPublisher publisher, SignatureReplays replays, IngestMetrics metrics) {
        this.publisher = publisher;
        this.replays = replays;
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

    /**
     * Publishes a signed notification unless its signature was accepted already by this replica, in which case it is
     * answered as accepted (the same event id: it derives from the signed values) and nothing is published. A
     * signature whose notification could not be stored is forgotten, so the sender's retry is accepted.
     *
     * @return the notification, for the answer; completes exceptionally with {@link PublishFailedException}
     */
    public CompletionStage<RawNotification> ingestOnce(RawNotification notification, SignatureKey signature) {
        if (!replays.claim(signature)) {
            metrics.replayed(notification.topic());
            withContext(notification, () -> LOG.info("replay of an accepted signature: answered, not published"));
            return CompletableFuture.completedFuture(notification);
        }
        return ingest(notification).whenComplete((published, failure) -> {
            if (failure != null) {
                replays.release(signature);
            }
        });
    }

    private void accepted(RawNotification notification, Duration latency) {
        metrics.published(notification.topic(), latency);
        withContext(notification, () -> LOG.info("notification accepted"));
    }

    private void failed(RawNotification notification, PublishFailedException failure) {
        metrics.publishFailed(notification.topic(), failure.reason());
        withContext(notification,
                () -> LOG.warnf("answered 503: notification not acknowledged by the broker (%s%s)",
                        failure.reason().label(),
                        failure.getCause() == null ? "" : ": " + failure.getCause().getMessage()));
    }

    /**
     * Runs a log call with the notification's identifiers in the MDC (fields of a JSON log line). Public for the
     * benchmark's verifying forwarder, which logs each accepted notification exactly as the service does.
     */
    public static void withContext(RawNotification notification, Runnable log) {
        MDC.put("request_id", notification.headers().requestId() == null ? "none" : notification.headers().requestId());
        MDC.put("notification_topic", notification.providerTopic());
        MDC.put("resource_id", notification.resourceId());
        MDC.put("seller_id", notification.sellerId() == null ? "unknown" : notification.sellerId().toString());
        MDC.put("event_id", notification.eventId());
        try {
            log.run();
        } finally {
            MDC.remove("request_id");
            MDC.remove("notification_topic");
            MDC.remove("resource_id");
            MDC.remove("seller_id");
            MDC.remove("event_id");
        }
    }
}
