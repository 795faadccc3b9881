package dev.mpmarketplace.point.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.client.PointTerminal;
import dev.mpmarketplace.point.client.TerminalState;
import dev.mpmarketplace.point.config.PointConfig;
import dev.mpmarketplace.point.repository.IntentRepository;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * {@code POST /intents/{id}/cancel}: while the device has not picked the intent up, Mercado Pago cancels it at once;
 * once it has, Mercado Pago refuses, and so does this service, with a problem that says to cancel it on the device
 * (the Orders API may accept an asynchronous cancel at the terminal, {@code point.orders.cancel-at-terminal}: 202,
 * completed by the device). A refusal from Mercado Pago for an intent thought {@code OPEN} means the device just took
 * it: the intent is fetched and updated before the answer.
 */
@ApplicationScoped
public class IntentCancellation {

    private static final Logger LOG = Logger.getLogger(IntentCancellation.class);

    /** What a cancel came to: the intent after it, and whether the device still has to complete it (202). */
    public record Cancelled(Intent intent, boolean requested) {
    }

    private final IntentRepository intents;
    private final IntentUpdates updates;
    private final IntentCreation creation;
    private final PointTerminals terminals;
    private final PointConfig config;
    private final Clock clock;

    public IntentCancellation(IntentRepository intents, IntentUpdates updates, IntentCreation creation,
            PointTerminals terminals, PointConfig config, Clock clock) {
        this.intents = intents;
        this.updates = updates;
        this.creation = creation;
        this.terminals = terminals;
        this.config = config;
        this.clock = clock;
    }

    /** Whether an intent the device has may still be cancelled through the API, asynchronously. */
    public static boolean cancellableAtTerminal(Intent intent, PointConfig config) {
        return config.orders().cancelAtTerminal() && intent.adapter == PointAdapter.ORDERS_API
                && intent.kind == PointIntentKind.PAYMENT && intent.state == PointIntentState.ON_TERMINAL;
    }

    public Uni<Cancelled> cancel(UUID intentId) {
        return Panache.withSession(() -> intents.findById(intentId)).onItem().ifNull()
                .failWith(() -> PointProblems.intentNotFound(intentId))
                .chain(intent -> {
                    if (intent.state == PointIntentState.CANCELED) {
                        return Uni.createFrom().item(new Cancelled(intent, false));
                    }
                    if (intent.state.isFinal()
                            || intent.kind == PointIntentKind.REFUND && intent.adapter == PointAdapter.ORDERS_API) {
                        return Uni.createFrom().failure(PointProblems.intentFinal(intent));
                    }
                    if (intent.state == PointIntentState.PENDING) {
                        return Uni.createFrom().failure(PointProblems.intentPending(intent));
                    }
                    boolean atTerminal = cancellableAtTerminal(intent, config);
                    if (!intent.cancellableThroughApi() && !atTerminal) {
                        return Uni.createFrom().failure(PointProblems.cancelOnDevice(intent));
                    }
                    return creation.token(intent.sellerId).chain(token -> call(intent, token, atTerminal));
                });
    }

    private Uni<Cancelled> call(Intent intent, String token, boolean atTerminal) {
        PointTerminal terminal = terminals.of(intent.adapter);
        return terminal.cancel(token, intent, atTerminal).chain(done -> switch (done) {
            case CANCELED -> updates.apply(intent.id, new TerminalState(intent.kind, intent.mercadopagoId,
                    PointIntentState.CANCELED, "canceled through the API", null, null, null, null),
                    IntentChange.Source.API, null).map(after -> new Cancelled(after, false));
            case REQUESTED -> requested(intent.id).map(after -> new Cancelled(after, true));
        }).onFailure(MercadoPagoException.class).recoverWithUni(failure -> {
            MercadoPagoException refused = (MercadoPagoException) failure;
            if (refused.kind() != MercadoPagoException.Kind.CONFLICT) {
                return Uni.createFrom().failure(PointProblems.mercadoPagoUnavailable(
                        "Mercado Pago did not answer the cancel (" + refused.tag() + ")"));
            }
            LOG.infof("Mercado Pago refused to cancel intent %s: the device has it", intent.id);
            // The device picked it up since it was last seen: learn where it is, then say so.
            return terminal.fetch(token, intent)
                    .chain(seen -> updates.apply(intent.id, seen, IntentChange.Source.MERCADOPAGO_ANSWER, null))
                    .onFailure().recoverWithItem(intent)
                    .chain(after -> Uni.createFrom().failure(after.state.isFinal()
                            ? PointProblems.intentFinal(after)
                            : PointProblems.cancelOnDevice(after)));
        });
    }

    private Uni<Intent> requested(UUID intentId) {
        return Panache.withTransaction(() -> intents.lock(intentId).chain(intent -> {
            OffsetDateTime now = Timestamps.now(clock);
            if (intent.cancelRequestedAt == null) {
                intent.cancelRequestedAt = now;
            }
            intent.updatedAt = now;
            return updates.note(intent, IntentChange.Source.API, "cancel requested at the terminal (asynchronous)",
                    null, now).replaceWith(intent);
        }));
    }
}
