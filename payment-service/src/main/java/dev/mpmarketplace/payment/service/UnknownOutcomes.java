package dev.mpmarketplace.payment.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.payments.PaymentSearch;
import dev.mpmarketplace.payment.Payment;
import dev.mpmarketplace.payment.StatusSource;
import dev.mpmarketplace.payment.client.PaymentsAtMercadoPago;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.repository.PaymentRepository;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.problem.ProblemException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Resolves payments whose creation's outcome is unknown ({@code unknown}: a timeout, a lost connection or a 5xx;
 * {@code submitting} past {@code payment.resolution.claim-grace}: the process making the call stopped), by asking
 * Mercado Pago, never by charging again:
 * <ol>
 * <li>search the seller's payments by {@code external_reference} (our id): found, its answer is applied;</li>
 * <li>none: the create is sent again <em>with the same idempotency key</em> (our id) and the same request; Mercado
 * Pago answers the payment the first call made if it made one, else makes it now. Its answer is applied; a refusal
 * refuses the payment; another unknown outcome waits for the next attempt.</li>
 * </ol>
 * Attempts back off from {@code payment.resolution.first-delay} to {@code payment.resolution.max-backoff}. A payment
 * of an unlinked seller waits (nothing is called with a dead token) and counts in the stuck gauge. Due payments are
 * leased in one statement, so replicas never resolve the same payment at once. Operations (capture, cancel, refund)
 * are resolved by {@link PaymentOperations#resolveDue}.
 */
@ApplicationScoped
public class UnknownOutcomes {

    private static final Logger LOG = Logger.getLogger(UnknownOutcomes.class);

    /** How an attempt ended (a metric tag when it resolved the payment). */
    public static final String FOUND = "found";
    public static final String CREATED = "created";
    public static final String REFUSED = "refused";
    public static final String POSTPONED = "postponed";
    public static final String ALREADY_RESOLVED = "already_resolved";

    private final PaymentRepository payments;
    private final SellerAccess sellerAccess;
    private final PaymentsAtMercadoPago mercadoPago;
    private final PaymentSync sync;
    private final PaymentOperations operations;
    private final PaymentMetrics metrics;
    private final PaymentConfig config;
    private final Clock clock;

    public UnknownOutcomes(PaymentRepository payments, SellerAccess sellerAccess, PaymentsAtMercadoPago mercadoPago,
            PaymentSync sync, PaymentOperations operations, PaymentMetrics metrics, PaymentConfig config,
            Clock clock) {
        this.payments = payments;
        this.sellerAccess = sellerAccess;
        this.mercadoPago = mercadoPago;
        this.sync = sync;
        this.operations = operations;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${payment.resolution.every:5S}", delayed = "2S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return resolveDue().chain(operations::resolveDue).replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("resolving unknown outcomes failed, the next run retries: %s", failure.toString());
                    return null;
                });
    }

    /** Resolves the payments that are due; answers how many were tried. */
    public Uni<Integer> resolveDue() {
        OffsetDateTime now = Timestamps.now(clock);
        return payments.leaseUnresolved(now, now.plus(config.resolution().claimGrace()),
                config.resolution().batchSize())
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> resolve(id)
                                .onFailure().recoverWithItem(failure -> {
                                    LOG.warnf("payment %s: resolution attempt failed: %s", id, failure.toString());
                                    return POSTPONED;
                                }))
                        .collect().asList().map(List::size));
    }

    /** One resolution attempt for one payment; answers how it ended. */
    public Uni<String> resolve(UUID id) {
        return Panache.withSession(() -> payments.findById(id)).chain(payment -> {
            if (payment == null || !payment.status().unresolved()) {
                return Uni.createFrom().item(ALREADY_RESOLVED);
            }
            LogFields.put(payment.sellerId, payment.id);
            return sellerAccess.tokenFor(payment.sellerId)
                    .chain(token -> mercadoPago.search(token, PaymentSearch.byExternalReference(id.toString()))
                            .chain(page -> page.results().isEmpty()
                                    ? sendAgain(payment, token)
                                    : apply(payment, page.results().get(0), StatusSource.SWEEP, FOUND)))
                    .onFailure(this::worthWaiting).recoverWithUni(failure -> postpone(payment, failure));
        });
    }

    private Uni<String> sendAgain(Payment payment, String token) {
        if (payment.submission == null) {
            return postpone(payment, new IllegalStateException("no request kept to send again"));
        }
        return mercadoPago.create(token, payment.id.toString(), payment.submission)
                .chain(answer -> apply(payment, answer, StatusSource.API_ANSWER, CREATED))
                .onFailure(MercadoPagoException.class).recoverWithUni(failure -> {
                    MercadoPagoException e = (MercadoPagoException) failure;
                    if (WriteOutcome.of(e) != WriteOutcome.REFUSED) {
                        return postpone(payment, e);
                    }
                    ProblemException refusal = PaymentProblems.mercadoPagoRefused(e, payment.id.toString());
                    OffsetDateTime now = Timestamps.now(clock);
                    return Panache.withTransaction(() -> payments.lock(payment.id).chain(locked -> locked
                            .refuse(StoredProblems.store(refusal), now)
                                    ? sync.recordChange(locked, StatusSource.API_ANSWER, now)
                                    : Uni.createFrom().voidItem()))
                            .invoke(() -> metrics.unknownOutcomeResolved(REFUSED)).replaceWith(REFUSED);
                });
    }

    private Uni<String> apply(Payment payment, dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayment answer,
            StatusSource source, String how) {
        return Panache.withTransaction(() -> sync.applyTo(payment.id, answer, source)).map(applied -> {
            LOG.infof("payment %s: unknown outcome resolved (%s): %s", payment.id, how, applied.payment().status);
            metrics.unknownOutcomeResolved(how);
            return how;
        });
    }

    private Uni<String> postpone(Payment payment, Throwable why) {
        OffsetDateTime now = Timestamps.now(clock);
        OffsetDateTime next = now.plus(Backoff.after(payment.resolutionAttempts + 1,
                config.resolution().firstDelay(), config.resolution().maxBackoff()));
        LOG.infof("payment %s: still unknown (%s); next attempt at %s", payment.id, why.getMessage(), next);
        return Panache.withTransaction(() -> payments.lock(payment.id)
                .invoke(locked -> locked.resolutionPostponed(next, now)))
                .replaceWith(POSTPONED);
    }

    private boolean worthWaiting(
            Throwable failure) {
        return failure instanceof MercadoPagoException
                || failure instanceof ProblemException problem
                        && PaymentProblems.SELLER_NOT_LINKED.equals(problem.reason());
    }
}
