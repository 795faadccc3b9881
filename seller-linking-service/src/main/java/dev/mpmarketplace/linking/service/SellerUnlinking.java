package dev.mpmarketplace.linking.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.ProcessedNotification;
import dev.mpmarketplace.linking.Seller;
import dev.mpmarketplace.linking.SellerStatus;
import dev.mpmarketplace.linking.client.SellerSecretStore;
import dev.mpmarketplace.linking.messaging.SellerEventRelay;
import dev.mpmarketplace.linking.repository.ProcessedNotificationRepository;
import dev.mpmarketplace.linking.repository.SellerRepository;

/**
 * Unlinking, by the seller ({@code mp-connect application.deauthorized}) or by the marketplace
 * ({@code DELETE /sellers/{userId}}), and the confirmation of a link ({@code application.authorized}).
 * <p>
 * The Vault secret is destroyed first (idempotent), then the seller's status, the "unlinked" event and, for a
 * notification, its processed record are written in one transaction. A crash in between leaves the secret gone and
 * the notification unprocessed: its redelivery destroys nothing more and completes the rest.
 */
@ApplicationScoped
public class SellerUnlinking {

    private static final Logger LOG = Logger.getLogger(SellerUnlinking.class);

    public static final String DEAUTHORIZED = "application.deauthorized";
    public static final String AUTHORIZED = "application.authorized";

    private final SellerRepository sellers;
    private final ProcessedNotificationRepository processed;
    private final SellerSecretStore secrets;
    private final SellerEventOutbox events;
    private final SellerEventRelay relay;
    private final Clock clock;

    public SellerUnlinking(SellerRepository sellers, ProcessedNotificationRepository processed,
            SellerSecretStore secrets, SellerEventOutbox events, SellerEventRelay relay, Clock clock) {
        this.sellers = sellers;
        this.processed = processed;
        this.secrets = secrets;
        this.events = events;
        this.relay = relay;
        this.clock = clock;
    }

    /** {@code DELETE /sellers/{userId}}: destroys the tokens, sets UNLINKED, emits "unlinked". */
    public Uni<Void> unlinkByMarketplace(long userId) {
        return Panache.withSession(() -> sellers.findById(userId)).chain(seller -> {
            if (seller == null) {
                return Uni.createFrom().failure(new SellerNotFoundException(userId));
            }
            if (seller.status == SellerStatus.UNLINKED) {
                return Uni.createFrom().voidItem();
            }
            String cause = "marketplace:" + UUID.randomUUID();
            return secrets.destroy(userId)
                    .chain(() -> Panache.withTransaction(() -> unlink(userId, "marketplace_unlinked", cause)))
                    .replaceWithVoid();
        });
    }

    /**
     * Handles one {@code mp-connect} notification once: a redelivery (same CloudEvent id) does nothing.
     *
     * @return the outcome recorded
     */
    public Uni<String> handleConnectNotification(String eventId, Long userId, String action) {
        return Panache.withSession(() -> processed.findById(eventId)).chain(done -> {
            if (done != null) {
                return Uni.createFrom().item("duplicate");
            }
            if (userId == null) {
                return record(eventId, null, action, "ignored");
            }
            if (DEAUTHORIZED.equals(action)) {
                return Panache.withSession(() -> sellers.findById(userId)).chain(seller -> {
                    if (seller == null) {
                        LOG.infof("mp-connect %s for unknown seller %d recorded", action, userId);
                        return record(eventId, userId, action, "unknown_seller");
                    }
                    if (seller.status == SellerStatus.UNLINKED) {
                        return record(eventId, userId, action, "already_unlinked");
                    }
                    return secrets.destroy(userId).chain(() -> Panache.withTransaction(
                            () -> unlink(userId, "seller_revoked", eventId).chain(unlinked -> processed
                                    .persist(ProcessedNotification.of(eventId, userId, action,
                                            unlinked ? "unlinked" : "already_unlinked", now()))
                                    .map(p -> p.outcome))));
                });
            }
            if (AUTHORIZED.equals(action)) {
                return Panache.withSession(() -> sellers.findById(userId)).chain(seller -> record(eventId, userId,
                        action, seller == null ? "unknown_seller" : "confirmed"));
            }
            return record(eventId, userId, action, "ignored");
        }).invoke(outcome -> LOG.infof("mp-connect %s for seller %s: %s", action, userId, outcome));
    }

    /** In the caller's transaction; answers whether the seller was unlinked by this call. */
    private Uni<Boolean> unlink(long userId, String reason, String cause) {
        return sellers.findById(userId, LockModeType.PESSIMISTIC_WRITE).chain(seller -> {
            if (seller == null || seller.status == SellerStatus.UNLINKED) {
                return Uni.createFrom().item(false);
            }
            OffsetDateTime now = now();
            seller.unlink(now);
            LOG.infof("seller %d unlinked (%s)", userId, reason);
            return events.unlinked(seller, reason, cause, now).replaceWith(true);
        }).invoke(unlinked -> {
            if (unlinked) {
                relay.wakeUp();
            }
        });
    }

    private Uni<String> record(String eventId, Long userId, String action, String outcome) {
        return Panache.withTransaction(
                () -> processed.persist(ProcessedNotification.of(eventId, userId, action, outcome, now())))
                .replaceWith(outcome);
    }

    /** Seller lookups for the unlinking paths. */
    Uni<Seller> find(long userId) {
        return Panache.withSession(() -> sellers.findById(userId));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
