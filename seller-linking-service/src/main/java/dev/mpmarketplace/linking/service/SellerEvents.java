package dev.mpmarketplace.linking.service;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.events.seller.SellerLinkFailed;
import dev.mpmarketplace.events.seller.SellerLinked;
import dev.mpmarketplace.events.seller.SellerReauthorizationRequired;
import dev.mpmarketplace.events.seller.SellerTokensRefreshed;
import dev.mpmarketplace.events.seller.SellerUnlinked;
import dev.mpmarketplace.linking.Seller;
import dev.mpmarketplace.outbox.Outbox;
import dev.mpmarketplace.outbox.OutboxMessage;

/**
 * The seller events ({@code sellers.events}, key: the seller's user id), added to the outbox inside the caller's
 * transaction, so an event exists if and only if the change it states was committed. Each id is a
 * {@link StableEventId} of what makes the fact unique (the seller and the Vault version the fact produced, or what
 * caused it).
 */
@ApplicationScoped
public class SellerEvents {

    private final Outbox outbox;

    public SellerEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Boolean> linked(Seller seller, boolean relinked, OffsetDateTime now) {
        String type = relinked ? SellerEventTypes.RELINKED : SellerEventTypes.LINKED;
        return add(type, seller.userId, StableEventId.of("seller", type, seller.userId.toString(),
                "v" + seller.secretVersion),
                new SellerLinked(seller.userId, seller.reference, seller.liveMode, seller.scope, seller.linkedAt,
                        seller.tokenExpiresAt),
                now);
    }

    public Uni<Boolean> refreshed(Seller seller, OffsetDateTime now) {
        return add(SellerEventTypes.REFRESHED, seller.userId,
                StableEventId.of("seller", SellerEventTypes.REFRESHED, seller.userId.toString(),
                        "v" + seller.secretVersion),
                new SellerTokensRefreshed(seller.userId, now, seller.tokenExpiresAt, seller.secretVersion), now);
    }

    public Uni<Boolean> reauthorizationRequired(Seller seller, String reason, OffsetDateTime now) {
        return add(SellerEventTypes.REAUTHORIZATION_REQUIRED, seller.userId,
                StableEventId.of("seller", SellerEventTypes.REAUTHORIZATION_REQUIRED, seller.userId.toString(),
                        "v" + seller.secretVersion),
                new SellerReauthorizationRequired(seller.userId, seller.reference, reason, now,
                        seller.tokenExpiresAt),
                now);
    }

    /** @param cause what caused it: the notification's CloudEvent id, or a request's own id */
    public Uni<Boolean> unlinked(Seller seller, String reason, String cause, OffsetDateTime now) {
        return add(SellerEventTypes.UNLINKED, seller.userId,
                StableEventId.of("seller", SellerEventTypes.UNLINKED, seller.userId.toString(), cause),
                new SellerUnlinked(seller.userId, seller.reference, reason, now), now);
    }

    /** A failed link has no seller yet: keyed and identified by the attempt. */
    public Uni<Boolean> linkFailed(String reference, String stateHash, String reason, OffsetDateTime now) {
        return outbox.add(new OutboxMessage(Topic.SELLER_EVENTS, "reference:" + reference,
                StableEventId.of("seller", SellerEventTypes.LINK_FAILED, stateHash), SellerEventTypes.LINK_FAILED,
                EventSource.SELLER_LINKING, null, now, new SellerLinkFailed(reference, reason, now)));
    }

    private Uni<Boolean> add(String type, long userId, String eventId, Object data, OffsetDateTime now) {
        String subject = Long.toString(userId);
        return outbox.add(new OutboxMessage(Topic.SELLER_EVENTS, subject, eventId, type, EventSource.SELLER_LINKING,
                subject, now, data));
    }
}
