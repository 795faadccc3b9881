package dev.mpmarketplace.payment.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.payment.CreatePayment;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayment;
import dev.mpmarketplace.payment.Payment;
import dev.mpmarketplace.payment.PaymentStatus;
import dev.mpmarketplace.payment.StatusSource;
import dev.mpmarketplace.payment.client.PaymentsAtMercadoPago;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.repository.PaymentRepository;
import dev.mpmarketplace.payment.repository.SellerRepository;
import dev.mpmarketplace.support.context.CallerContext;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.problem.ProblemException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Creating a payment for a seller: the one use case behind {@code POST /payments} and the create command.
 * <p>
 * Short transactions around one call (decision 0014):
 * <ol>
 * <li>the caller's idempotency key is looked up: the same key with the same request answers the first result (the
 * payment as it is now, or the refusal), with another request it is refused;</li>
 * <li>the seller's token is read (an unlinked seller is refused, nothing is stored);</li>
 * <li><b>claim</b>: the payment is stored {@code submitting} with a new id of ours, with its first timeline entry, in
 * one statement; a concurrent request with the same key loses on the key's unique index and is answered as a
 * repeat;</li>
 * <li><b>call</b> {@code POST /v1/payments} with the seller's token, our id as {@code X-Idempotency-Key} and as
 * {@code external_reference};</li>
 * <li><b>apply</b>: Mercado Pago's answer through {@link PaymentSync}; or {@code unknown} (timeout, lost connection,
 * 5xx: the resolver asks Mercado Pago by the external reference and, if it has nothing, repeats the call with the
 * same key); or {@code refused} with Mercado Pago's cause codes (a 4xx); or, when the request certainly had no effect
 * (429 after the retries, no connection), the claim is removed so the same key can be tried again.</li>
 * </ol>
 * A crash between claim and apply leaves the payment {@code submitting}; the resolver takes it over after
 * {@code payment.resolution.claim-grace}.
 */
@ApplicationScoped
public class PaymentCreation {

    private static final Logger LOG = Logger.getLogger(PaymentCreation.class);

    private static final String FORGET_TIMELINE = "DELETE FROM payment_status_change WHERE payment_id = :id";
    private static final String FORGET_PAYMENT = "DELETE FROM payment WHERE id = :id AND status = 'submitting'";

    /**
     * The result of a create request.
     *
     * @param payment the payment as it is now
     * @param replayed the key had been used for this request before: this is the first result, as it is now
     */
    public record Creation(Payment payment, boolean replayed) {

        /** Mercado Pago's outcome is not known yet (HTTP 202). */
        public boolean pending() {
            return payment.status().unresolved();
        }
    }

    private final PaymentRepository payments;
    private final SellerRepository sellers;
    private final SellerAccess sellerAccess;
    private final PaymentsAtMercadoPago mercadoPago;
    private final PaymentSync sync;
    private final PaymentMetrics metrics;
    private final PaymentConfig config;
    private final Clock clock;

    public PaymentCreation(PaymentRepository payments, SellerRepository sellers, SellerAccess sellerAccess,
            PaymentsAtMercadoPago mercadoPago, PaymentSync sync, PaymentMetrics metrics, PaymentConfig config,
            Clock clock) {
        this.payments = payments;
        this.sellers = sellers;
        this.sellerAccess = sellerAccess;
        this.mercadoPago = mercadoPago;
        this.sync = sync;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Creates the payment, or answers the first result of {@code idempotencyKey}.
     *
     * @param request a request checked by {@link PaymentRequests#read}
     * @return fails with a {@link ProblemException}: {@code idempotency-key-reused}, {@code request-in-progress},
     *         {@code seller-not-linked}, {@code mercadopago-refused} (422, Mercado Pago's causes),
     *         {@code mercadopago-unavailable} (503, nothing happened)
     */
    public Uni<Creation> create(CreatePayment request, String idempotencyKey) {
        CreatePayment canonical = request.withoutIdempotencyKey();
        String fingerprint = Fingerprints.of(canonical);
        long sellerId = request.sellerId();
        LogFields.put(sellerId, null);
        return CallerContext.resume(payments.precheck(idempotencyKey, sellerId)).chain(precheck -> {
            if (precheck.existing() != null) {
                return Panache.withSession(() -> payments.findById(precheck.existing()))
                        .chain(existing -> replay(existing, fingerprint));
            }
            return sellerAccess.tokenFor(sellerId, precheck.linkStatus())
                    .chain(token -> claim(canonical, idempotencyKey, fingerprint).chain(claimed -> claimed.replayed()
                            ? Uni.createFrom().item(claimed)
                            : call(token, claimed, precheck.linkStatus() != null)));
        });
    }

    private Uni<Creation> claim(CreatePayment request, String idempotencyKey, String fingerprint) {
        OffsetDateTime now = Timestamps.now(clock);
        UUID id = UUID.randomUUID();
        Payment payment = Payment.submitted(id, request.sellerId(), idempotencyKey, fingerprint,
                PaymentRequests.mercadoPagoBody(request, id), request.transactionAmount(), request.currencyId(),
                request.applicationFee(), now.plus(config.resolution().claimGrace()), now);
        return CallerContext.resume(payments.claim(payment)).chain(claimed -> claimed
                ? Uni.createFrom().item(new Creation(payment, false))
                // Another request with the same key won the claim: answer as a repeat of it.
                : Panache.withSession(() -> payments.findByIdempotencyKey(idempotencyKey))
                        .chain(winner -> winner == null
                                ? Uni.createFrom().failure(PaymentProblems.requestInProgress())
                                : replay(winner, fingerprint)));
    }

    private Uni<Creation> call(String token, Creation claimed, boolean sellerKnown) {
        Payment payment = claimed.payment();
        LogFields.put(payment.sellerId, payment.id);
        return mercadoPago.create(token, payment.id.toString(), payment.submission)
                .onItem().transformToUni(answer -> applied(payment, answer, sellerKnown))
                .onFailure(MercadoPagoException.class)
                .recoverWithUni(failure -> failed(payment, failure));
    }

    private Uni<Creation> applied(Payment payment, MercadoPagoPayment answer, boolean sellerKnown) {
        return sync.applyFirstAnswer(payment, answer)
                // A seller the service did not know yet is known now: Mercado Pago took its token.
                .call(() -> sellerKnown
                        ? Uni.createFrom().voidItem()
                        : Panache.withTransaction(() -> sellers.know(payment.sellerId, Timestamps.now(clock))))
                .map(applied -> {
                    metrics.creation("created");
                    return new Creation(applied, false);
                });
    }

    private Uni<Creation> failed(Payment payment, Throwable thrown) {
        MercadoPagoException failure = (MercadoPagoException) thrown;
        OffsetDateTime now = Timestamps.now(clock);
        switch (WriteOutcome.of(failure)) {
            case UNKNOWN -> {
                LOG.warnf("payment %s: create's outcome unknown (%s); the resolver asks Mercado Pago", payment.id,
                        failure.getMessage());
                metrics.creation("unknown");
                metrics.unknownOutcome("create");
                return Panache.withTransaction(() -> payments.lock(payment.id).chain(locked -> locked
                        .outcomeUnknown(now.plus(config.resolution().firstDelay()), now)
                                ? sync.recordChange(locked, StatusSource.API_ANSWER, now).replaceWith(locked)
                                : Uni.createFrom().item(locked)))
                        .map(locked -> new Creation(locked, false));
            }
            case NOT_TAKEN -> {
                LOG.warnf("payment %s: Mercado Pago did not take the create (%s); forgotten", payment.id,
                        failure.getMessage());
                metrics.creation("unavailable");
                return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> session.createNativeQuery(FORGET_TIMELINE).setParameter("id", payment.id)
                                .executeUpdate()
                                .chain(() -> session.createNativeQuery(FORGET_PAYMENT)
                                        .setParameter("id", payment.id).executeUpdate())))
                        .chain(() -> Uni.createFrom().failure(PaymentProblems.mercadoPagoUnavailable(failure)));
            }
            default -> {
                ProblemException refusal = PaymentProblems.mercadoPagoRefused(failure, payment.id.toString());
                LOG.infof("payment %s: refused by Mercado Pago (%s)", payment.id, failure.getMessage());
                metrics.creation("refused");
                return Panache.withTransaction(() -> payments.lock(payment.id).chain(locked -> locked
                        .refuse(StoredProblems.store(refusal), now)
                                ? sync.recordChange(locked, StatusSource.API_ANSWER, now)
                                : Uni.createFrom().voidItem()))
                        .chain(() -> Uni.createFrom().failure(refusal));
            }
        }
    }

    private Uni<Creation> replay(Payment existing, String fingerprint) {
        if (!fingerprint.equals(existing.requestFingerprint)) {
            return Uni.createFrom().failure(PaymentProblems.idempotencyKeyReused());
        }
        PaymentStatus status = existing.status();
        if (status == PaymentStatus.REFUSED) {
            metrics.creation("replayed");
            return Uni.createFrom().failure(StoredProblems.restore(existing.refusal));
        }
        if (status == PaymentStatus.SUBMITTING) {
            return Uni.createFrom().failure(PaymentProblems.requestInProgress());
        }
        metrics.creation("replayed");
        return Uni.createFrom().item(new Creation(existing, true));
    }
}
