package dev.mpmarketplace.orders.service;

import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.payment.PaymentRefunded;
import dev.mpmarketplace.events.payment.PaymentStatusChanged;
import dev.mpmarketplace.orders.fact.IntentFact;
import dev.mpmarketplace.orders.fact.OrderFact;
import dev.mpmarketplace.orders.repository.OrderRepository;

/**
 * Attaches other services' payment facts to their orders: payment-service's status changes and refunds, point-service's
 * finished intents. An event is a fact (its producer fetched it from Mercado Pago), so it is applied as it is; what
 * is decided here is only which order it belongs to, and the fact carries that decision to the log, so that a replay
 * never decides again:
 * <ul>
 * <li>a payment the model already has in an order stays in that order;</li>
 * <li>else the order of its {@code external_reference}: a Mercado Libre order's payments carry its id there, and so
 * join it; a marketplace's checkout, API or Point payments share the marketplace's own reference, and so make one
 * order with several payments;</li>
 * <li>a payment without one belongs to no order the marketplace made: it is left out ({@code no_reference});</li>
 * <li>a refund joins the order of its payment; a refund of a payment the model does not have is left out
 * ({@code unknown_payment}).</li>
 * </ul>
 */
@ApplicationScoped
public class PaymentFacts {

    private static final Logger LOG = Logger.getLogger(PaymentFacts.class);

    /** Outcomes of an event the model leaves out. */
    public static final String NO_REFERENCE = "no_reference";
    public static final String UNKNOWN_PAYMENT = "unknown_payment";

    private final OrderRepository orders;
    private final OrderProjection projection;

    public PaymentFacts(OrderRepository orders, OrderProjection projection) {
        this.orders = orders;
        this.projection = projection;
    }

    /** payment-service's {@code payment.status-changed}. */
    public Uni<String> statusChanged(String eventId, OffsetDateTime eventTime, PaymentStatusChanged payment) {
        OffsetDateTime observedAt = payment.observedAt() != null ? payment.observedAt() : eventTime;
        return referenceOf(payment.sellerId(), payment.mercadopagoPaymentId(), payment.externalReference())
                .chain(reference -> reference == null
                        ? left(eventId, NO_REFERENCE)
                        : projection.apply(OrderFact.paymentStatus(eventId, reference, payment, observedAt),
                                OrderProjection.Mode.LIVE, true));
    }

    /** payment-service's {@code payment.refunded}. */
    public Uni<String> refunded(String eventId, OffsetDateTime eventTime, PaymentRefunded refund) {
        return referenceOf(refund.sellerId(), refund.mercadopagoPaymentId(), null)
                .chain(reference -> reference == null
                        ? left(eventId, UNKNOWN_PAYMENT)
                        : projection.apply(OrderFact.paymentRefund(eventId, reference, refund, eventTime),
                                OrderProjection.Mode.LIVE, true));
    }

    /** point-service's finished intent. */
    public Uni<String> intentFinished(String eventId, OffsetDateTime eventTime, IntentFact intent) {
        return referenceOf(intent.sellerId(), intent.mercadopagoPaymentId(), intent.externalReference())
                .chain(reference -> reference == null
                        ? left(eventId, NO_REFERENCE)
                        : projection.apply(OrderFact.pointIntent(eventId, reference,
                                intent, eventTime), OrderProjection.Mode.LIVE, true));
    }

    private Uni<String> referenceOf(long sellerId, Long mercadopagoPaymentId, String externalReference) {
        Uni<Optional<String>> known = mercadopagoPaymentId == null
                ? Uni.createFrom().item(Optional.empty())
                : orders.referenceOfPayment(sellerId, mercadopagoPaymentId);
        return known.map(reference -> reference.orElse(externalReference == null || externalReference.isBlank()
                ? null
                : externalReference));
    }

    private static Uni<String> left(String eventId, String outcome) {
        LOG.debugf("event %s left out of the model: %s", eventId, outcome);
        return Uni.createFrom().item(outcome);
    }
}
