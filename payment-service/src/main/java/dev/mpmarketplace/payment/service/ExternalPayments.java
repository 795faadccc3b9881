package dev.mpmarketplace.payment.service;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.payment.Payment;

/**
 * What happens when the platform first hears of a payment made elsewhere (a checkout page of one of the platform's
 * preferences, another integration of the seller's): called inside the transaction that records it, after its first
 * answer was applied. The preference part links a checkout payment to its preference here (by
 * {@link Payment#externalReference}, which the platform set on the preference, into {@link Payment#preferenceId}).
 * A service without that part keeps the default, which does nothing.
 */
public interface ExternalPayments {

    /** In the caller's transaction. */
    Uni<Void> discovered(Payment payment);
}
