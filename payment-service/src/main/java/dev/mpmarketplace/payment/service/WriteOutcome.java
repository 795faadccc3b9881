package dev.mpmarketplace.payment.service;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;

/** What a failed write to Mercado Pago (create, capture, cancel, refund) means for the platform. */
enum WriteOutcome {

    /** It may have taken effect: record it as unknown and ask Mercado Pago (never a second effect). */
    UNKNOWN,
    /** It certainly took no effect (rate limited after the retries, no connection): forget the attempt. */
    NOT_TAKEN,
    /** Mercado Pago refused it (a 4xx): keep the refusal, answer it again to the same request. */
    REFUSED;

    static WriteOutcome of(MercadoPagoException failure) {
        if (failure.outcomeUnknown() || failure.kind() == MercadoPagoException.Kind.INVALID_RESPONSE) {
            // An answer we cannot read came with a 2xx: Mercado Pago may well have done it.
            return UNKNOWN;
        }
        if (failure.retryable() || failure.status() == 0) {
            return NOT_TAKEN;
        }
        return REFUSED;
    }
}
