package dev.mpmarketplace.point.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.repository.IntentRepository;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * {@code POST /intents/{id}/refund}: refunds the payment of a finished payment intent, idempotent by the requester's
 * key. Through the Integration API a refund is an intent of its own on the device that made the payment (so it
 * queues like a payment: one per device); through the Orders API it is the order's refund, with no terminal. Either
 * way it is an intent of kind {@code refund}; when it finishes, the payment intent becomes {@code REFUNDED}.
 */
@ApplicationScoped
public class IntentRefunds {

    /** A refund in these states has ended without refunding: another may be asked for. */
    private static final Set<PointIntentState> FAILED = EnumSet.of(PointIntentState.REFUSED, PointIntentState.ERROR,
            PointIntentState.CANCELED, PointIntentState.ABANDONED);

    private final IntentRepository intents;
    private final IntentCreation creation;
    private final IntentSubmission submission;
    private final Clock clock;

    public IntentRefunds(IntentRepository intents, IntentCreation creation, IntentSubmission submission,
            Clock clock) {
        this.intents = intents;
        this.creation = creation;
        this.submission = submission;
        this.clock = clock;
    }

    public Uni<IntentCreation.Created> refund(UUID paymentIntentId, String idempotencyKey,
            IntentChange.Source source) {
        String key = IntentRequest.checkKey(idempotencyKey);
        String hash = IntentRequest.digest("refund\n" + paymentIntentId);
        return Panache.withSession(() -> intents.findById(paymentIntentId)).onItem().ifNull()
                .failWith(() -> PointProblems.intentNotFound(paymentIntentId))
                .chain(payment -> Panache.withSession(() -> intents.byKey(payment.sellerId, PointIntentKind.REFUND,
                        key)).chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom().item(IntentCreation.replay(existing, hash));
                            }
                            refundable(payment);
                            return creation.token(payment.sellerId).chain(token -> Claims.retryingOnce(() -> claim(
                                    payment, key, hash, source)).chain(
                                            claimed -> claimed.isNew()
                                                    && claimed.occupant() == null
                                                            ? submission
                                                                    .submit(claimed.intent(), payment, token, source)
                                                                    .map(intent -> new IntentCreation.Created(intent,
                                                                            true,
                                                                            null))
                                                            : Uni.createFrom().item(claimed)));
                        }));
    }

    private static void refundable(Intent payment) {
        if (payment.kind != PointIntentKind.PAYMENT) {
            throw PointProblems.notRefundable(payment, "it is a refund");
        }
        if (payment.state == PointIntentState.REFUNDED) {
            throw PointProblems.notRefundable(payment, "it is refunded already");
        }
        if (payment.state != PointIntentState.FINISHED || payment.paymentId == null) {
            throw PointProblems.notRefundable(payment, "only a finished payment is refunded, and it is "
                    + payment.state);
        }
    }

    private Uni<IntentCreation.Created> claim(Intent payment, String key, String hash, IntentChange.Source source) {
        return Panache.withTransaction(() -> intents.byKey(payment.sellerId, PointIntentKind.REFUND, key)
                .chain(existing -> existing != null
                        ? Uni.createFrom().item(IntentCreation.replay(existing, hash))
                        : intents.refundsOf(payment.id).chain(refunds -> {
                            Intent live = live(refunds);
                            if (live != null) {
                                throw PointProblems.notRefundable(payment, "refund " + live.id + " is " + live.state);
                            }
                            OffsetDateTime now = Timestamps.now(clock);
                            Intent refund = Intent.pending(UUID.randomUUID(), payment.sellerId,
                                    PointIntentKind.REFUND, payment.adapter, payment.deviceId, key, hash,
                                    payment.amount, payment.currency, now);
                            refund.refundOf = payment.id;
                            refund.paymentId = payment.paymentId;
                            refund.externalReference = payment.externalReference;
                            if (!refund.occupiesDevice) {
                                return creation.pending(refund, source, null, now);
                            }
                            return intents.occupying(payment.deviceId).chain(occupant -> occupant == null
                                    ? creation.pending(refund, source, null, now)
                                    : creation.refusedBusy(refund, occupant, source, null, now));
                        })));
    }

    private static Intent live(List<Intent> refunds) {
        return refunds.stream().filter(refund -> !FAILED.contains(refund.state)).findFirst().orElse(null);
    }
}
