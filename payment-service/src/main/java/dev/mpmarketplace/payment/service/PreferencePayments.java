package dev.mpmarketplace.payment.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.payment.Payment;

/**
 * Links a payment made on the checkout page of one of the platform's preferences to that preference: the page puts
 * the preference's {@code external_reference} (our preference id) on the payment, and a payment first heard of
 * (notification or sweep) whose external reference is a preference of the same seller gets
 * {@link Payment#preferenceId}, in the transaction that records it.
 */
@ApplicationScoped
public class PreferencePayments implements ExternalPayments {

    private static final Logger LOG = Logger.getLogger(PreferencePayments.class);

    private static final String OURS = "SELECT count(*) FROM preference WHERE id = :id AND seller_id = :sellerId";

    @Override
    public Uni<Void> discovered(Payment payment) {
        UUID preferenceId = uuid(payment.externalReference);
        if (preferenceId == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(OURS)
                .setParameter("id", preferenceId).setParameter("sellerId", payment.sellerId).getSingleResult())
                .invoke(count -> {
                    if (((Number) count).longValue() > 0) {
                        payment.preferenceId = preferenceId.toString();
                        LOG.infof("payment %s: paid on the checkout page of preference %s", payment.id, preferenceId);
                    }
                }).replaceWithVoid();
    }

    private static UUID uuid(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
