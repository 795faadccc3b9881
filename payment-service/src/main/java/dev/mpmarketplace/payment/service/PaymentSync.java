package dev.mpmarketplace.payment.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayment;
import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoRefund;
import dev.mpmarketplace.outbox.Outbox;
import dev.mpmarketplace.outbox.ProcessedEvents;
import dev.mpmarketplace.payment.Payment;
import dev.mpmarketplace.payment.PaymentStatusChange;
import dev.mpmarketplace.payment.StatusSource;
import dev.mpmarketplace.payment.repository.PaymentOperationRepository;
import dev.mpmarketplace.payment.repository.PaymentRefundRepository;
import dev.mpmarketplace.payment.repository.PaymentRepository;
import dev.mpmarketplace.payment.repository.PaymentStatusChangeRepository;
import dev.mpmarketplace.payment.repository.SellerRepository;
import dev.mpmarketplace.support.context.CallerContext;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Applies what Mercado Pago says of a payment, whoever asked (the platform's own calls, a notification's fetch, the
 * sweep): the one place where a payment's state follows Mercado Pago. Inside the caller's transaction, the payment's
 * row is locked first, so concurrent answers about one payment are applied one after the other, each against the
 * previous: an answer older than the last applied (by {@code date_last_updated}, then the status rank) changes
 * nothing, a status never moves to a lower rank, and a repeated answer changes nothing. Every change adds a timeline
 * entry and a "status changed" event; every refund seen for the first time a "refunded" event.
 * <p>
 * A payment Mercado Pago names that the platform does not know is one of its own whose answer was lost (its
 * {@code external_reference} is the platform's payment id), or one made elsewhere, which is recorded.
 */
@ApplicationScoped
public class PaymentSync {

    private static final Logger LOG = Logger.getLogger(PaymentSync.class);

    private static final String INSERT_EXTERNAL = """
            INSERT INTO payment (id, seller_id, origin, status, mercadopago_payment_id, external_reference,
                                 currency_id, application_fee, created_at, updated_at)
            VALUES (:id, :sellerId, 'EXTERNAL', 'submitting', :mercadopagoId, :externalReference, :currencyId,
                    :applicationFee, :now, :now)
            ON CONFLICT (mercadopago_payment_id) DO NOTHING""";

    /*
     * The paths that write a change without a session (the create's first answer, a notification's answer) write what
     * Payment.observe changes with this one statement (observedColumns: keep both in step with Payment.observe), its
     * timeline entry and its event, pipelined on one connection in one transaction of the reactive client. A
     * notification's path holds the row's lock; the first answer's path holds none and adds a guard (still submitting,
     * still change 1) so that any concurrent change (a notification, the resolver) wins: the transaction is then rolled
     * back and the answer goes through the general path, against whatever is there.
     */
    private static final String APPLY_OBSERVED = """
            UPDATE payment SET mercadopago_payment_id = $2, status = $3, status_detail = $4, transaction_amount = $5,
                   transaction_amount_refunded = $6, currency_id = $7, external_reference = $8, captured = $9,
                   mercadopago_last_updated = $10, provider_payment = $11, submission = NULL, refusal = NULL,
                   next_resolution_at = NULL, updated_at = $12, change_count = $13
             WHERE id = $1""";
    private static final String APPLY_FIRST = APPLY_OBSERVED + " AND status = 'submitting' AND change_count = 1";
    private static final String INSERT_CHANGE = """
            INSERT INTO payment_status_change (payment_id, seq, status, status_detail, source, observed_at,
                                               mercadopago_last_updated)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    /** The notification's path found no payment by the answer's Mercado Pago id: the general path applies it. */
    private static final class NotKnownByMercadoPagoId extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotKnownByMercadoPagoId() {
            super("no payment with that Mercado Pago id", null, false, false);
        }
    }

    /** The first answer's fast path found the payment changed since its claim. */
    private static final class ChangedSinceClaim extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ChangedSinceClaim() {
            super("the payment changed since its claim", null, false, false);
        }
    }

    /**
     * What {@link #apply} did.
     *
     * @param payment the payment, as it is now (locked until the transaction ends)
     * @param observation what the answer changed
     * @param discovered the platform had not known the payment before
     */
    public record Applied(Payment payment, Payment.Observation observation, boolean discovered) {
    }

    private final PaymentRepository payments;
    private final PaymentStatusChangeRepository timeline;
    private final PaymentRefundRepository refunds;
    private final PaymentOperationRepository operations;
    private final SellerRepository sellers;
    private final PaymentEvents events;
    private final PaymentMetrics metrics;
    private final ExternalPayments externalPayments;
    private final Clock clock;
    private final Pool pool;
    private final Outbox outbox;
    private final ProcessedEvents processed;

    public PaymentSync(PaymentRepository payments, PaymentStatusChangeRepository timeline,
            PaymentRefundRepository refunds, PaymentOperationRepository operations, SellerRepository sellers,
            PaymentEvents events, PaymentMetrics metrics, ExternalPayments externalPayments, Clock clock, Pool pool,
            Outbox outbox, ProcessedEvents processed) {
        this.payments = payments;
        this.timeline = timeline;
        this.refunds = refunds;
        this.operations = operations;
        this.sellers = sellers;
        this.events = events;
        this.metrics = metrics;
        this.externalPayments = externalPayments;
        this.clock = clock;
        this.pool = pool;
        this.outbox = outbox;
        this.processed = processed;
    }

    /**
     * Applies the answer to the platform's own create call to the payment just claimed ({@code claimed}, the instance
     * the claim wrote, not managed by any session): in one short transaction of three pipelined statements when
     * nothing touched the payment since, otherwise (or when the answer lists refunds) through {@link #applyTo} in a
     * transaction of its own.
     *
     * @return the payment as it is now
     */
    public Uni<Payment> applyFirstAnswer(Payment claimed, MercadoPagoPayment answer) {
        if (!answer.refunds().isEmpty() || claimed.changeCount != 1) {
            return generalFirstAnswer(claimed, answer);
        }
        OffsetDateTime now = Timestamps.now(clock);
        Payment.Observation observation = claimed.observe(answer, now);
        if (!observation.applied()) {
            return generalFirstAnswer(claimed, answer);
        }
        PaymentStatusChange change = PaymentStatusChange.of(claimed, StatusSource.API_ANSWER, now);
        var event = events.statusChangedMessage(claimed, observation, StatusSource.API_ANSWER, now);
        return CallerContext.resume(pool.withTransaction(connection -> {
            Uni<Integer> updated = connection.preparedQuery(APPLY_FIRST).execute(observedColumns(claimed))
                    .map(rows -> rows.rowCount());
            Uni<Void> recorded = insertChange(connection, change);
            Uni<Boolean> published = outbox.add(connection, event);
            return Uni.combine().all().unis(updated, recorded, published).asTuple()
                    .chain(written -> written.getItem1() == 1
                            ? Uni.createFrom().item(claimed)
                            : Uni.createFrom().failure(new ChangedSinceClaim()));
        })).invoke(payment -> observed(payment, answer, observation, StatusSource.API_ANSWER, now)).onFailure()
                .recoverWithUni(failure -> {
                    LOG.debugf("payment %s: first answer through the general path (%s)", claimed.id,
                            failure.toString());
                    return generalFirstAnswer(claimed, answer);
                });
    }

    private Uni<Payment> generalFirstAnswer(Payment claimed, MercadoPagoPayment answer) {
        return Panache.withTransaction(() -> applyTo(claimed.id, answer, StatusSource.API_ANSWER))
                .map(Applied::payment);
    }

    /**
     * Applies a fetched answer once per event of {@code consumer} (a notification): the event's claim, the payment's
     * row lock, and (when the answer is newer) the payment, its timeline entry, its event and the event's outcome, in
     * one transaction of its own.
     * <p>
     * For a payment the platform knows by its Mercado Pago id and an answer that lists no refunds (the common case: a
     * status moved), it runs on one pooled connection without a Hibernate session, in two round trips (the claim and
     * the lock pipelined; then the writes pipelined), and applies exactly what {@link #apply} would
     * ({@link Payment#observe}; the same timeline entry and event). Anything else (a payment not known by that id: one
     * of ours whose answer was lost, or one made elsewhere; refunds to record) goes through {@link #apply} in a
     * Panache transaction with {@link ProcessedEvents#once}.
     *
     * @return {@link ProcessedEvents#DUPLICATE}, {@code discovered}, {@code changed}, {@code updated}, or
     *         {@code unchanged_<reason>}
     */
    public Uni<String> applyOnce(String consumer, String eventId, MercadoPagoPayment answer, long sellerId,
            StatusSource source) {
        if (!answer.refunds().isEmpty()) {
            return applyOnceInSession(consumer, eventId, answer, sellerId, source);
        }
        // Deferred: a retry (ConsumerRetries resubscribes) starts afresh, with its own time.
        return Uni.createFrom().deferred(() -> {
            OffsetDateTime now = Timestamps.now(clock);
            return CallerContext.resume(pool.withTransaction(connection -> Uni.combine().all()
                    .unis(processed.claim(connection, consumer, eventId),
                            payments.lockByMercadoPagoId(connection, answer.id()))
                    .asTuple().chain(claimAndPayment -> {
                        if (!claimAndPayment.getItem1()) {
                            return Uni.createFrom().<Applied>nullItem();
                        }
                        Payment payment = claimAndPayment.getItem2();
                        if (payment == null) {
                            return Uni.createFrom().<Applied>failure(new NotKnownByMercadoPagoId());
                        }
                        return writeObserved(connection, consumer, eventId, payment, answer, source, now);
                    })))
                    // Once committed: the log line and metrics of what was applied (nothing for a duplicate).
                    .invoke(applied -> {
                        if (applied != null) {
                            observed(applied.payment(), answer, applied.observation(), source, now);
                        }
                    })
                    .map(applied -> applied == null ? ProcessedEvents.DUPLICATE : outcome(applied));
        })
                .onFailure(NotKnownByMercadoPagoId.class)
                .recoverWithUni(() -> applyOnceInSession(consumer, eventId, answer, sellerId, source));
    }

    /**
     * On the transaction's connection, the payment's row locked: observes the answer and writes what it changed (the
     * payment, its timeline entry and event when the status changed) and the event's outcome, all pipelined.
     *
     * @return what was applied; its log line and metrics are the caller's, once committed
     */
    private Uni<Applied> writeObserved(SqlClient connection, String consumer, String eventId, Payment payment,
            MercadoPagoPayment answer, StatusSource source, OffsetDateTime now) {
        Payment.Observation observation = payment.observe(answer, now);
        Applied applied = new Applied(payment, observation, false);
        List<Uni<?>> writes = new ArrayList<>(4);
        if (observation.applied()) {
            writes.add(connection.preparedQuery(APPLY_OBSERVED).execute(observedColumns(payment))
                    .invoke(rows -> {
                        if (rows.rowCount() != 1) {
                            throw new IllegalStateException("payment " + payment.id + " not updated");
                        }
                    }));
        }
        if (observation.statusChanged()) {
            writes.add(insertChange(connection, PaymentStatusChange.of(payment, source, now)));
            writes.add(outbox.add(connection, events.statusChangedMessage(payment, observation, source, now)));
        }
        writes.add(processed.recordOutcome(connection, consumer, eventId, outcome(applied)));
        return Uni.combine().all().unis(writes).discardItems().replaceWith(applied);
    }

    /** {@link #APPLY_OBSERVED}'s parameters: the columns {@link Payment#observe} changes. */
    private static Tuple observedColumns(Payment payment) {
        return Tuple.from(Arrays.asList(payment.id, payment.mercadopagoPaymentId, payment.status,
                payment.statusDetail, payment.transactionAmount, payment.transactionAmountRefunded,
                payment.currencyId, payment.externalReference, payment.captured, payment.mercadopagoLastUpdated,
                payment.providerPayment, payment.updatedAt, payment.changeCount));
    }

    /** On a connection in the caller's transaction: a timeline entry, without a session. */
    private static Uni<Void> insertChange(SqlClient connection, PaymentStatusChange change) {
        return connection.preparedQuery(INSERT_CHANGE).execute(Tuple.from(Arrays.asList(change.paymentId,
                change.seq, change.status, change.statusDetail, change.source, change.observedAt,
                change.mercadopagoLastUpdated))).replaceWithVoid();
    }

    private Uni<String> applyOnceInSession(String consumer, String eventId, MercadoPagoPayment answer, long sellerId,
            StatusSource source) {
        return Panache.withTransaction(() -> processed.once(consumer, eventId,
                () -> apply(answer, sellerId, source).map(PaymentSync::outcome)));
    }

    /** The outcome a notification records for what an answer did. */
    private static String outcome(Applied applied) {
        if (!applied.observation().applied()) {
            return "unchanged_" + applied.observation().ignoredReason();
        }
        if (applied.discovered()) {
            return "discovered";
        }
        return applied.observation().statusChanged() ? "changed" : "updated";
    }

    /** The log line and metrics of an observation. */
    private void observed(Payment payment, MercadoPagoPayment answer, Payment.Observation observation,
            StatusSource source, OffsetDateTime now) {
        if (!observation.applied()) {
            metrics.answerIgnored(observation.ignoredReason());
            LOG.debugf("payment %s: %s answer of %s ignored (%s)", payment.id, LogFields.safe(answer.status()),
                    source.word(), observation.ignoredReason());
        } else if (observation.statusChanged()) {
            LOG.infof("payment %s: %s -> %s/%s (%s)", payment.id, observation.oldStatus().word(), payment.status,
                    payment.statusDetail, source.word());
            metrics.statusChanged(source, payment.mercadopagoLastUpdated, now);
        }
    }

    /**
     * In the caller's transaction: applies an answer about a payment of {@code sellerId} (the seller whose token
     * fetched it), finding or recording the payment it is about.
     */
    public Uni<Applied> apply(MercadoPagoPayment answer, long sellerId, StatusSource source) {
        return payments.lockByMercadoPagoId(answer.id())
                .chain(known -> known != null ? Uni.createFrom().item(known) : ours(answer, sellerId))
                .chain(known -> known != null
                        ? observe(known, answer, source, false)
                        : discover(answer, sellerId, source));
    }

    /** In the caller's transaction: applies an answer about the platform's own payment {@code paymentId}. */
    public Uni<Applied> applyTo(UUID paymentId, MercadoPagoPayment answer, StatusSource source) {
        return payments.lock(paymentId).chain(payment -> observe(payment, answer, source, false));
    }

    /** In the caller's transaction: adds the timeline entry of the payment's current status (its latest change). */
    public Uni<Void> recordChange(Payment payment, StatusSource source, OffsetDateTime now) {
        return timeline.persist(PaymentStatusChange.of(payment, source, now)).replaceWithVoid();
    }

    private Uni<Payment> ours(MercadoPagoPayment answer, long sellerId) {
        Optional<UUID> reference = uuid(answer.externalReference());
        if (reference.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return payments.lock(reference.get()).map(payment -> payment != null
                && payment.origin == Payment.Origin.PLATFORM && payment.sellerId == collector(answer, sellerId)
                && (payment.mercadopagoPaymentId == null || payment.mercadopagoPaymentId == answer.id())
                        ? payment
                        : null);
    }

    private Uni<Applied> discover(MercadoPagoPayment answer, long sellerId, StatusSource source) {
        OffsetDateTime now = Timestamps.now(clock);
        long collector = collector(answer, sellerId);
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT_EXTERNAL)
                .setParameter("id", UUID.randomUUID())
                .setParameter("sellerId", collector)
                .setParameter("mercadopagoId", answer.id())
                .setParameter("externalReference", answer.externalReference())
                .setParameter("currencyId", answer.currencyId())
                // The marketplace fee of a checkout payment (the preference's marketplace_fee): in its fee details.
                .setParameter("applicationFee", answer.applicationFee())
                .setParameter("now", now)
                .executeUpdate())
                .chain(inserted -> payments.lockByMercadoPagoId(answer.id())
                        .chain(payment -> observe(payment, answer, source, inserted == 1)))
                .call(applied -> applied.discovered()
                        ? sellers.know(collector, now).chain(() -> externalPayments.discovered(applied.payment()))
                        : Uni.createFrom().voidItem());
    }

    private Uni<Applied> observe(Payment payment, MercadoPagoPayment answer, StatusSource source,
            boolean discovered) {
        OffsetDateTime now = Timestamps.now(clock);
        Payment.Observation observation = payment.observe(answer, now);
        observed(payment, answer, observation, source, now);
        if (!observation.applied()) {
            return Uni.createFrom().item(new Applied(payment, observation, discovered));
        }
        Uni<Void> change = Uni.createFrom().voidItem();
        if (observation.statusChanged()) {
            change = recordChange(payment, source, now)
                    .chain(() -> events.statusChanged(payment, observation, source, now)).replaceWithVoid();
        }
        return change.chain(() -> newRefunds(payment, answer, now))
                .replaceWith(new Applied(payment, observation, discovered));
    }

    private Uni<Void> newRefunds(Payment payment, MercadoPagoPayment answer, OffsetDateTime now) {
        if (answer.refunds().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(answer.refunds())
                .onItem().transformToUniAndConcatenate(refund -> newRefund(payment, refund, now))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> newRefund(Payment payment, MercadoPagoRefund refund, OffsetDateTime now) {
        return operations.findByRefundId(refund.id()).chain(operation -> refunds
                .record(refund.id(), payment.id, refund.amount(), refund.dateCreated(),
                        operation == null ? null : operation.id, now)
                .chain(recorded -> recorded
                        ? events.refunded(payment, refund.id(), refund.amount(), refund.dateCreated(),
                                operation == null ? null : operation.idempotencyKey, now).replaceWithVoid()
                        : Uni.createFrom().voidItem()));
    }

    private static long collector(MercadoPagoPayment answer, long sellerId) {
        return answer.collectorId() != null ? answer.collectorId() : sellerId;
    }

    private static Optional<UUID> uuid(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
