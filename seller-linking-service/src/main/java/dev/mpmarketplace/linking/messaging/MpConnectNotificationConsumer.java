package dev.mpmarketplace.linking.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.notification.PoisonRecordException;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotificationReader;
import dev.mpmarketplace.linking.service.SellerUnlinking;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerRetries;

/**
 * Consumes {@code mp-connect} notifications ({@code notifications.mercadopago.mp-connect}, published by
 * notification-ingest-service), read through the one raw-notification reader of libs/events.
 * <p>
 * The notification only says whom to ask about (its seller) and what it claims (its action); no effect is taken from
 * it: {@link SellerUnlinking} asks Mercado Pago. An IPN names no seller (nothing of it is signed), so it changes
 * nothing. Idempotent on the CloudEvent id (recorded with the effect). A poison record (not a raw notification, or not
 * an {@code mp-connect} one) goes to {@code seller-linking-service.dead-letter} at once. A transient failure
 * (database, Vault, Mercado Pago not answering the probe) is retried in place for up to five minutes, then
 * dead-lettered with its reason. The offset is committed only once the returned {@code Uni} completed.
 */
@ApplicationScoped
public class MpConnectNotificationConsumer {

    private static final Logger LOG = Logger.getLogger(MpConnectNotificationConsumer.class);
    private static final String MP_CONNECT = "mp-connect";

    private final SellerUnlinking unlinking;

    public MpConnectNotificationConsumer(SellerUnlinking unlinking) {
        this.unlinking = unlinking;
    }

    @Incoming("mp-connect")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        RawNotification notification;
        try {
            notification = RawNotificationReader.read(record);
            if (!MP_CONNECT.equals(notification.providerTopic())) {
                throw new PoisonRecordException("not an mp-connect notification");
            }
        } catch (PoisonRecordException poison) {
            LOG.warnf("poison mp-connect record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), poison.getMessage());
            return Uni.createFrom().failure(poison);
        }
        LogFields.put(notification.sellerId(), notification.resourceId());
        LogFields.putField(LogFields.EVENT_ID, notification.eventId());
        return ConsumerRetries.retryTransient(unlinking.handleConnectNotification(notification.eventId(),
                notification.sellerId(), notification.action()),
                MpConnectNotificationConsumer::permanent, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMinutes(5))
                .replaceWithVoid();
    }

    private static boolean permanent(Throwable failure) {
        return failure instanceof PoisonRecordException
                || failure instanceof MercadoPagoException mercadoPago && !mercadoPago.retryable();
    }
}
