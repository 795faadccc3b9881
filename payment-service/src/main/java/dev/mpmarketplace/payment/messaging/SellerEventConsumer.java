package dev.mpmarketplace.payment.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.service.SellerLinks;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerRetries;

/**
 * Consumes seller events ({@code sellers.events}, from seller-linking-service) into the service's durable view of each
 * seller's link ({@link SellerLinks}). A record that is not a CloudEvent naming a seller is poison (dead-lettered).
 */
@ApplicationScoped
public class SellerEventConsumer {

    private static final Logger LOG = Logger.getLogger(SellerEventConsumer.class);

    private final SellerLinks links;
    private final PaymentConfig config;

    public SellerEventConsumer(SellerLinks links, PaymentConfig config) {
        this.links = links;
        this.config = config;
    }

    @Incoming("seller-events")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        CloudEventAttributes event;
        long sellerId;
        try {
            event = CloudEventAttributes.readFrom(record.headers());
            sellerId = Long.parseLong(event.subject() == null ? "" : event.subject());
        } catch (CloudEventAttributes.MalformedCloudEventException | NumberFormatException e) {
            LOG.warnf("poison seller event at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Uni.createFrom().failure(new IllegalArgumentException("poison seller event: " + e.getMessage()));
        }
        LogFields.put(sellerId, null);
        LogFields.putField(LogFields.EVENT_ID, event.id());
        return ConsumerRetries.retryTransient(links.handle(event.id(), event.type(), sellerId, event.time()),
                failure -> failure instanceof IllegalArgumentException, Duration.ofMillis(200),
                Duration.ofSeconds(30), config.notifications().retryFor())
                .replaceWithVoid();
    }
}
