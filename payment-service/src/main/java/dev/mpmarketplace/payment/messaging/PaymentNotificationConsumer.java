package dev.mpmarketplace.payment.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.notification.PoisonRecordException;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotificationReader;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.service.PaymentNotifications;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerRetries;

/**
 * Consumes payment notifications ({@code notifications.mercadopago.payment}, from notification-ingest-service), read
 * through libs/events' one {@link RawNotificationReader}: only the seller and the payment it names are taken (the key;
 * never the body). A notification is a hint: {@link PaymentNotifications} fetches the payment with the seller's token
 * and applies what Mercado Pago answers. Idempotent on the CloudEvent id (recorded with the effect). A record that is not a payment
 * notification is poison: it goes to {@code payment-service.dead-letter} at once. A transient failure (database, Vault,
 * Mercado Pago not answering) is retried in place for {@code payment.notifications.retry-for}, then dead-lettered with
 * its reason. The offset is committed only once the returned {@code Uni} completed.
 */
@ApplicationScoped
public class PaymentNotificationConsumer {

    private static final Logger LOG = Logger.getLogger(PaymentNotificationConsumer.class);

    private final PaymentNotifications notifications;
    private final PaymentConfig config;

    public PaymentNotificationConsumer(PaymentNotifications notifications, PaymentConfig config) {
        this.notifications = notifications;
        this.config = config;
    }

    @Incoming("payment-notifications")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
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
