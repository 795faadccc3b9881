package dev.mpmarketplace.payment.client;

import java.math.BigDecimal;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayment;
import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayments;
import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoRefund;
import dev.mpmarketplace.mercadopago.client.payments.PaymentSearch;
import dev.mpmarketplace.mercadopago.client.payments.PaymentSearchPage;
import dev.mpmarketplace.support.context.CallerContext;

/**
 * The service's way to libs/mercadopago-client's {@link MercadoPagoPayments}: the same calls (timeouts, failure
 * classification, retries only without effect), each answer delivered back on the calling Vert.x context, since the
 * use cases continue with Hibernate Reactive and a fault-tolerance timer or retry may complete a call elsewhere.
 */
@ApplicationScoped
public class PaymentsAtMercadoPago {

    private final MercadoPagoPayments payments;

    public PaymentsAtMercadoPago(MercadoPagoPayments payments) {
        this.payments = payments;
    }

    public Uni<MercadoPagoPayment> create(String accessToken, String idempotencyKey, String body) {
        return CallerContext.resume(payments.create(accessToken, idempotencyKey, body));
    }

    public Uni<MercadoPagoPayment> get(String accessToken, long paymentId) {
        return CallerContext.resume(payments.get(accessToken, paymentId));
    }

    public Uni<PaymentSearchPage> search(String accessToken, PaymentSearch query) {
        return CallerContext.resume(payments.search(accessToken, query));
    }

    public Uni<MercadoPagoPayment> capture(String accessToken, long paymentId, BigDecimal amount) {
        return CallerContext.resume(payments.capture(accessToken, paymentId, amount));
    }

    public Uni<MercadoPagoPayment> cancel(String accessToken, long paymentId) {
        return CallerContext.resume(payments.cancel(accessToken, paymentId));
    }

    public Uni<MercadoPagoRefund> refund(String accessToken, String idempotencyKey, long paymentId,
            BigDecimal amount) {
        return CallerContext.resume(payments.refund(accessToken, idempotencyKey, paymentId, amount));
    }
}
