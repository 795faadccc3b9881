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
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerRetries;

/**
 * Consumes {@code mp-connect} notifications ({@code notifications.mercadopago.mp-connect}, published by
 * notification-ingest-service as binary CloudEvents; value: Mercado Pago's body as received).
 * <p>
 * The body only says whom to ask about ({@code user_id}) and what it claims ({@code action}); no effect is taken from
 * it: {@link SellerUnlinking} asks Mercado Pago. Idempotent on the CloudEvent id (recorded with the effect). A record
 * that is not a CloudEvent or not an {@code mp-connect} notification is poison: it goes to
 * {@code seller-linking-service.dead-letter} at once. A transient failure (database, Vault, Mercado Pago not answering
 * the probe) is retried in place for up to five minutes, then dead-lettered with its reason. The offset is committed
 * only once the returned {@code Uni} completed.
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
        LogFields.put(userId, userId);
        LogFields.putField(LogFields.EVENT_ID, eventId);
        return ConsumerRetries.retryTransient(unlinking.handleConnectNotification(eventId, userId, action),
                MpConnectNotificationConsumer::permanent, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMinutes(5))
                .replaceWithVoid();
    }

    private static boolean permanent(Throwable failure) {
        return failure instanceof PoisonRecordException
                || failure instanceof MercadoPagoException mercadoPago && !mercadoPago.retryable();
    }
}
