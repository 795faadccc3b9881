package dev.mpmarketplace.payment.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.outbox.ProcessedEvents;
import dev.mpmarketplace.payment.StatusSource;
import dev.mpmarketplace.payment.client.PaymentsAtMercadoPago;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.repository.PaymentRepository;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * Payment notifications, as hints: the notification only says which payment to ask about and for which seller. The
 * payment is fetched ({@code GET /v1/payments/{id}}) with the collector's token (the seller of the payment when the
 * platform knows it, else the seller the notification names) and Mercado Pago's answer is applied through
 * {@link PaymentSync}, in the transaction that records the notification as processed. A duplicate (same CloudEvent
 * id) does nothing; a repeated or late notification of one payment changes nothing more than its fetch does, since an
 * answer is applied only when newer.
 * <p>
 * Mercado Pago may notify before the payment is readable (404 right after): the fetch is retried for
 * {@code payment.notifications.not-found-patience}, then the notification is recorded {@code not_found} (the sweep
 * finds the payment later).
 */
@ApplicationScoped
public class PaymentNotifications {

    private static final Logger LOG = Logger.getLogger(PaymentNotifications.class);

    /** The consumer name under which payment notifications are recorded as processed. */
    public static final String CONSUMER = "payment-notifications";

    private final PaymentRepository payments;
    private final SellerAccess sellerAccess;
    private final PaymentsAtMercadoPago mercadoPago;
    private final PaymentSync sync;
    private final ProcessedEvents processed;
    private final PaymentMetrics metrics;
    private final PaymentConfig config;

    public PaymentNotifications(PaymentRepository payments, SellerAccess sellerAccess,
            PaymentsAtMercadoPago mercadoPago, PaymentSync sync, ProcessedEvents processed, PaymentMetrics metrics,
            PaymentConfig config) {
        this.payments = payments;
        this.sellerAccess = sellerAccess;
        this.mercadoPago = mercadoPago;
        this.sync = sync;
        this.processed = processed;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * Handles one notification once.
     *
     * @param sellerId the seller the notification names ({@code null}: none)
     * @return the outcome recorded; fails with a retryable {@link MercadoPagoException} when Mercado Pago could not
     *         be asked
     */
    public Uni<String> handle(String eventId, Long sellerId, long paymentId) {
        // Two reads at once, each one statement on the pool: is it a duplicate, and whose token fetches the payment.
        return Uni.combine().all()
                .unis(processed.outcomeOf(CONSUMER, eventId), payments.collectorOf(paymentId, sellerId)).asTuple()
                .chain(read -> {
                    if (read.getItem1().isPresent()) {
                        return Uni.createFrom().item(ProcessedEvents.DUPLICATE);
                    }
                    PaymentRepository.Collector collector = read.getItem2();
                    if (collector.sellerId() == null) {
                        return record(eventId, "no_seller");
                    }
                    return fetchAndApply(eventId, collector, paymentId);
                }).invoke(outcome -> {
                    LOG.debugf("payment notification %s for payment %d: %s", eventId, paymentId, outcome);
                    metrics.notification(outcome);
                });
    }

    private Uni<String> fetchAndApply(String eventId, PaymentRepository.Collector collector, long paymentId) {
        long sellerId = collector.sellerId();
        return sellerAccess.tokenFor(sellerId, collector.linkStatus())
                .chain(token -> mercadoPago.get(token, paymentId)
                        .onFailure(PaymentNotifications::notFound).retry()
                        .withBackOff(java.time.Duration.ofMillis(250), java.time.Duration.ofSeconds(5))
                        .expireIn(config.notifications().notFoundPatience().toMillis()))
                .chain(answer -> sync.applyOnce(CONSUMER, eventId, answer, sellerId, StatusSource.NOTIFICATION))
                .onFailure(ProblemException.class).recoverWithUni(failure -> record(eventId,
                        ((ProblemException) failure).reason().replace('-', '_')))
                .onFailure(f -> f instanceof MercadoPagoException e && !e.retryable())
                .recoverWithUni(failure -> record(eventId, ((MercadoPagoException) failure).tag()));
    }

    private Uni<String> record(String eventId, String outcome) {
        return Panache.withTransaction(() -> processed.record(CONSUMER, eventId, outcome))
                .map(recorded -> recorded ? outcome : ProcessedEvents.DUPLICATE);
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof MercadoPagoException e && e.kind() == MercadoPagoException.Kind.NOT_FOUND;
    }
}
