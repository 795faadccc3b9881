package dev.mpmarketplace.payment.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayment;
import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoRefund;
import dev.mpmarketplace.payment.OperationKind;
import dev.mpmarketplace.payment.OperationState;
import dev.mpmarketplace.payment.Payment;
import dev.mpmarketplace.payment.PaymentOperation;
import dev.mpmarketplace.payment.PaymentStatus;
import dev.mpmarketplace.payment.StatusSource;
import dev.mpmarketplace.payment.client.PaymentsAtMercadoPago;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.repository.PaymentOperationRepository;
import dev.mpmarketplace.payment.repository.PaymentRefundRepository;
import dev.mpmarketplace.payment.repository.PaymentRepository;
import dev.mpmarketplace.support.database.DatabaseFailures;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.problem.ProblemException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Capturing, cancelling and refunding a payment: each with the caller's own idempotency key (one operation per key;
 * the same key with another request is refused), through HTTP and commands alike, in the same short steps as a
 * creation (decision 0014): the operation is stored, Mercado Pago is called with the seller's token, the answer is
 * applied. A refund's {@code X-Idempotency-Key} at Mercado Pago is the operation's id, so a refund whose outcome is
 * unknown is sent again with the same key and never made twice; a capture or cancellation whose outcome is unknown is
 * resolved by reading the payment first.
 * <p>
 * What the payment's status already rules out forever (its rank is past the operation's: an approved payment is never
 * cancelled) is refused here; everything else is left to Mercado Pago, whose refusals come back with its cause codes.
 */
@ApplicationScoped
public class PaymentOperations {

    private static final Logger LOG = Logger.getLogger(PaymentOperations.class);

    public static final String NOT_CAPTURABLE = "payment-not-capturable";
    public static final String NOT_CANCELLABLE = "payment-not-cancellable";
    public static final String NOT_REFUNDABLE = "payment-not-refundable";
    public static final String EXCEEDS_AMOUNT = "amount-exceeds-payment";

    private static final Set<PaymentStatus> CANCELLABLE = Set.of(PaymentStatus.PENDING, PaymentStatus.IN_PROCESS,
            PaymentStatus.AUTHORIZED);

    /**
     * The result of an operation request.
     *
     * @param operation the operation as it is now
     * @param payment the payment as it is now
     * @param replayed the key had been used for this request before
     */
    public record Result(PaymentOperation operation, Payment payment, boolean replayed) {

        public boolean pending() {
            return operation.state.unresolved();
        }
    }

    private final PaymentRepository payments;
    private final PaymentOperationRepository operations;
    private final PaymentRefundRepository refunds;
    private final SellerAccess sellerAccess;
    private final PaymentsAtMercadoPago mercadoPago;
    private final PaymentSync sync;
    private final PaymentEvents events;
    private final PaymentMetrics metrics;
    private final PaymentConfig config;
    private final Clock clock;

    public PaymentOperations(PaymentRepository payments, PaymentOperationRepository operations,
            PaymentRefundRepository refunds, SellerAccess sellerAccess, PaymentsAtMercadoPago mercadoPago,
            PaymentSync sync, PaymentEvents events, PaymentMetrics metrics, PaymentConfig config, Clock clock) {
        this.payments = payments;
        this.operations = operations;
        this.refunds = refunds;
        this.sellerAccess = sellerAccess;
        this.mercadoPago = mercadoPago;
        this.sync = sync;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /** Captures an authorized payment: all of it ({@code amount} absent) or part of it. */
    public Uni<Result> capture(UUID paymentId, BigDecimal amount, String idempotencyKey) {
        return request(OperationKind.CAPTURE, paymentId, amount, idempotencyKey);
    }

    /** Cancels a pending, in-process or authorized payment. */
    public Uni<Result> cancel(UUID paymentId, String idempotencyKey) {
        return request(OperationKind.CANCEL, paymentId, null, idempotencyKey);
    }

    /** Refunds an approved payment: what remains ({@code amount} absent) or part of it. */
    public Uni<Result> refund(UUID paymentId, BigDecimal amount, String idempotencyKey) {
        return request(OperationKind.REFUND, paymentId, amount, idempotencyKey);
    }

    private Uni<Result> request(OperationKind kind, UUID paymentId, BigDecimal amount, String idempotencyKey) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("kind", kind.word());
        request.put("payment_id", paymentId.toString());
        request.put("amount", amount);
        String fingerprint = Fingerprints.of(request);
        return Panache.withSession(() -> operations.findByKey(kind, idempotencyKey).chain(existing -> existing != null
                ? replay(existing, fingerprint)
                : payments.findById(paymentId).map(payment -> {
                    if (payment == null) {
                        throw PaymentProblems.paymentNotFound(paymentId.toString());
                    }
                    refuseWhatStatusRulesOut(kind, payment, amount);
                    return new Result(null, payment, false);
                }))).chain(checked -> {
                    if (checked.operation() != null) {
                        return Uni.createFrom().item(checked);
                    }
                    Payment payment = checked.payment();
                    LogFields.put(payment.sellerId, payment.id);
                    return sellerAccess.tokenFor(payment.sellerId).chain(token -> claim(kind, payment, amount,
                            idempotencyKey, fingerprint).chain(
                                    claimed -> claimed.replayed()
                                            ? Uni.createFrom().item(claimed)
                                            : call(token, claimed.operation(), payment)));
                });
    }

    private static void refuseWhatStatusRulesOut(OperationKind kind, Payment payment, BigDecimal amount) {
        PaymentStatus status = payment.status();
        if (status.ours() || payment.mercadopagoPaymentId == null) {
            throw PaymentProblems.wrongStatus(switch (kind) {
                case CAPTURE -> NOT_CAPTURABLE;
                case CANCEL -> NOT_CANCELLABLE;
                case REFUND -> NOT_REFUNDABLE;
            }, "the payment's creation has no known outcome at Mercado Pago yet (" + status.word() + ")",
                    status.word());
        }
        switch (kind) {
            case CAPTURE -> {
                if (status.rank() > PaymentStatus.AUTHORIZED.rank() || status.terminal()) {
                    throw PaymentProblems.wrongStatus(NOT_CAPTURABLE, "only an authorized payment can be captured; "
                            + "this one is " + status.word(), status.word());
                }
                if (amount != null && payment.transactionAmount != null
                        && amount.compareTo(payment.transactionAmount) > 0) {
                    throw PaymentProblems.wrongStatus(EXCEEDS_AMOUNT, "the capture is more than the authorized "
                            + payment.transactionAmount.toPlainString(), status.word());
                }
            }
            case CANCEL -> {
                if (!CANCELLABLE.contains(status) && (status.rank() > PaymentStatus.AUTHORIZED.rank()
                        || status.terminal())) {
                    throw PaymentProblems.wrongStatus(NOT_CANCELLABLE, "only a pending, in-process or authorized "
                            + "payment can be cancelled; this one is " + status.word(), status.word());
                }
            }
            case REFUND -> {
                if (status.rank() > PaymentStatus.APPROVED.rank() || status == PaymentStatus.IN_MEDIATION) {
                    throw PaymentProblems.wrongStatus(NOT_REFUNDABLE, "only an approved payment can be refunded; "
                            + "this one is " + status.word(), status.word());
                }
                BigDecimal refundable = payment.refundable();
                if (status == PaymentStatus.APPROVED && (amount == null
                        ? refundable.signum() <= 0
                        : amount.compareTo(refundable) > 0)) {
                    throw PaymentProblems.wrongStatus(EXCEEDS_AMOUNT, "the refund is more than what remains to "
                            + "refund (" + refundable.toPlainString() + ")", status.word());
                }
            }
        }
    }

    private Uni<Result> claim(OperationKind kind, Payment payment, BigDecimal amount, String idempotencyKey,
            String fingerprint) {
        OffsetDateTime now = Timestamps.now(clock);
        PaymentOperation operation = PaymentOperation.submitted(UUID.randomUUID(), payment.id, kind, idempotencyKey,
                fingerprint, amount, now.plus(config.resolution().claimGrace()), now);
        return Panache.withTransaction(() -> operations.persist(operation))
                .replaceWith(new Result(operation, payment, false))
                .onFailure(DatabaseFailures::uniqueViolation).recoverWithUni(lost -> Panache
                        .withSession(() -> operations.findByKey(kind, idempotencyKey))
                        .chain(winner -> winner == null
                                ? Uni.createFrom().failure(lost)
                                : Panache.withSession(() -> replay(winner, fingerprint))));
    }

    private Uni<Result> call(String token, PaymentOperation operation, Payment payment) {
        return send(token, operation, payment.mercadopagoPaymentId)
                .onFailure(MercadoPagoException.class)
                .recoverWithUni(failure -> failed(operation, failure));
    }

    /** Sends the operation to Mercado Pago and applies the answer. */
    private Uni<Result> send(String token, PaymentOperation operation, long mercadopagoPaymentId) {
        return switch (operation.kind) {
            case CAPTURE -> mercadoPago.capture(token, mercadopagoPaymentId, operation.amount)
                    .chain(answer -> done(operation, answer, null));
            case CANCEL -> mercadoPago.cancel(token, mercadopagoPaymentId)
                    .chain(answer -> done(operation, answer, null));
            case REFUND -> mercadoPago.refund(token, operation.id.toString(), mercadopagoPaymentId, operation.amount)
                    .chain(refund -> refunded(operation, refund))
                    .chain(result -> mercadoPago.get(token, mercadopagoPaymentId)
                            .chain(answer -> Panache.withTransaction(
                                    () -> sync.applyTo(operation.paymentId, answer, StatusSource.API_ANSWER)))
                            .map(applied -> new Result(result.operation(), applied.payment(), false))
                            // The refund is made and recorded; the payment's new status also comes by notification.
                            .onFailure().recoverWithItem(result));
        };
    }

    private Uni<Result> done(PaymentOperation operation, MercadoPagoPayment answer, Long refundId) {
        OffsetDateTime now = Timestamps.now(clock);
        return Panache.withTransaction(() -> operations.lock(operation.id).chain(locked -> {
            locked.done(refundId, now);
            return sync.applyTo(locked.paymentId, answer, StatusSource.API_ANSWER)
                    .map(applied -> new Result(locked, applied.payment(), false));
        })).invoke(result -> LOG.infof("payment %s: %s done", operation.paymentId, operation.kind.word()));
    }

    private Uni<Result> refunded(PaymentOperation operation, MercadoPagoRefund refund) {
        OffsetDateTime now = Timestamps.now(clock);
        return Panache.withTransaction(() -> operations.lock(operation.id).chain(locked -> {
            locked.done(refund.id(), now);
            return payments.lock(locked.paymentId).chain(payment -> refunds
                    .record(refund.id(), payment.id, refund.amount(), refund.dateCreated(), locked.id, now)
                    .chain(recorded -> recorded
                            ? events.refunded(payment, refund.id(), refund.amount(), refund.dateCreated(),
                                    locked.idempotencyKey, now).replaceWithVoid()
                            : refunds.linkOperation(refund.id(), locked.id))
                    .replaceWith(new Result(locked, payment, false)));
        })).invoke(result -> LOG.infof("payment %s: refund %d of %s done", operation.paymentId, refund.id(),
                refund.amount()));
    }

    private Uni<Result> failed(PaymentOperation operation, Throwable thrown) {
        MercadoPagoException failure = (MercadoPagoException) thrown;
        OffsetDateTime now = Timestamps.now(clock);
        return switch (WriteOutcome.of(failure)) {
            case UNKNOWN -> {
                LOG.warnf("payment %s: %s's outcome unknown (%s); the resolver asks Mercado Pago",
                        operation.paymentId, operation.kind.word(), failure.getMessage());
                metrics.unknownOutcome(operation.kind.word());
                yield Panache.withTransaction(() -> operations.lock(operation.id).invoke(
                        locked -> locked.outcomeUnknown(now.plus(config.resolution().firstDelay()), now))
                        .chain(locked -> payments.findById(locked.paymentId)
                                .map(payment -> new Result(locked, payment, false))));
            }
            case NOT_TAKEN -> Panache.withTransaction(() -> operations.lock(operation.id)
                    .chain(locked -> locked.state == OperationState.SUBMITTING
                            ? operations.delete(locked)
                            : Uni.createFrom().voidItem()))
                    .chain(() -> Uni.createFrom().failure(PaymentProblems.mercadoPagoUnavailable(failure)));
            case REFUSED -> {
                ProblemException refusal = PaymentProblems.mercadoPagoRefused(failure,
                        operation.paymentId.toString());
                yield Panache.withTransaction(() -> operations.lock(operation.id)
                        .invoke(locked -> locked.refuse(StoredProblems.store(refusal), now)))
                        .chain(() -> Uni.createFrom().failure(refusal));
            }
        };
    }

    private Uni<Result> replay(PaymentOperation existing, String fingerprint) {
        if (!fingerprint.equals(existing.requestFingerprint)) {
            return Uni.createFrom().failure(PaymentProblems.idempotencyKeyReused());
        }
        if (existing.state == OperationState.REFUSED) {
            return Uni.createFrom().failure(StoredProblems.restore(existing.refusal));
        }
        if (existing.state == OperationState.SUBMITTING) {
            return Uni.createFrom().failure(PaymentProblems.requestInProgress());
        }
        return payments.findById(existing.paymentId).map(payment -> new Result(existing, payment, true));
    }

    /** Resolves the operations whose outcome is unknown and due; answers how many were tried. */
    public Uni<Integer> resolveDue() {
        OffsetDateTime now = Timestamps.now(clock);
        return operations.leaseUnresolved(now, now.plus(config.resolution().claimGrace()),
                config.resolution().batchSize())
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> resolve(id).onFailure().recoverWithItem(f -> {
                            LOG.warnf("operation %s: resolution attempt failed: %s", id, f.toString());
                            return null;
                        }))
                        .collect().asList().map(List::size));
    }

    /**
     * One resolution attempt: a refund is sent again with the same key; a capture or cancellation is first looked up
     * (the payment already captured or cancelled: done), and sent again only while the payment still allows it.
     */
    public Uni<Void> resolve(UUID operationId) {
        return Panache.withSession(() -> operations.findById(operationId).chain(operation -> operation == null
                || !operation.state.unresolved()
                        ? Uni.createFrom().<Object[]>nullItem()
                        : payments.findById(operation.paymentId).map(payment -> new Object[]{operation, payment})))
                .chain(found -> {
                    if (found == null) {
                        return Uni.createFrom().voidItem();
                    }
                    PaymentOperation operation = (PaymentOperation) found[0];
                    Payment payment = (Payment) found[1];
                    LogFields.put(payment.sellerId, payment.id);
                    return sellerAccess.tokenFor(payment.sellerId)
                            .chain(token -> operation.kind == OperationKind.REFUND
                                    ? send(token, operation, payment.mercadopagoPaymentId)
                                    : mercadoPago.get(token, payment.mercadopagoPaymentId)
                                            .chain(now -> alreadyDone(operation, now)
                                                    ? done(operation, now, null)
                                                    : send(token, operation, payment.mercadopagoPaymentId)))
                            .invoke(result -> metrics.unknownOutcomeResolved(operation.kind.word()))
                            .onFailure(MercadoPagoException.class).recoverWithUni(failure -> {
                                MercadoPagoException e = (MercadoPagoException) failure;
                                if (WriteOutcome.of(e) == WriteOutcome.REFUSED) {
                                    // The refusal is recorded with the operation; nothing is left to resolve.
                                    return failed(operation, e).onFailure().recoverWithNull();
                                }
                                return postpone(operation);
                            })
                            .onFailure().recoverWithUni(failure -> postpone(operation))
                            .replaceWithVoid();
                });
    }

    private static boolean alreadyDone(PaymentOperation operation, MercadoPagoPayment payment) {
        return switch (operation.kind) {
            case CAPTURE -> Boolean.TRUE.equals(payment.captured()) && "approved".equals(payment.status())
                    || PaymentStatus.ofMercadoPago(payment.status()).map(s -> s.rank() > 3).orElse(false);
            case CANCEL -> "cancelled".equals(payment.status());
            case REFUND -> false;
        };
    }

    private Uni<Result> postpone(PaymentOperation operation) {
        OffsetDateTime now = Timestamps.now(clock);
        OffsetDateTime next = now.plus(Backoff.after(operation.resolutionAttempts + 1,
                config.resolution().firstDelay(), config.resolution().maxBackoff()));
        return Panache.withTransaction(() -> operations.lock(operation.id)
                .invoke(locked -> locked.resolutionPostponed(next, now))).replaceWith((Result) null);
    }
}
