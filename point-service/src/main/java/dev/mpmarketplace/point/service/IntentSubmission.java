package dev.mpmarketplace.point.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.client.CreationRefusal;
import dev.mpmarketplace.point.client.PointTerminal;
import dev.mpmarketplace.point.client.TerminalState;
import dev.mpmarketplace.point.repository.IntentRepository;

/**
 * The "call" and "apply" steps of queuing an intent that is already claimed ({@code PENDING}): the create call with
 * the intent's own id as idempotency key and external reference, then the one transaction that applies its answer.
 * An answer creates ({@code OPEN}); a certain refusal refuses ({@code REFUSED}); no answer (a timeout, a 5xx, a lost
 * connection), or a call that never left (refused connection, 429), leaves the intent {@code PENDING}, to be settled
 * by asking ({@link IntentResolution}), never by queuing blindly again.
 */
@ApplicationScoped
public class IntentSubmission {

    private static final Logger LOG = Logger.getLogger(IntentSubmission.class);
    /** The prefix of a creation failure that certainly did not reach Mercado Pago. */
    static final String NOT_SENT = "not_sent:";

    private final PointTerminals terminals;
    private final IntentUpdates updates;
    private final IntentRepository intents;

    public IntentSubmission(PointTerminals terminals, IntentUpdates updates, IntentRepository intents) {
        this.terminals = terminals;
        this.updates = updates;
        this.intents = intents;
    }

    /**
     * Calls Mercado Pago for a claimed intent and applies the answer.
     *
     * @param payment for a refund, the payment intent it refunds; null for a payment
     */
    public Uni<Intent> submit(Intent intent, Intent payment, String token, IntentChange.Source source) {
        PointTerminal terminal = terminals.of(intent.adapter);
        Uni<TerminalState> call = intent.kind == PointIntentKind.PAYMENT
                ? terminal.createPayment(token, intent)
                : terminal.createRefund(token, intent, payment);
        return call.chain(seen -> updates.apply(intent.id, seen, IntentChange.Source.MERCADOPAGO_ANSWER, null))
                .onFailure(MercadoPagoException.class)
                .recoverWithUni(failure -> failed(terminal, intent, (MercadoPagoException) failure));
    }

    private Uni<Intent> failed(PointTerminal terminal, Intent intent, MercadoPagoException failure) {
        var refusal = terminal.refusalOf(failure);
        if (refusal.isPresent()) {
            LOG.infof("Mercado Pago refused intent %s: %s", intent.id, failure.getMessage());
            return queuedIntent(refusal.get()).chain(queued -> updates.refuse(intent.id, refusal.get(), queued,
                    IntentChange.Source.MERCADOPAGO_ANSWER));
        }
        // Only a refused connection and a 429 certainly never reached Mercado Pago; anything else may have queued it.
        boolean notSent = failure.kind() == MercadoPagoException.Kind.UNREACHABLE
                || failure.kind() == MercadoPagoException.Kind.RATE_LIMITED;
        String outcome = notSent ? NOT_SENT + failure.tag() : failure.tag();
        LOG.warnf("intent %s: creation unresolved (%s): %s", intent.id, outcome, failure.getMessage());
        return updates.unresolved(intent.id, outcome);
    }

    /** What is queued on a busy device, as point-service's id when the intent is one of its own. */
    private Uni<String> queuedIntent(CreationRefusal refusal) {
        if (refusal.queuedMercadopagoId() == null) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> intents.byMercadopagoId(refusal.queuedMercadopagoId()))
                .map(found -> found.isEmpty() ? refusal.queuedMercadopagoId() : found.get(0).id.toString());
    }
}
