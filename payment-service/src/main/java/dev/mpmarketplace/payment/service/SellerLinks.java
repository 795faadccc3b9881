package dev.mpmarketplace.payment.service;

import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.outbox.ProcessedEvents;
import dev.mpmarketplace.payment.SellerLinkStatus;
import dev.mpmarketplace.payment.repository.SellerRepository;

/**
 * The service's durable view of each seller's link, from seller-linking-service's events: linked or relinked,
 * reauthorization required, unlinked. An unlinked seller is refused before anything is stored or called
 * ({@link SellerAccess}): new requests and commands fail with {@code seller-not-linked}, queued commands too when
 * their turn comes, and the resolver and the sweep leave the seller alone; reads keep working. Linking again lifts it.
 * Each event is recorded as processed with its effect; an event older than the one recorded changes nothing.
 */
@ApplicationScoped
public class SellerLinks {

    private static final Logger LOG = Logger.getLogger(SellerLinks.class);

    /** The consumer name under which seller events are recorded as processed. */
    public static final String CONSUMER = "seller-events";

    private static final Map<String, SellerLinkStatus> STATUS_BY_TYPE = Map.of(
            SellerEventTypes.LINKED, SellerLinkStatus.LINKED,
            SellerEventTypes.RELINKED, SellerLinkStatus.LINKED,
            SellerEventTypes.REAUTHORIZATION_REQUIRED, SellerLinkStatus.REAUTHORIZATION_REQUIRED,
            SellerEventTypes.UNLINKED, SellerLinkStatus.UNLINKED);

    private final SellerRepository sellers;
    private final ProcessedEvents processed;

    public SellerLinks(SellerRepository sellers, ProcessedEvents processed) {
        this.sellers = sellers;
        this.processed = processed;
    }

    /** Records what one seller event says, once. */
    public Uni<String> handle(String eventId, String type, long sellerId, OffsetDateTime time) {
        SellerLinkStatus status = STATUS_BY_TYPE.get(type);
        if (status == null) {
            return Panache.withTransaction(() -> processed.record(CONSUMER, eventId, "ignored"))
                    .replaceWith("ignored");
        }
        return Panache.withTransaction(() -> processed.once(CONSUMER, eventId,
                () -> sellers.linkStatus(sellerId, status, time).map(changed -> changed ? status.name() : "stale")))
                .invoke(outcome -> LOG.infof("seller %d: %s (%s)", sellerId, status, outcome));
    }
}
