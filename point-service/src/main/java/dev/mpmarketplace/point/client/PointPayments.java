package dev.mpmarketplace.point.client;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.RetryAfterBackoff;
import dev.mpmarketplace.mercadopago.client.RetryableFailure;
import dev.mpmarketplace.mercadopago.client.point.MercadoPagoPointPaymentsApi;
import dev.mpmarketplace.mercadopago.client.point.PointPayment;
import dev.mpmarketplace.point.Intent;

/**
 * Looks up the {@code /v1/payments} payment a device made, and says what it means for a payment intent: the one way
 * an intent that ended without a result ({@code CONFIRMATION_REQUIRED}) is settled, and how a finished one is told
 * paid from declined.
 */
@ApplicationScoped
public class PointPayments {

    private static final String OPERATION = "GET /v1/payments/{id}";

    private final MercadoPagoPointPaymentsApi payments;
    private final MercadoPagoClientConfig config;

    public PointPayments(@RestClient MercadoPagoPointPaymentsApi payments, MercadoPagoClientConfig config) {
        this.payments = payments;
        this.config = config;
    }

    @Retry(maxRetries = 2, delay = 250)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<PointPayment> lookUp(String token, long paymentId) {
        return MercadoPagoErrors.bounded(payments.payment("Bearer " + token, paymentId), OPERATION, config.timeout());
    }

    /**
     * The state a payment intent settles in for its payment's status: {@code approved} paid ({@code FINISHED});
     * {@code rejected}, {@code cancelled}, or {@code refunded} / {@code charged_back} at once (an EMV reversal) no money
     * ({@code REJECTED}); anything else ({@code in_process}, {@code pending}, ...) not decided yet
     * ({@code CONFIRMATION_REQUIRED}: asked again later).
     */
    public static PointIntentState settled(String paymentStatus) {
        if (paymentStatus == null) {
            return PointIntentState.CONFIRMATION_REQUIRED;
        }
        return switch (paymentStatus) {
            case PointPayment.APPROVED -> PointIntentState.FINISHED;
            case PointPayment.REJECTED, PointPayment.CANCELLED, PointPayment.REFUNDED, PointPayment.CHARGED_BACK ->
                PointIntentState.REJECTED;
            default -> PointIntentState.CONFIRMATION_REQUIRED;
        };
    }

    /**
     * A refund whose creation had no answer, settled through its payment: {@code FINISHED} when the payment is
     * {@code refunded}, empty otherwise (nothing found yet).
     */
    public Uni<Optional<TerminalState>> refundSettled(String token, Intent refund) {
        if (refund.paymentId == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return lookUp(token, refund.paymentId).map(payment -> PointPayment.REFUNDED.equals(payment.status())
                ? Optional.of(new TerminalState(PointIntentKind.REFUND, null, PointIntentState.FINISHED,
                        "payment refunded", payment.id(), payment.status(), null, null))
                : Optional.empty());
    }
}
