package dev.mpmarketplace.point.messaging;

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
import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.point.service.IntentNotifications;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerLanes;
import dev.mpmarketplace.support.messaging.ConsumerRetries;
import dev.mpmarketplace.support.messaging.KeyedLanes;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * Point notifications ({@code notifications.mercadopago.point}: the integrator webhook and
 * {@code point_integration_wh}, for the Integration API) and Orders API notifications
 * ({@code notifications.mercadopago.order}), read through the one reader of raw notifications and handed to
 * {@link IntentNotifications} as hints: the named intent or order is fetched with its seller's token, never taken from
 * the body. Records run on keyed lanes ({@link KeyedLanes}): one intent's notifications one after the other, other
 * intents' at once. A poison record goes to the dead-letter topic at once; Mercado Pago, Vault or the database
 * unavailable is retried in place (the record's lane waits, so a later notification of the same intent keeps its
 * order), then dead-lettered.
 */
@ApplicationScoped
public class NotificationConsumers {

    private static final Logger LOG = Logger.getLogger(NotificationConsumers.class);
    static final String POINT_CONSUMER = "point-notifications";
    static final String ORDER_CONSUMER = "order-notifications";

    private final IntentNotifications notifications;
    private final KeyedLanes pointLanes;
    private final KeyedLanes orderLanes;

    public NotificationConsumers(IntentNotifications notifications, ConsumerLanes lanes) {
        this.notifications = notifications;
        this.pointLanes = lanes.of("point-notifications");
        this.orderLanes = lanes.of("order-notifications");
    }

    /** Each record on its key's lane (the key names the intent): one intent's notifications in order. */
    @Incoming("point-notifications")
    public CompletionStage<Void> point(Message<ConsumerRecord<String, byte[]>> message) {
        return pointLanes.submit(message, record -> consume(record, POINT_CONSUMER, PointAdapter.INTEGRATION_API));
    }

    /** Each record on its key's lane (the key names the order): one order's notifications in order. */
    @Incoming("order-notifications")
    public CompletionStage<Void> order(Message<ConsumerRecord<String, byte[]>> message) {
        return orderLanes.submit(message, record -> consume(record, ORDER_CONSUMER, PointAdapter.ORDERS_API));
    }

    private Uni<Void> consume(ConsumerRecord<String, byte[]> record, String consumer, PointAdapter adapter) {
        RawNotification notification;
        try {
            notification = RawNotificationReader.read(record);
        } catch (PoisonRecordException poison) {
            LOG.warnf("poison %s record at %s-%d@%d: %s", consumer, record.topic(), record.partition(),
                    record.offset(), poison.getMessage());
            return Uni.createFrom().failure(poison);
        }
        LogFields.put(notification.sellerId(), notification.resourceId());
        LogFields.putField(LogFields.EVENT_ID, notification.eventId());
        return ConsumerRetries.retryTransient(Uni.createFrom().deferred(() -> notifications.handle(consumer,
                notification.eventId(), adapter, notification.sellerId(), notification.resourceId())),
                NotificationConsumers::permanent, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMinutes(5))
                .invoke(outcome -> LOG.debugf("%s %s: %s", consumer, notification.eventId(), outcome))
                .replaceWithVoid();
    }

    /** A failure that no retry can fix. */
    static boolean permanent(Throwable failure) {
        return failure instanceof PoisonRecordException
                || failure instanceof ProblemException problem && problem.status() < 500
                || failure instanceof MercadoPagoException mercadoPago && !mercadoPago.retryable()
                        && mercadoPago.kind() != MercadoPagoException.Kind.NOT_FOUND;
    }
}
