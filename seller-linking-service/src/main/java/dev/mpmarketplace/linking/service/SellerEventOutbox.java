package dev.mpmarketplace.linking.service;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.events.seller.SellerLinkFailed;
import dev.mpmarketplace.events.seller.SellerLinked;
import dev.mpmarketplace.events.seller.SellerReauthorizationRequired;
import dev.mpmarketplace.events.seller.SellerTokensRefreshed;
import dev.mpmarketplace.events.seller.SellerUnlinked;
import dev.mpmarketplace.linking.OutboxEvent;
import dev.mpmarketplace.linking.Seller;
import dev.mpmarketplace.linking.repository.OutboxEventRepository;

/**
 * Writes seller events to the outbox, inside the caller's transaction, so an event exists if and only if the change
 * it states was committed. Each id is a {@link StableEventId} of what makes the fact unique (the seller and the Vault
 * version the fact produced, or the notification that caused it).
 */
@ApplicationScoped
public class SellerEventOutbox {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    private final OutboxEventRepository outbox;

    public SellerEventOutbox(OutboxEventRepository outbox) {
        this.outbox = outbox;
    }

    public Uni<OutboxEvent> linked(Seller seller, boolean relinked, OffsetDateTime now) {
        String type = relinked ? SellerEventTypes.RELINKED : SellerEventTypes.LINKED;
        return add(type, seller.userId, StableEventId.of("seller", type, seller.userId.toString(),
                "v" + seller.secretVersion),
                new SellerLinked(seller.userId, seller.reference, seller.liveMode,
                        seller.scope, seller.linkedAt, seller.tokenExpiresAt),
                now);
    }

    public Uni<OutboxEvent> refreshed(Seller seller, OffsetDateTime now) {
        return add(SellerEventTypes.REFRESHED, seller.userId,
                StableEventId.of("seller", SellerEventTypes.REFRESHED, seller.userId.toString(),
                        "v" + seller.secretVersion),
                new SellerTokensRefreshed(seller.userId, now, seller.tokenExpiresAt, seller.secretVersion), now);
    }

    public Uni<OutboxEvent> reauthorizationRequired(Seller seller, String reason, OffsetDateTime now) {
        return add(SellerEventTypes.REAUTHORIZATION_REQUIRED, seller.userId,
                StableEventId.of("seller", SellerEventTypes.REAUTHORIZATION_REQUIRED, seller.userId.toString(),
                        "v" + seller.secretVersion),
                new SellerReauthorizationRequired(seller.userId, seller.reference, reason, now,
                        seller.tokenExpiresAt),
                now);
    }

    /** @param cause what caused it: the notification's CloudEvent id, or a request's own id */
    public Uni<OutboxEvent> unlinked(Seller seller, String reason, String cause, OffsetDateTime now) {
        return add(SellerEventTypes.UNLINKED, seller.userId,
                StableEventId.of("seller", SellerEventTypes.UNLINKED, seller.userId.toString(), cause),
                new SellerUnlinked(seller.userId, seller.reference, reason, now), now);
    }

    /** A failed link has no seller yet: keyed and identified by the attempt. */
    public Uni<OutboxEvent> linkFailed(String reference, String stateHash, String reason, OffsetDateTime now) {
        OutboxEvent event = event(SellerEventTypes.LINK_FAILED, null, "reference:" + reference,
                StableEventId.of("seller", SellerEventTypes.LINK_FAILED, stateHash),
                new SellerLinkFailed(reference, reason, now), now);
        return outbox.persist(event);
    }

    private Uni<OutboxEvent> add(String type, long userId, String eventId, Object data, OffsetDateTime now) {
        String subject = Long.toString(userId);
        return outbox.persist(event(type, subject, subject, eventId, data, now));
    }

    private static OutboxEvent event(String type, String subject, String key, String eventId, Object data,
            OffsetDateTime now) {
        OutboxEvent event = new OutboxEvent();
        event.eventId = eventId;
        event.type = type;
        event.subject = subject;
        event.messageKey = key;
        event.occurredAt = now;
        try {
            event.payload = JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("seller event data is always serialisable", e);
        }
        return event;
    }
}
