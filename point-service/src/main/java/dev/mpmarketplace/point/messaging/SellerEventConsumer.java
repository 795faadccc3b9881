package dev.mpmarketplace.point.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.notification.PoisonRecordException;
import dev.mpmarketplace.events.notification.SellerIds;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.point.service.PointSellers;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerRetries;

/**
 * Seller events from seller-linking-service: a seller that linked or linked again has its integrator webhook
 * registered again (its grant, and so its integrator, may be new); one that unlinked or must authorize again shows
 * {@code SELLER_NOT_LINKED} until it links. Other seller events are not point-service's business. Once per event
 * ({@code processed_event}, in the transaction of the change).
 */
@ApplicationScoped
public class SellerEventConsumer {

    private static final Logger LOG = Logger.getLogger(SellerEventConsumer.class);
    static final String CONSUMER = "seller-events";

    private final PointSellers sellers;

    public SellerEventConsumer(PointSellers sellers) {
        this.sellers = sellers;
    }

    @Incoming("seller-events")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        CloudEventAttributes attributes;
        try {
            attributes = CloudEventAttributes.readFrom(record.headers());
        } catch (CloudEventAttributes.MalformedCloudEventException e) {
            LOG.warnf("poison seller event at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Uni.createFrom().failure(new PoisonRecordException(e.getMessage(), e));
        }
        if (!EventSource.SELLER_LINKING.uri().equals(attributes.source())) {
            return Uni.createFrom().failure(new PoisonRecordException("ce_source " + attributes.source()
                    + " is not seller-linking-service"));
        }
        String type = attributes.type();
        boolean linked = SellerEventTypes.LINKED.equals(type) || SellerEventTypes.RELINKED.equals(type);
        boolean notLinked = SellerEventTypes.UNLINKED.equals(type)
                || SellerEventTypes.REAUTHORIZATION_REQUIRED.equals(type);
        if (!linked && !notLinked) {
            return Uni.createFrom().voidItem();
        }
        Long sellerId = SellerIds.parse(attributes.subject());
        if (sellerId == null) {
            return Uni.createFrom().failure(new PoisonRecordException("ce_subject is not a seller id"));
        }
        LogFields.put(sellerId, null);
        LogFields.putField(LogFields.EVENT_ID, attributes.id());
        return ConsumerRetries.retryTransient(Uni.createFrom().deferred(() -> linked
                ? sellers.sellerLinked(CONSUMER, attributes.id(), sellerId)
                : sellers.sellerNotLinked(CONSUMER, attributes.id(), sellerId)),
                NotificationConsumers::permanent, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMinutes(5))
                .invoke(outcome -> LOG.infof("seller event %s (%s): %s", attributes.id(), type, outcome))
                .replaceWithVoid();
    }
}
