package dev.mpmarketplace.point.service;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.client.CreationRefusal;
import dev.mpmarketplace.point.client.PointTerminal;
import dev.mpmarketplace.point.config.PointConfig;
import dev.mpmarketplace.point.repository.IntentRepository;
import dev.mpmarketplace.sellertokens.SellerAccessTokens;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Asks Mercado Pago about one intent and settles it (the sweep's work, {@link IntentSweep}).
 * <p>
 * An intent in a state Mercado Pago holds is fetched and applied, its payment looked up where the payment decides
 * ({@code CONFIRMATION_REQUIRED}). An intent still {@code PENDING} (its creation had no answer) is settled by asking,
 * never by queuing it blindly again: the Integration API is searched by the external reference among the intents that
 * reached a final state, and its notifications adopt it too ({@link IntentNotifications}); the create is repeated only
 * where that cannot queue a second one (the Orders API, whose idempotency key answers the first order) or when the
 * first call certainly never reached Mercado Pago, and only within {@code point.intents.retry-creation-within}. Past
 * {@code point.intents.unknown-outcome-horizon} with nothing found it was never queued ({@code REFUSED}
 * {@code not-created}): Mercado Pago would have abandoned it and listed it by then.
 */
@ApplicationScoped
public class IntentResolution {

    private static final Logger LOG = Logger.getLogger(IntentResolution.class);

    private final IntentRepository intents;
    private final IntentUpdates updates;
    private final IntentSubmission submission;
    private final PointTerminals terminals;
    private final SellerAccessTokens tokens;
    private final PointConfig config;
    private final Clock clock;

    public IntentResolution(IntentRepository intents, IntentUpdates updates, IntentSubmission submission,
            PointTerminals terminals, SellerAccessTokens tokens, PointConfig config, Clock clock) {
        this.intents = intents;
        this.updates = updates;
        this.submission = submission;
        this.terminals = terminals;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
    }

    /** Asks about the intent and applies the answer; when Mercado Pago does not answer, asks again later. */
    public Uni<Intent> check(UUID intentId) {
        return Panache.withSession(() -> intents.findById(intentId)).chain(intent -> {
            if (intent == null || intent.state.isFinal()) {
                return Uni.createFrom().item(intent);
            }
            return tokens.currentAccessToken(intent.sellerId)
                    .chain(token -> intent.state == PointIntentState.PENDING
                            ? settleCreation(intent, token)
                            : terminals.of(intent.adapter).fetch(token, intent).chain(seen -> updates.apply(intent.id,
                                    seen, IntentChange.Source.SWEEP, null)))
                    .onFailure().recoverWithUni(failure -> {
                        LOG.warnf("intent %s could not be checked, asked again later: %s", intent.id,
                                failure.getMessage());
                        return later(intent.id, config.sweep().staleAfter());
                    });
        });
    }

    private Uni<Intent> settleCreation(Intent intent, String token) {
        PointTerminal terminal = terminals.of(intent.adapter);
        OffsetDateTime now = Timestamps.now(clock);
        Duration age = Duration.between(intent.createdAt, now);
        boolean neverSent = intent.creationFailure != null
                && intent.creationFailure.startsWith(IntentSubmission.NOT_SENT);
        boolean mayCreate = terminal.resolutionMayCreate() || neverSent;
        if (mayCreate && age.compareTo(config.intents().retryCreationWithin()) < 0) {
            LOG.infof("intent %s: creation asked again (%s)", intent.id, intent.creationFailure);
            Uni<Intent> payment = intent.kind == PointIntentKind.REFUND
                    ? Panache.withSession(() -> intents.paymentOf(intent)).map(found -> found.orElse(null))
                    : Uni.createFrom().nullItem();
            return payment.chain(paid -> submission.submit(intent, paid, token, IntentChange.Source.SWEEP));
        }
        return Panache.withSession(() -> intents.mercadopagoIdsSince(intent.sellerId, intent.createdAt.minusDays(1)))
                .chain(known -> terminal.resolveCreation(token, intent, known))
                .chain(found -> {
                    if (found.isPresent()) {
                        LOG.infof("intent %s found at Mercado Pago: %s", intent.id, found.get().mercadopagoId());
                        return updates.apply(intent.id, found.get(), IntentChange.Source.SWEEP, null);
                    }
                    if (neverSent) {
                        return updates.refuse(intent.id, new CreationRefusal("mercadopago-unavailable",
                                "Mercado Pago could not be reached within "
                                        + config.intents().retryCreationWithin().toSeconds() + " s; nothing was queued",
                                null), null, IntentChange.Source.SWEEP);
                    }
                    if (age.compareTo(config.intents().unknownOutcomeHorizon()) >= 0) {
                        return updates.refuse(intent.id, new CreationRefusal("not-created", "Mercado Pago shows no"
                                + " such intent " + config.intents().unknownOutcomeHorizon().toMinutes()
                                + " minutes after its creation was asked for: it was never queued", null), null,
                                IntentChange.Source.SWEEP);
                    }
                    return later(intent.id, config.intents().unresolvedRecheck());
                });
    }

    private Uni<Intent> later(UUID intentId, Duration after) {
        return Panache.withTransaction(() -> intents.lock(intentId).invoke(intent -> {
            if (!intent.state.isFinal()) {
                intent.nextCheckAt = Timestamps.now(clock).plus(after);
            }
        }));
    }
}
