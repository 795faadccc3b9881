package dev.mpmarketplace.sellertokens;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.seller.SellerEventTypes;

/**
 * Drops a seller's cached token when seller-linking-service says it changed: {@code refreshed}, {@code relinked},
 * {@code reauthorization-required}, {@code unlinked} (and {@code linked}, harmless). Listens on channel
 * {@value #CHANNEL}, configured by this library's {@code META-INF/microprofile-config.properties}: topic
 * {@code sellers.events}, a consumer group of its own per process ({@code ${quarkus.uuid}}), because every replica
 * must see every event, starting at the latest offset (older events concern tokens no one has cached yet).
 * <p>
 * Idempotent by nature (dropping twice is dropping once); a record it cannot read is skipped, never retried, since
 * the cache TTL bounds what a missed invalidation costs.
 */
@ApplicationScoped
public class SellerTokenInvalidations {

    /** The channel name, for services that override its configuration. */
    public static final String CHANNEL = "seller-token-invalidations";

    private static final Logger LOG = Logger.getLogger(SellerTokenInvalidations.class);
    private static final Set<String> INVALIDATING = Set.of(SellerEventTypes.REFRESHED, SellerEventTypes.UNLINKED,
            SellerEventTypes.RELINKED, SellerEventTypes.REAUTHORIZATION_REQUIRED, SellerEventTypes.LINKED);

    private final SellerAccessTokens tokens;

    public SellerTokenInvalidations(SellerAccessTokens tokens) {
        this.tokens = tokens;
    }

    @Incoming(CHANNEL)
    public void onSellerEvent(ConsumerRecord<String, byte[]> record) {
        try {
            CloudEventAttributes event = CloudEventAttributes.readFrom(record.headers());
            if (INVALIDATING.contains(event.type()) && event.subject() != null) {
                tokens.invalidate(Long.parseLong(event.subject()));
            }
        } catch (RuntimeException unreadable) {
            LOG.warnf("skipped an unreadable seller event at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), unreadable.getMessage());
        }
    }
}
