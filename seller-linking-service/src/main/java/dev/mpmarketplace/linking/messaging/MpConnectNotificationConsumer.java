package dev.mpmarketplace.linking.messaging;

import java.io.IOException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.linking.service.SellerUnlinking;

/**
 * Consumes verified {@code mp-connect} notifications ({@code notifications.mercadopago.mp-connect}, published by
 * notification-ingest-service as binary CloudEvents; value: Mercado Pago's body as received).
 * <p>
 * Idempotent on the CloudEvent id (recorded with the effect). A record that is not a CloudEvent or whose body is not
 * an {@code mp-connect} notification is a poison record: it fails, and the channel's dead-letter strategy sends it to
 * {@code seller-linking-service.dead-letter}. A transient failure (database, Vault) is retried a few times first.
 * The offset is committed after the returned {@code Uni} completed, so only once the effect is durable.
 */
@ApplicationScoped
public class MpConnectNotificationConsumer {

    private static final Logger LOG = Logger.getLogger(MpConnectNotificationConsumer.class);
    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    private final SellerUnlinking unlinking;

    public MpConnectNotificationConsumer(SellerUnlinking unlinking) {
        this.unlinking = unlinking;
    }

    /** A record that can never be processed. */
    static final class PoisonRecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PoisonRecordException(String message) {
            super(message);
        }
    }

    @Incoming("mp-connect")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        String eventId;
        Long userId;
        String action;
        try {
            eventId = CloudEventAttributes.readFrom(record.headers()).id();
            JsonNode body = JSON.readTree(record.value() == null ? new byte[0] : record.value());
            if (body == null || !body.isObject() || !"mp-connect".equals(body.path("type").asText())) {
                throw new PoisonRecordException("not an mp-connect notification");
            }
            action = body.path("action").asText(null);
            JsonNode user = body.path("user_id");
            userId = user.canConvertToLong()
                    ? user.asLong()
                    : user.isTextual() && user.asText().matches("\\d{1,18}") ? Long.valueOf(user.asText()) : null;
        } catch (CloudEventAttributes.MalformedCloudEventException | IOException | PoisonRecordException e) {
            LOG.warnf("poison mp-connect record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Uni.createFrom().failure(e instanceof PoisonRecordException
                    ? e
                    : new PoisonRecordException(e.getMessage()));
        }
        return unlinking.handleConnectNotification(eventId, userId, action)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .replaceWithVoid();
    }
}
