package dev.mpmarketplace.sandbox.mercadopago.payments;

import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * Told when a payment is created or changes (status, capture, refund), under the state lock, in the same write: the
 * resources that show payments (merchant orders, Mercado Libre orders) follow them. Registered on the
 * {@link dev.mpmarketplace.sandbox.mercadopago.SandboxContext} by the modules that need it.
 */
@FunctionalInterface
public interface PaymentWatcher {

    /**
     * @param created whether the payment was just created (else it changed)
     */
    void paymentChanged(SandboxState state, Payment payment, boolean created);
}
