package dev.mpmarketplace.sandbox.mercadopago.point;

/**
 * A state change the rules refuse (a payment intent processed before it was fetched, an order refunded before it was
 * processed...). The API and the device simulator answer it as a 409 in their own envelope.
 */
public final class IllegalTransition extends RuntimeException {
    private static final long serialVersionUID = 1L;

    IllegalTransition(String message) {
        super(message, null, false, false);
    }
}
