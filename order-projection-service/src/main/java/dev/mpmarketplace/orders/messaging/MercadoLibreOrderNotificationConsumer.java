package dev.mpmarketplace.orders.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import dev.mpmarketplace.orders.config.OrdersConfig;
import dev.mpmarketplace.orders.fact.CauseKind;
import dev.mpmarketplace.orders.fact.FactCause;
import dev.mpmarketplace.orders.service.MercadoLibreOrderFetches;
import dev.mpmarketplace.orders.service.OrderMetrics;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerLanes;
import dev.mpmarketplace.support.messaging.ConsumerRetries;
import dev.mpmarketplace.support.messaging.KeyedLanes;

/**
 * Consumes Mercado Libre order notifications ({@code notifications.mercadolibre.orders}: {@code orders_v2},
 * {@code orders}, {@code created_orders}), read through the one raw-notification reader of libs/events.
 * <p>
 * A notification is a hint: it names a seller and an order, and {@link MercadoLibreOrderFetches} fetches the order as
 * that seller and applies the answer; nothing else of it is used. Mercado Libre sends several per sale, late and out
 * of order: each fetch gets the order as it is now, and an answer already applied changes nothing. A poison record
 * (not a raw notification, another topic, a resource that is not an order) goes to
 * {@code order-projection-service.dead-letter} at once. A failure a retry may cure (Mercado Libre answering 429 or
 * 5xx, or not at all; the database) is retried in place for {@code orders.notifications.retry-for}, then the order is
 * handed to the refetch sweep and the lane moves on. Records run on keyed lanes ({@link KeyedLanes}, key: the
 * record's, {@code <seller>:/orders/<id>}): one order's notifications one after the other, other orders' at once; a
 * record is acknowledged once its work completed, and no offset is committed past one that has not.
 */
@ApplicationScoped
public class MercadoLibreOrderNotificationConsumer {

    private static final Logger LOG = Logger.getLogger(MercadoLibreOrderNotificationConsumer.class);
    private static final Set<String> ORDER_TOPICS = Set.of("orders_v2", "orders", "created_orders");
    /** {@code /orders/<id>}, or the full URL some senders use. */
    private static final Pattern ORDER = Pattern.compile("(?:https?://[^/]+)?/orders/([1-9][0-9]{0,18})");

    private final MercadoLibreOrderFetches fetches;
    private final OrderMetrics metrics;
    private final OrdersConfig config;
    private final Clock clock;
    private final KeyedLanes lanes;

    public MercadoLibreOrderNotificationConsumer(MercadoLibreOrderFetches fetches, OrderMetrics metrics,
            OrdersConfig config, Clock clock, ConsumerLanes consumerLanes) {
        this.lanes = consumerLanes.of("mercadolibre-orders");
        this.fetches = fetches;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /** Hands the record to the channel's lanes: records of one key in order, other keys at once. */
    @Incoming("mercadolibre-orders")
    public CompletionStage<Void> consume(Message<ConsumerRecord<String, byte[]>> message) {
        return lanes.submit(message, this::process);
    }

    Uni<Void> process(ConsumerRecord<String, byte[]> record) {
        RawNotification notification;
        long orderId;
        try {
            notification = RawNotificationReader.read(record);
            orderId = orderId(notification);
        } catch (PoisonRecordException poison) {
            LOG.warnf("poison Mercado Libre order record at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), LogFields.safe(poison.getMessage()));
            return Uni.createFrom().failure(poison);
        }
        long sellerId = notification.sellerId();
        LogFields.put(sellerId, orderId);
        LogFields.putField(LogFields.EVENT_ID, notification.eventId());
        FactCause cause = new FactCause(CauseKind.NOTIFICATION, notification.eventId(), notification.providerTopic());
        Instant received = notification.attributes().time().toInstant();
        return ConsumerRetries.retryTransient(fetches.fetch(sellerId, orderId, cause),
                MercadoLibreOrderNotificationConsumer::permanent, Duration.ofMillis(200), Duration.ofSeconds(10),
                config.notifications().retryFor())
                .onFailure(failure -> !permanent(failure))
                .recoverWithUni(failure -> fetches.later(sellerId, orderId, cause,
                        failure instanceof MercadoPagoException e
                                ? e.tag()
                                : failure.getClass().getSimpleName()))
                .invoke(outcome -> {
                    if (outcome == MercadoLibreOrderFetches.Outcome.APPLIED) {
                        metrics.notificationToModel(Duration.between(received, clock.instant()));
                    }
                })
                .replaceWithVoid();
    }

    /** The order a notification names. */
    static long orderId(RawNotification notification) {
        if (!ORDER_TOPICS.contains(notification.providerTopic())) {
            throw new PoisonRecordException("not an order notification: " + notification.providerTopic());
        }
        if (notification.sellerId() == null) {
            throw new PoisonRecordException("an order notification names its seller");
        }
        Matcher matcher = ORDER.matcher(notification.resourceId());
        if (!matcher.matches()) {
            throw new PoisonRecordException("the resource is not an order");
        }
        try {
            return Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw new PoisonRecordException("the order id is out of range");
        }
    }

    private static boolean permanent(Throwable failure) {
        return failure instanceof PoisonRecordException
                || failure instanceof MercadoPagoException mercadoPago && !mercadoPago.retryable();
    }
}
