package dev.mpmarketplace.payment.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.payment.Payment;

/** The default {@link ExternalPayments}: a payment made elsewhere is recorded as it is, linked to nothing. */
@DefaultBean
@ApplicationScoped
public class NoExternalPaymentLinks implements ExternalPayments {

    @Override
    public Uni<Void> discovered(Payment payment) {
        return Uni.createFrom().voidItem();
    }
}
