package dev.mpmarketplace.point.service;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.outbox.ProcessedEvents;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.client.TerminalState;
import dev.mpmarketplace.point.repository.IntentRepository;
import dev.mpmarketplace.sellertokens.SellerAccessTokens;
import dev.mpmarketplace.sellertokens.SellerNotLinkedException;

/**
 * Point and Orders API notifications, as hints: a notification names a Mercado Pago id (and, as its sender says, a
 * seller); the intent is fetched with its own seller's token and what Mercado Pago answers is applied, never the
 * notification's body. Duplicates (same CloudEvent id) are recorded once ({@link ProcessedEvents}, in the transaction
 * of the effect); a repeated or late notification fetches a state the intent already has or passed, which moves
 * nothing.
 * <p>
 * An id this service does not know may be an intent whose creation had no answer: it is looked up with the seller the
 * notification names, and adopted when its external reference is one of that seller's {@code PENDING} intents (a
 * refund intent, which carries none, by the payment it refunds).
 */
@ApplicationScoped
public class IntentNotifications {

    private static final Logger LOG = Logger.getLogger(IntentNotifications.class);

    /** What a notification came to (recorded, and logged). */
    public static final String APPLIED = "applied";
    public static final String ADOPTED = "adopted";
    public static final String UNKNOWN_INTENT = "unknown_intent";

    /** A Mercado Pago id this service knows, which Mercado Pago says it does not know (yet): retried in place. */
    public static final class NotVisibleYet extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotVisibleYet(String mercadopagoId) {
            super("Mercado Pago does not show " + mercadopagoId + " yet");
        }
    }

    private final IntentRepository intents;
    private final IntentUpdates updates;
    private final PointTerminals terminals;
    private final SellerAccessTokens tokens;
    private final ProcessedEvents processed;

    public IntentNotifications(IntentRepository intents, IntentUpdates updates, PointTerminals terminals,
            SellerAccessTokens tokens, ProcessedEvents processed) {
        this.intents = intents;
        this.updates = updates;
        this.terminals = terminals;
        this.tokens = tokens;
        this.processed = processed;
    }

    /**
     * Handles one notification once.
     *
     * @param consumer the consumer name it is recorded under
     * @param adapter the API whose notification it is (the Point topic: the Integration API; the order topic: the
     *        Orders API)
     * @param sellerHint the seller the notification names, or null
     * @return the outcome; fails with a retryable failure when Mercado Pago could not be asked
     */
    public Uni<String> handle(String consumer, String eventId, PointAdapter adapter, Long sellerHint,
            String mercadopagoId) {
        return processed.outcomeOf(consumer, eventId).chain(done -> {
            if (done.isPresent()) {
                return Uni.createFrom().item(ProcessedEvents.DUPLICATE);
            }
            return Panache.withSession(() -> intents.byMercadopagoId(mercadopagoId)).chain(known -> known.isEmpty()
                    ? adopt(consumer, eventId, adapter, sellerHint, mercadopagoId)
                    : refresh(consumer, eventId, known));
        });
    }

    /** Fetches each intent the id carries (an order's payment and refund) and applies it, once. */
    private Uni<String> refresh(String consumer, String eventId, List<Intent> known) {
        Intent first = known.get(0);
        return tokens.currentAccessToken(first.sellerId)
                .chain(token -> Multi.createFrom().iterable(known)
                        .onItem().transformToUniAndConcatenate(intent -> terminals.of(intent.adapter)
                                .fetch(token, intent)
                                .onFailure(IntentNotifications::notFound)
                                .transform(failure -> new NotVisibleYet(intent.mercadopagoId))
                                .map(seen -> new Fetched(intent.id, seen)))
                        .collect().asList())
                .chain(fetched -> Panache.withTransaction(() -> processed.once(consumer, eventId, () -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Fetched one : fetched) {
                        chain = chain.chain(() -> updates.applyInTransaction(one.intentId(), one.seen(),
                                IntentChange.Source.NOTIFICATION, eventId).replaceWithVoid());
                    }
                    return chain.replaceWith(APPLIED);
                })));
    }

    private record Fetched(UUID intentId, TerminalState seen) {
    }

    /** An id nobody here knows: the seller it names is asked, and a PENDING intent of theirs may claim it. */
    private Uni<String> adopt(String consumer, String eventId, PointAdapter adapter, Long sellerHint,
            String mercadopagoId) {
        if (sellerHint == null) {
            return record(consumer, eventId, UNKNOWN_INTENT);
        }
        return tokens.currentAccessToken(sellerHint)
                .chain(token -> terminals.of(adapter).lookUp(token, mercadopagoId))
                .onFailure(SellerNotLinkedException.class).recoverWithItem(Optional.empty())
                .chain(found -> found.isEmpty()
                        ? record(consumer, eventId, UNKNOWN_INTENT)
                        : claimant(sellerHint, adapter, found.get()).chain(claimant -> claimant == null
                                ? record(consumer, eventId, UNKNOWN_INTENT)
                                : Panache.withTransaction(() -> processed.once(consumer, eventId,
                                        () -> updates.applyInTransaction(claimant.id, found.get(),
                                                IntentChange.Source.NOTIFICATION, eventId).replaceWith(ADOPTED)))))
                .invoke(outcome -> LOG.infof("notification %s about %s: %s", eventId, mercadopagoId, outcome));
    }

    /** The seller's PENDING intent that Mercado Pago's intent belongs to, or null. */
    private Uni<Intent> claimant(long sellerId, PointAdapter adapter, TerminalState found) {
        if (found.kind() == PointIntentKind.PAYMENT) {
            UUID id;
            try {
                id = found.externalReference() == null ? null : UUID.fromString(found.externalReference());
            } catch (IllegalArgumentException notOurs) {
                return Uni.createFrom().nullItem();
            }
            if (id == null) {
                return Uni.createFrom().nullItem();
            }
            return Panache.withSession(() -> intents.findById(id)).map(intent -> pendingOf(intent, sellerId, adapter)
                    ? intent
                    : null);
        }
        return Panache.withSession(() -> intents.list("sellerId = ?1 and kind = ?2 and state = ?3 and paymentId = ?4",
                sellerId, PointIntentKind.REFUND, PointIntentState.PENDING, found.paymentId()))
                .map(candidates -> candidates.stream().filter(intent -> pendingOf(intent, sellerId, adapter))
                        .findFirst().orElse(null));
    }

    private static boolean pendingOf(Intent intent, long sellerId, PointAdapter adapter) {
        return intent != null && intent.sellerId == sellerId && intent.adapter == adapter
                && intent.state == PointIntentState.PENDING && intent.mercadopagoId == null;
    }

    private Uni<String> record(String consumer, String eventId, String outcome) {
        return Panache.withTransaction(() -> processed.record(consumer, eventId, outcome))
                .map(recorded -> recorded ? outcome : ProcessedEvents.DUPLICATE);
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof MercadoPagoException e && e.kind() == MercadoPagoException.Kind.NOT_FOUND;
    }
}
