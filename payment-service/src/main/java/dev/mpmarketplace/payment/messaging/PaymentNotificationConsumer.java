package dev.mpmarketplace.payment.messaging;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.notification.PoisonRecordException;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotificationReader;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.service.PaymentNotifications;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerLanes;
import dev.mpmarketplace.support.messaging.ConsumerRetries;
import dev.mpmarketplace.support.messaging.KeyedLanes;

/**
 * Consumes payment notifications ({@code notifications.mercadopago.payment}, from notification-ingest-service), read
 * through libs/events' one {@link RawNotificationReader}: only the seller and the payment it names are taken (the key;
 * never the body). A notification is a hint: {@link PaymentNotifications} fetches the payment with the seller's token
 * and applies what Mercado Pago answers. Idempotent on the CloudEvent id (recorded with the effect). A record that is not a payment
 * notification is poison: it goes to {@code payment-service.dead-letter} at once. A transient failure (database, Vault,
 * Mercado Pago not answering) is retried in place for {@code payment.notifications.retry-for}, then dead-lettered with
 * its reason. Records run on keyed lanes ({@link KeyedLanes}, key: the record's, {@code <seller>:<payment id>}): one
 * payment's notifications one after the other, other payments' at once; a record is acknowledged once its work
 * completed, and no offset is committed past one that has not.
 */
@ApplicationScoped
public class PaymentNotificationConsumer {

    private static final Logger LOG = Logger.getLogger(PaymentNotificationConsumer.class);

    private final PaymentNotifications notifications;
    private final PaymentConfig config;
    private final KeyedLanes lanes;

    public PaymentNotificationConsumer(PaymentNotifications notifications, PaymentConfig config,
            ConsumerLanes consumerLanes) {
        this.lanes = consumerLanes.of("payment-notifications");
        this.notifications = notifications;
        this.config = config;
    }

    /** Hands the record to the channel's lanes: records of one key in order, other keys at once. */
    @Incoming("payment-notifications")
    public CompletionStage<Void> consume(Message<ConsumerRecord<String, byte[]>> message) {
        return lanes.submit(message, this::process);
    }

    Uni<Void> process(ConsumerRecord<String, byte[]> record) {
        RawNotification notification;
        long paymentId;
        try {
            notification = RawNotificationReader.read(record);
            if (!"payment".equals(notification.providerTopic())) {
                throw new PoisonRecordException("not a payment notification: " + notification.providerTopic());
            }
            paymentId = paymentId(notification.resourceId());
        } catch (PoisonRecordException e) {
            LOG.warnf("poison payment notification at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Uni.createFrom().failure(e);
        }
        LogFields.put(notification.sellerId(), paymentId);
        LogFields.putField(LogFields.EVENT_ID, notification.eventId());
        return ConsumerRetries.retryTransient(
                notifications.handle(notification.eventId(), notification.sellerId(), paymentId),
                PaymentNotificationConsumer::permanent, Duration.ofMillis(200), Duration.ofSeconds(30),
                config.notifications().retryFor())
                .replaceWithVoid();
    }

    /** A Mercado Pago payment id is a positive number; anything else named as one is poison. */
    private static long paymentId(String resourceId) {
        if (!resourceId.matches("[1-9]\\d{0,17}")) {
            throw new PoisonRecordException("the notification names no payment id");
        }
        return Long.parseLong(resourceId);
    }

    private static boolean permanent(Throwable failure) {
        return failure instanceof PoisonRecordException
                || failure instanceof MercadoPagoException mercadoPago && !mercadoPago.retryable();
    }
}
