package dev.mpmarketplace.point.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.PointSeller;
import dev.mpmarketplace.point.client.CreationRefusal;
import dev.mpmarketplace.point.config.PointConfig;
import dev.mpmarketplace.point.repository.IntentChangeRepository;
import dev.mpmarketplace.point.repository.IntentRepository;
import dev.mpmarketplace.sellertokens.SellerAccessTokens;
import dev.mpmarketplace.sellertokens.SellerNotLinkedException;
import dev.mpmarketplace.support.problem.ProblemException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Creating a payment intent ({@code POST /intents} and the {@code create} command), idempotent by the requester's key,
 * one queued intent per device. Three steps (decision 0014): the claim (a transaction: the key's intent if there is
 * one, else a {@code PENDING} intent that holds the device, or a refusal when another intent holds it); the call; the
 * apply ({@link IntentSubmission}).
 */
@ApplicationScoped
public class IntentCreation {

    /**
     * What a request came to.
     *
     * @param intent the intent (new, or the key's)
     * @param isNew whether this request made it
     * @param occupant for a refusal because the device is busy with another of point-service's intents: that intent
     */
    public record Created(Intent intent, boolean isNew, Intent occupant) {
    }

    private final PointSellers sellers;
    private final SellerAccessTokens tokens;
    private final IntentRepository intents;
    private final IntentChangeRepository changes;
    private final IntentUpdates updates;
    private final IntentSubmission submission;
    private final PointConfig config;
    private final Clock clock;

    public IntentCreation(PointSellers sellers, SellerAccessTokens tokens, IntentRepository intents,
            IntentChangeRepository changes, IntentUpdates updates, IntentSubmission submission, PointConfig config,
            Clock clock) {
        this.sellers = sellers;
        this.tokens = tokens;
        this.intents = intents;
        this.changes = changes;
        this.updates = updates;
        this.submission = submission;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Creates the intent, or answers the one the key already made.
     *
     * @return fails with a {@link ProblemException}: 400 for a bad request or key, 404/409 when Point is not set up or
     *         enabled for the seller, 409 when the key was used with another request or the seller is not linked, 503
     *         when the seller's token cannot be read
     */
    public Uni<Created> create(IntentRequest request, String idempotencyKey, IntentChange.Source source,
            String eventId) {
        request.check();
        String key = IntentRequest.checkKey(idempotencyKey);
        String hash = request.hash();
        return Panache.withSession(() -> intents.byKey(request.sellerId(), PointIntentKind.PAYMENT, key))
                .chain(existing -> existing != null
                        ? Uni.createFrom().item(replay(existing, hash))
                        : sellers.enabled(request.sellerId()).chain(seller -> {
                            request.checkFor(seller.adapter);
                            return token(request.sellerId()).chain(token -> sellers.currency(seller, token)
                                    .chain(currency -> Claims.retryingOnce(() -> claim(request, key, hash, seller,
                                            currency, source, eventId)))
                                    .chain(claimed -> claimed.isNew() && claimed.occupant() == null
                                            ? submission.submit(claimed.intent(), null, token, source)
                                                    .map(intent -> new Created(intent, true, null))
                                            : Uni.createFrom().item(claimed)));
                        }));
    }

    /**
     * The seller's access token; 409 when it has none. When Vault cannot be reached it fails with libs/seller-tokens'
     * {@code SellerTokensUnavailableException}, which every path answers the same way: 503
     * {@code seller-tokens-unavailable} over HTTP, a retry in place in the consumers.
     */
    Uni<String> token(long sellerId) {
        return tokens.currentAccessToken(sellerId).onFailure(SellerNotLinkedException.class)
                .transform(failure -> PointProblems.sellerNotLinked(sellerId));
    }

    /** The intent the key made before, for the same request; 409 for another. */
    static Created replay(Intent existing, String hash) {
        if (!existing.requestHash.equals(hash)) {
            throw PointProblems.idempotencyKeyReused(existing.idempotencyKey);
        }
        return new Created(existing, false, null);
    }

    private Uni<Created> claim(IntentRequest request, String key, String hash, PointSeller seller, String currency,
            IntentChange.Source source, String eventId) {
        return Panache.withTransaction(() -> intents.byKey(request.sellerId(), PointIntentKind.PAYMENT, key)
                .chain(existing -> existing != null
                        ? Uni.createFrom().item(replay(existing, hash))
                        : intents.occupying(request.deviceId()).chain(occupant -> {
                            OffsetDateTime now = Timestamps.now(clock);
                            Intent intent = Intent.pending(UUID.randomUUID(), request.sellerId(),
                                    PointIntentKind.PAYMENT, seller.adapter, request.deviceId(), key, hash,
                                    request.amount(), currency, now);
                            intent.description = request.description();
                            intent.externalReference = request.externalReference();
                            intent.installments = request.installments();
                            intent.paymentType = request.paymentType();
                            return occupant == null
                                    ? pending(intent, source, eventId, now)
                                    : refusedBusy(intent, occupant, source, eventId, now);
                        })));
    }

    /** Persists a claimed intent (PENDING, holding its device) and its first timeline entry. */
    Uni<Created> pending(Intent intent, IntentChange.Source source, String eventId, OffsetDateTime now) {
        return intents.persist(intent)
                .chain(() -> changes.persist(IntentChange.of(intent.id, null, intent.state, source, "accepted",
                        eventId, now)))
                .replaceWith(new Created(intent, true, null));
    }

    /** Persists an intent refused at once: its device is held by another of ours. */
    Uni<Created> refusedBusy(Intent intent, Intent occupant, IntentChange.Source source, String eventId,
            OffsetDateTime now) {
        String detail = PointProblems.deviceBusy(intent.deviceId, occupant, null,
                IntentCancellation.cancellableAtTerminal(occupant, config)).getMessage();
        var move = intent.refuse(CreationRefusal.DEVICE_BUSY, detail, occupant.id.toString(), now).orElseThrow();
        return intents.persist(intent)
                .chain(() -> changes.persist(IntentChange.of(intent.id, null, move.from(), source, "accepted",
                        eventId, now)))
                .chain(() -> updates.record(intent, java.util.List.of(move), source, detail, eventId, now))
                .replaceWith(new Created(intent, true, occupant));
    }
}
