package dev.mpmarketplace.point.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.IntentStates;
import dev.mpmarketplace.point.client.CreationRefusal;
import dev.mpmarketplace.point.client.TerminalState;
import dev.mpmarketplace.point.config.PointConfig;
import dev.mpmarketplace.point.repository.IntentChangeRepository;
import dev.mpmarketplace.point.repository.IntentRepository;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * The "apply" step of every use case (decision 0014): in one short transaction, the intent is locked, what Mercado Pago
 * said ({@link TerminalState}) is applied through the state machine (a state at or before the current one moves
 * nothing), each move goes into the timeline with its source and into the outbox as events, and the next check is set.
 * A refund that finished makes its payment intent {@code REFUNDED} in the same transaction.
 */
@ApplicationScoped
public class IntentUpdates {

    private static final Logger LOG = Logger.getLogger(IntentUpdates.class);

    private final IntentRepository intents;
    private final IntentChangeRepository changes;
    private final IntentEvents events;
    private final PointConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;

    public IntentUpdates(IntentRepository intents, IntentChangeRepository changes, IntentEvents events,
            PointConfig config, MeterRegistry metrics, Clock clock) {
        this.intents = intents;
        this.changes = changes;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Applies what Mercado Pago said, in a transaction of its own. */
    public Uni<Intent> apply(UUID intentId, TerminalState seen, IntentChange.Source source, String eventId) {
        return Panache.withTransaction(() -> applyInTransaction(intentId, seen, source, eventId));
    }

    /** The same in the caller's transaction. */
    public Uni<Intent> applyInTransaction(UUID intentId, TerminalState seen, IntentChange.Source source,
            String eventId) {
        return intents.lock(intentId).chain(intent -> {
            OffsetDateTime now = Timestamps.now(clock);
            if (seen.mercadopagoId() != null && intent.mercadopagoId == null) {
                intent.identify(seen.mercadopagoId());
            }
            intent.paid(seen.paymentId(), seen.paymentStatus());
            if (intent.currency == null && seen.currency() != null) {
                intent.currency = seen.currency();
            }
            List<Intent.Transition> moves = new ArrayList<>();
            if (seen.state() == PointIntentState.REFUNDED && intent.state != PointIntentState.FINISHED) {
                // The refund is all that is left to see: the payment finished first.
                intent.advance(PointIntentState.FINISHED, now).ifPresent(moves::add);
            }
            intent.advance(seen.state(), now).ifPresent(moves::add);
            if (!intent.state.isFinal()) {
                intent.nextCheckAt = now.plus(config.sweep().staleAfter());
            }
            intent.updatedAt = now;
            return record(intent, moves, source, seen.detail(), eventId, now)
                    .chain(() -> finishedRefund(intent, moves, source, eventId, now))
                    .replaceWith(intent);
        });
    }

    /** Mercado Pago certainly did not queue the intent: {@code REFUSED}, in a transaction of its own. */
    public Uni<Intent> refuse(UUID intentId, CreationRefusal refusal, String queuedIntentId,
            IntentChange.Source source) {
        return Panache.withTransaction(() -> intents.lock(intentId).chain(intent -> {
            OffsetDateTime now = Timestamps.now(clock);
            List<Intent.Transition> moves = new ArrayList<>();
            intent.refuse(refusal.reason(), refusal.detail(), queuedIntentId, now).ifPresent(moves::add);
            return record(intent, moves, source, refusal.reason() + ": " + refusal.detail(), null, now)
                    .replaceWith(intent);
        }));
    }

    /**
     * The creation call has no known outcome (or is known not to have reached Mercado Pago): the intent stays
     * {@code PENDING}, the failure noted, asked about again soon.
     */
    public Uni<Intent> unresolved(UUID intentId, String failure) {
        return Panache.withTransaction(() -> intents.lock(intentId).chain(intent -> {
            if (intent.state != PointIntentState.PENDING) {
                return Uni.createFrom().item(intent);
            }
            OffsetDateTime now = Timestamps.now(clock);
            intent.creationFailure = failure;
            intent.nextCheckAt = now.plus(config.intents().unresolvedRecheck());
            intent.updatedAt = now;
            return changes.persist(IntentChange.of(intent.id, intent.state, intent.state,
                    IntentChange.Source.MERCADOPAGO_ANSWER, "creation unresolved: " + failure, null, now))
                    .replaceWith(intent);
        }));
    }

    /** A note in the timeline that moves nothing (an asynchronous cancel asked for, ...), in the caller's transaction. */
    public Uni<Void> note(Intent intent, IntentChange.Source source, String detail, String eventId,
            OffsetDateTime now) {
        return changes.persist(IntentChange.of(intent.id, intent.state, intent.state, source, detail, eventId, now))
                .replaceWithVoid();
    }

    /** The timeline entries and events of the moves made. */
    Uni<Void> record(Intent intent, List<Intent.Transition> moves, IntentChange.Source source, String detail,
            String eventId, OffsetDateTime now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Intent.Transition move : moves) {
            LOG.infof("intent %s %s -> %s (%s: %s)", intent.id, move.from(), move.to(), source, detail);
            metrics.counter("point_intent_transitions_total", "kind", intent.kind.wireName(), "to",
                    move.to().name()).increment();
            chain = chain.chain(() -> changes.persist(IntentChange.of(intent.id, move.from(), move.to(), source,
                    detail, eventId, now))).chain(() -> events.moved(intent, move, now));
        }
        return chain;
    }

    private Uni<Void> finishedRefund(Intent refund, List<Intent.Transition> moves, IntentChange.Source source,
            String eventId, OffsetDateTime now) {
        boolean finished = refund.kind == PointIntentKind.REFUND
                && moves.stream().anyMatch(move -> move.to() == PointIntentState.FINISHED);
        if (!finished || refund.refundOf == null) {
            return Uni.createFrom().voidItem();
        }
        return intents.lock(refund.refundOf).chain(payment -> {
            List<Intent.Transition> paymentMoves = new ArrayList<>();
            if (IntentStates.allows(payment.kind, payment.state, PointIntentState.REFUNDED)) {
                payment.advance(PointIntentState.REFUNDED, now).ifPresent(paymentMoves::add);
            }
            return record(payment, paymentMoves, source, "refund " + refund.id + " finished", eventId, now);
        });
    }
}
